package io.jenkins.plugins.registrygate.config;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.events.QueueConsumer;
import io.jenkins.plugins.registrygate.registry.AllowList;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.validation.ConnectionRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide defaults for reaching SageMaker (Manage Jenkins » System » Model Registry Gate, or JCasC
 * {@code unclassified: modelRegistryGate:}). Step parameters override each value; what neither sets falls to the
 * AWS SDK default chains, except the credentials: builds use the controller's own AWS identity only when the
 * administrator allows it ({@link #isAllowControllerCredentials()}). Optional allow-lists limit the roles and
 * endpoints Pipelines may name, and a rate limit caps the plugin's calls per connection. Registry events
 * (EventBridge, through the plugin's endpoint or an SQS queue) are configured here too: the endpoint's API key, the
 * freshness window, the watcher's polling while events arrive, and the queue. For {@code deployApproved}: the default
 * execution role, the metadata every deployed version must carry, and the gate checks a Jenkinsfile may waive.
 */
@Extension
@Symbol("modelRegistryGate")
public class RegistryGateConfiguration extends GlobalConfiguration {

    private String region = "";
    private String endpointUrl = "";
    private String credentialsId = "";
    private String roleArn = "";
    private String externalId = "";
    private boolean allowControllerCredentials;
    private boolean requireHumanApproval;
    private String allowedRoleArns = "";
    private String allowedEndpointUrls = "";
    private int apiCallsPerSecond = CallRate.DEFAULT.perSecond();
    private String executionRoleArn = "";
    private String requiredMetadata = String.join("\n", DeploymentParameters.DEFAULT_REQUIRED_METADATA);
    /** The value EventBridge's connection sends in the API key header; none: the events endpoint takes nothing. */
    private Secret eventsApiKey;
    private int eventsMaxAgeSeconds = (int) EventIntake.Settings.DEFAULT_MAX_AGE.toSeconds();
    private int eventsSafetyPollMinutes = (int) RegistryWatcher.PushCadence.DEFAULTS.safetyInterval().toMinutes();
    private int eventsSilenceMinutes = (int) RegistryWatcher.PushCadence.DEFAULTS.silence().toMinutes();
    private String eventsQueueUrl = "";
    /** Also the value of a configuration saved before the setting existed: XStream leaves the field as initialised. */
    private String waivableChecks = String.join("\n", WaivableChecks.DEFAULT.ids());
    /** The rules as the client cache asks for them at every request, parsed once; every setter clears it. */
    private transient volatile ConnectionPolicy policy;

    public RegistryGateConfiguration() {
        load();
    }

    /** The defaults in force: the saved configuration, or none when Jenkins is not running (offline tests, demo). */
    public static ConnectionSettings connectionDefaults() {
        if (Jenkins.getInstanceOrNull() == null) {
            return ConnectionSettings.DEFAULTS;
        }
        return ExtensionList.lookupSingleton(RegistryGateConfiguration.class).toSettings();
    }

    /** The administrator's rules in force: the saved configuration's, or the defaults when Jenkins is not running. */
    public static ConnectionPolicy connectionPolicy() {
        return current().map(RegistryGateConfiguration::toPolicy).orElse(ConnectionPolicy.DEFAULT);
    }

    /** The rate limit per connection and service in force. */
    public static CallRate callRate() {
        return current().map(RegistryGateConfiguration::toCallRate).orElse(CallRate.DEFAULT);
    }

    /**
     * What deployApproved takes from the administrator: the execution role when the step names none, the lineage every
     * version must carry, and the gate checks a Jenkinsfile may waive.
     */
    public static DeploymentParameters.Defaults deploymentDefaults() {
        return current().map(RegistryGateConfiguration::toDeploymentDefaults)
                .orElse(new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA, WaivableChecks.DEFAULT));
    }

    public DeploymentParameters.Defaults toDeploymentDefaults() {
        return new DeploymentParameters.Defaults(executionRoleArn == null ? "" : executionRoleArn,
                requiredMetadata == null ? DeploymentParameters.DEFAULT_REQUIRED_METADATA
                        : java.util.Arrays.stream(requiredMetadata.split("[\\r\\n,]+")).map(String::trim).filter(k -> !k.isEmpty()).toList(),
                waivableChecks == null ? WaivableChecks.DEFAULT : WaivableChecks.parse(waivableChecks), requireHumanApproval);
    }

    /** The events endpoint's API key and freshness window in force (off when Jenkins is not running). */
    public static EventIntake.Settings eventSettings() {
        return current().map(c -> new EventIntake.Settings(Secret.toString(c.eventsApiKey),
                Duration.ofSeconds(c.eventsMaxAgeSeconds))).orElse(EventIntake.Settings.DISABLED);
    }

    /** The watcher's polling while events arrive. */
    public static RegistryWatcher.PushCadence pushCadence() {
        return current().map(c -> new RegistryWatcher.PushCadence(Duration.ofMinutes(c.eventsSafetyPollMinutes),
                Duration.ofMinutes(c.eventsSilenceMinutes))).orElse(RegistryWatcher.PushCadence.DEFAULTS);
    }

    /**
     * The SQS queue of registry events, if one is configured, reached through the global connection (its region taken
     * from the queue URL when that is an AWS one) with the controller's credentials lookup, under the administrator's
     * rules like every client.
     */
    public static Optional<QueueConsumer.Target> eventQueueTarget() {
        return current().filter(c -> !c.eventsQueueUrl.isEmpty()).map(c -> {
            String url = c.eventsQueueUrl;
            ConnectionSettings global = c.toSettings();
            ConnectionSettings settings = QueueConsumer.regionOf(url)
                    .map(r -> new ConnectionSettings(r, c.endpointUrl, c.credentialsId, c.roleArn, c.externalId))
                    .orElse(global);
            return new QueueConsumer.Target(url, () -> RegistryGateRuntime.get().clients().sqs(settings, new ControllerCredentials()));
        });
    }

    private static Optional<RegistryGateConfiguration> current() {
        return Jenkins.getInstanceOrNull() == null ? Optional.empty()
                : Optional.of(ExtensionList.lookupSingleton(RegistryGateConfiguration.class));
    }

    public ConnectionSettings toSettings() {
        return new ConnectionSettings(region, endpointUrl, credentialsId, roleArn, externalId);
    }

    public ConnectionPolicy toPolicy() {
        ConnectionPolicy p = policy;
        return p != null ? p : parsePolicy();
    }

    // Under the lock save() takes, so a policy parsed from values a setter is changing is cleared by that save().
    private synchronized ConnectionPolicy parsePolicy() {
        if (policy == null) {
            policy = new ConnectionPolicy(allowControllerCredentials, AllowList.ofRoleArns(allowedRoleArns),
                    AllowList.ofEndpointUrls(allowedEndpointUrls), toSettings());
        }
        return policy;
    }

    /** Every setter saves: the rules parsed from the old values are dropped, and the queue consumer looks again. */
    @Override
    public synchronized void save() {
        policy = null;
        super.save();
        RegistryGateRuntime.running().flatMap(RegistryGateRuntime::eventQueue).ifPresent(QueueConsumer::reconfigured);
    }

    public CallRate toCallRate() {
        return new CallRate(apiCallsPerSecond);
    }

    public String getRegion() { return region; }
    public String getEndpointUrl() { return endpointUrl; }
    public String getCredentialsId() { return credentialsId; }
    public String getRoleArn() { return roleArn; }
    public String getExternalId() { return externalId; }
    public boolean isAllowControllerCredentials() { return allowControllerCredentials; }
    public boolean isRequireHumanApproval() { return requireHumanApproval; }
    public String getAllowedRoleArns() { return allowedRoleArns; }
    public String getAllowedEndpointUrls() { return allowedEndpointUrls; }
    public int getApiCallsPerSecond() { return apiCallsPerSecond; }
    public String getExecutionRoleArn() { return executionRoleArn; }
    public String getRequiredMetadata() { return requiredMetadata; }
    public Secret getEventsApiKey() { return eventsApiKey; }
    public int getEventsMaxAgeSeconds() { return eventsMaxAgeSeconds; }
    public int getEventsSafetyPollMinutes() { return eventsSafetyPollMinutes; }
    public int getEventsSilenceMinutes() { return eventsSilenceMinutes; }
    public String getEventsQueueUrl() { return eventsQueueUrl; }

    /** The API key EventBridge's connection sends in the {@code X-Model-Registry-Gate-Key} header; empty turns the endpoint off. */
    @DataBoundSetter
    public void setEventsApiKey(Secret key) {
        this.eventsApiKey = key == null || key.getPlainText().isEmpty() ? null : key;
        save();
    }

    /** Events older than this (seconds, 60 to 86400) are refused by the endpoint. */
    @DataBoundSetter
    public void setEventsMaxAgeSeconds(int seconds) {
        this.eventsMaxAgeSeconds = EventSettingRules.inRange("eventsMaxAgeSeconds", seconds, 60, 86_400);
        save();
    }

    /** While events arrive, each group is polled only this often (minutes, 1 to 1440). */
    @DataBoundSetter
    public void setEventsSafetyPollMinutes(int minutes) {
        this.eventsSafetyPollMinutes = EventSettingRules.inRange("eventsSafetyPollMinutes", minutes, 1, 1440);
        save();
    }

    /** With no event or heartbeat for this long (minutes, 2 to 1440), polling returns to its normal cadence. */
    @DataBoundSetter
    public void setEventsSilenceMinutes(int minutes) {
        this.eventsSilenceMinutes = EventSettingRules.inRange("eventsSilenceMinutes", minutes, 2, 1440);
        save();
    }

    /** The SQS queue an EventBridge rule sends registry events to; empty: no queue is consumed. */
    @DataBoundSetter
    public void setEventsQueueUrl(String url) {
        String u = trim(url);
        EventSettingRules.queueUrlProblem(u).ifPresent(p -> {
            throw new IllegalArgumentException("eventsQueueUrl '" + u + "': " + p);
        });
        this.eventsQueueUrl = u;
        save();
    }

    /** The status line of the configuration page: last event, events in the last hour, fallbacks to polling. */
    public String getEventsStatus() {
        return RegistryGateRuntime.get().events().status().summary(Instant.now());
    }

    /** Where the EventBridge API destination sends events (needs Jenkins' root URL). */
    public String getEventsEndpointUrl() {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "<Jenkins URL>/" : root) + io.jenkins.plugins.registrygate.actions.RegistryEventsEndpoint.URL_NAME + "/";
    }
    public String getWaivableChecks() { return waivableChecks; }

    /** The IAM role SageMaker runs deployed models as, when deployApproved names none. */
    @DataBoundSetter
    public void setExecutionRoleArn(String roleArn) { this.executionRoleArn = trim(roleArn); save(); }

    /** Customer-metadata keys every deployed version must carry, one per line, when deployApproved names none. */
    @DataBoundSetter
    public void setRequiredMetadata(String keys) { this.requiredMetadata = lines(keys); save(); }

    /**
     * The gate checks a Jenkinsfile may waive in deployApproved, one id per line; empty: none. A name that is no check,
     * or a check that can never be waived, is refused rather than silently dropped: the administrator would believe it
     * in force.
     */
    @DataBoundSetter
    public void setWaivableChecks(String checks) {
        List<String> problems = WaivableChecks.problems(checks);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Gate checks pipelines may waive: " + String.join("; ", problems));
        }
        this.waivableChecks = lines(checks);
        save();
    }

    @DataBoundSetter
    public void setRegion(String region) { this.region = trim(region); save(); }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) { this.endpointUrl = trim(endpointUrl); save(); }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = trim(credentialsId); save(); }

    @DataBoundSetter
    public void setRoleArn(String roleArn) { this.roleArn = trim(roleArn); save(); }

    @DataBoundSetter
    public void setExternalId(String externalId) { this.externalId = trim(externalId); save(); }

    /** Off by default: builds that name no credentials id anywhere are refused rather than acting as the controller. */
    @DataBoundSetter
    public void setAllowControllerCredentials(boolean allow) { this.allowControllerCredentials = allow; save(); }

    /**
     * Off by default: a version approved by {@code approveIf} rules may be deployed. On: deployApproved's separation of
     * duties also requires that a person approved, since a Jenkinsfile writes both the rules and the metrics they test.
     */
    @DataBoundSetter
    public void setRequireHumanApproval(boolean require) { this.requireHumanApproval = require; save(); }

    /** One role ARN pattern per line ({@code *} wildcards); empty: any role. */
    @DataBoundSetter
    public void setAllowedRoleArns(String patterns) { this.allowedRoleArns = lines(patterns); save(); }

    /** One endpoint URL pattern per line ({@code *} wildcards, never across {@code / ? # @}); empty: any endpoint. */
    @DataBoundSetter
    public void setAllowedEndpointUrls(String patterns) { this.allowedEndpointUrls = lines(patterns); save(); }

    /** Calls per second per connection and AWS service; 0 turns the limit off. */
    @DataBoundSetter
    public void setApiCallsPerSecond(int perSecond) {
        this.apiCallsPerSecond = new CallRate(perSecond).perSecond();
        save();
    }

    private static String lines(String s) {
        return s == null ? "" : s.strip().replace("\r\n", "\n");
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return result.includeCurrentValue(credentialsId);
        }
        // System-scoped credentials are invisible to builds, so they are not offered for builds to use.
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), AmazonWebServicesCredentials.class, List.of(),
                        CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM)))
                .includeCurrentValue(credentialsId);
    }

    @POST
    public FormValidation doCheckRegion(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConnectionRules.regionProblem(trim(value)).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConnectionRules.endpointProblem(trim(value)).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckExternalId(@QueryParameter String value, @QueryParameter String roleArn) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return trim(value).isEmpty() || !trim(roleArn).isEmpty() ? FormValidation.ok()
                : FormValidation.warning("The external id is used only together with a role to assume.");
    }

    @POST
    public FormValidation doCheckRoleArn(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConnectionRules.roleArnProblem(trim(value)).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckAllowedRoleArns(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return patternsProblem(value, AllowList::roleArnPatternProblem);
    }

    @POST
    public FormValidation doCheckAllowedEndpointUrls(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return patternsProblem(value, AllowList::endpointUrlPatternProblem);
    }

    @POST
    public FormValidation doCheckApiCallsPerSecond(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            CallRate rate = new CallRate(Integer.parseInt(trim(value)));
            return rate.isLimited() ? FormValidation.ok()
                    : FormValidation.warning("0 turns the limit off: a resume of many waiting builds may exhaust the account's API rate limits.");
        } catch (IllegalArgumentException e) {
            return FormValidation.error("Must be a whole number from 0 (no limit) to " + CallRate.MAX + ".");
        }
    }

    @POST
    public FormValidation doCheckEventsMaxAgeSeconds(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return EventSettingRules.rangeProblem(value, 60, 86_400).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckEventsSafetyPollMinutes(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return EventSettingRules.rangeProblem(value, 1, 1440).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckEventsSilenceMinutes(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return EventSettingRules.rangeProblem(value, 2, 1440).map(FormValidation::error)
                .orElseGet(() -> EventSettingRules.silenceWarning(value).map(FormValidation::warning).orElse(FormValidation.ok()));
    }

    @POST
    public FormValidation doCheckEventsQueueUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return EventSettingRules.queueUrlProblem(trim(value)).map(FormValidation::error).orElse(FormValidation.ok());
    }

    @POST
    public FormValidation doCheckWaivableChecks(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return waivableChecksProblem(value);
    }

    /** The form's verdict on a list of waivable checks: errors for what is refused, a warning for separation of duties. */
    static FormValidation waivableChecksProblem(String value) {
        List<String> problems = WaivableChecks.problems(value);
        if (!problems.isEmpty()) {
            return FormValidation.error(String.join("; ", problems));
        }
        return WaivableChecks.parse(value).permits(GateCheck.SEPARATION_OF_DUTIES)
                ? FormValidation.warning("Pipelines may then waive separationOfDuties (waive: or allowSelfDeploy: true): "
                        + "whoever approved a version may deploy it themselves, on record.")
                : FormValidation.ok();
    }

    private static FormValidation patternsProblem(String text, Function<String, Optional<String>> problem) {
        return AllowList.lines(text).stream().map(problem).flatMap(Optional::stream).findFirst()
                .map(FormValidation::error).orElse(FormValidation.ok());
    }
}
