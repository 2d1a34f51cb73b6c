package io.jenkins.plugins.registrygate.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Job;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.config.RegistryGateConfiguration;
import io.jenkins.plugins.registrygate.events.TriggerLedger;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.steps.RegistryStep;
import io.jenkins.plugins.registrygate.validation.ConnectionRules;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.io.File;
import java.io.ObjectStreamException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Starts a build when a version of a model package group reaches a status in the SageMaker Model Registry, as a
 * registry event reports and Jenkins then reads ({@code DescribeModelPackage}): {@code triggers {
 * modelPackageApproved(group: 'churn-model') }} in Declarative, {@code pipelineTriggers([modelPackageApproved(…)])}
 * in Scripted, the job's <i>Build Triggers</i> in freestyle, {@code triggers { modelPackageApproved { … } }} in
 * Job DSL. The build gets the exact version in its cause and environment ({@link ModelPackageAction}). One build per
 * version and status per job, whatever the number of events; none for a version that is no longer in the status when
 * read, nor for one already in the status when the trigger was first set up.
 *
 * <p>The registry is read with the trigger's own connection ({@code region}, {@code endpointUrl},
 * {@code credentialsId}, {@code roleArn}, {@code externalId}, each over the global default, as for the steps) and the
 * credentials the job's builds could use.
 */
public final class ModelPackageApprovedTrigger extends Trigger<Job<?, ?>> {

    static final String NAME = "modelPackageApproved";
    static final List<String> STATUSES = List.of("Approved", "Rejected", "PendingManualApproval");
    /** One ledger per job directory, shared by the trigger instances a reconfiguration replaces. */
    private static final Map<Path, TriggerLedger> LEDGERS = new ConcurrentHashMap<>();

    private final String group;
    private String status = "Approved";
    private String region = "";
    private String endpointUrl = "";
    private String credentialsId = "";
    private String roleArn = "";
    private String externalId = "";
    private transient JobTarget target;

    /** @param group the model package group whose versions start builds */
    @DataBoundConstructor
    public ModelPackageApprovedTrigger(String group) {
        String g = clean(group);
        ParameterRules rules = new ParameterRules(NAME);
        rules.groupName("group", g);
        rules.throwIfAny();
        this.group = g;
    }

    public String getGroup() { return group; }
    public String getStatus() { return status; }
    public String getRegion() { return region; }
    public String getEndpointUrl() { return endpointUrl; }
    public String getCredentialsId() { return credentialsId; }
    public String getRoleArn() { return roleArn; }
    public String getExternalId() { return externalId; }

    /** The approval status a version must reach: Approved (the default), Rejected or PendingManualApproval. */
    @DataBoundSetter
    public void setStatus(String status) {
        String s = clean(status);
        String canonical = STATUSES.stream().filter(x -> x.equalsIgnoreCase(s)).findFirst().orElse(null);
        new ParameterRules(NAME).check(canonical != null, "status", s, "must be one of " + String.join(", ", STATUSES)).throwIfAny();
        this.status = canonical;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        String r = clean(region);
        ParameterRules rules = new ParameterRules(NAME);
        ConnectionRules.regionProblem(r).ifPresent(p -> rules.check(false, "region", r, p));
        rules.throwIfAny();
        this.region = r;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        String u = clean(endpointUrl);
        ParameterRules rules = new ParameterRules(NAME);
        ConnectionRules.endpointProblem(u).ifPresent(p -> rules.check(false, "endpointUrl", u.replaceFirst("^([a-zA-Z]+://)[^/@]*@", "$1***@"), p));
        rules.throwIfAny();
        this.endpointUrl = u;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = clean(credentialsId); }

    @DataBoundSetter
    public void setRoleArn(String roleArn) {
        String r = clean(roleArn);
        ParameterRules rules = new ParameterRules(NAME);
        ConnectionRules.roleArnProblem(r).ifPresent(p -> rules.check(false, "roleArn", r, p));
        rules.throwIfAny();
        this.roleArn = r;
    }

    @DataBoundSetter
    public void setExternalId(String externalId) { this.externalId = clean(externalId); }

    /** This trigger's connection parameters over the global defaults, as at each registry read. */
    ConnectionSettings connection() {
        ConnectionSettings given = new ConnectionSettings(region, endpointUrl, credentialsId, roleArn, externalId);
        ParameterRules rules = new ParameterRules(NAME);
        ConnectionRules.check(rules, given, endpointUrl, roleArn, externalId);
        rules.throwIfAny();
        return given.orElse(RegistryGateConfiguration.connectionDefaults());
    }

    @Override
    public void start(Job<?, ?> project, boolean newInstance) {
        super.start(project, newInstance);
        RegistryGateRuntime runtime = RegistryGateRuntime.get();
        JobTarget t = new JobTarget(project, group, status, this::connection, runtime.clients(), ledgerOf(project),
                JobTarget.JENKINS, JobTarget.JOB_CREDENTIALS);
        synchronized (this) {
            stopTarget();
            target = t;
        }
        runtime.triggers().register(t);
    }

    @Override
    public void stop() {
        synchronized (this) {
            stopTarget();
        }
    }

    private void stopTarget() {
        if (target != null) {
            RegistryGateRuntime.get().triggers().unregister(target);
            target = null;
        }
    }

    /** A job configuration written without some of the fields (XStream leaves them null): their defaults. */
    @Override
    protected Object readResolve() throws ObjectStreamException {
        status = status == null ? "Approved" : status;
        region = clean(region);
        endpointUrl = clean(endpointUrl);
        credentialsId = clean(credentialsId);
        roleArn = clean(roleArn);
        externalId = clean(externalId);
        return super.readResolve();
    }

    private static TriggerLedger ledgerOf(Job<?, ?> job) {
        File dir = job.getRootDir();
        Path file = dir.toPath().resolve(TriggerLedger.FILE_NAME).toAbsolutePath();
        return LEDGERS.computeIfAbsent(file, f -> TriggerLedger.load(f, Clock.systemUTC()));
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    @Extension
    @Symbol(NAME)
    public static final class DescriptorImpl extends TriggerDescriptor {

        @Override
        public boolean isApplicable(Item item) {
            return item instanceof Job;
        }

        @Override
        public String getDisplayName() {
            return "When a model package version reaches a status in the SageMaker Model Registry";
        }

        public ListBoxModel doFillStatusItems() {
            ListBoxModel m = new ListBoxModel();
            STATUSES.forEach(m::add);
            return m;
        }

        @POST
        public FormValidation doCheckGroup(@AncestorInPath Item item, @QueryParameter String value) {
            if (item != null) {
                item.checkPermission(Item.CONFIGURE);
            }
            String g = clean(value);
            if (g.isEmpty()) {
                return FormValidation.error("Required: the model package group whose versions start builds.");
            }
            return ParameterRules.ENTITY_NAME.matcher(g).matches() && g.length() <= 63 ? FormValidation.ok()
                    : FormValidation.error("Group names " + ParameterRules.ENTITY_NAME_RULE + ".");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId) {
            return RegistryStep.credentialsIdChoice(item, credentialsId);
        }
    }
}
