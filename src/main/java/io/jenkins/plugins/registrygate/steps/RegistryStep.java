package io.jenkins.plugins.registrygate.steps;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.config.RegistryGateConfiguration;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.validation.ConnectionRules;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * What every registry step shares: how to reach SageMaker. Each value overrides the global configuration
 * (Manage Jenkins » System » Model Registry Gate), which overrides the AWS SDK default chains.
 */
public abstract class RegistryStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private String region = "";
    private String endpointUrl = "";
    private String credentialsId = "";
    private String roleArn = "";
    private String externalId = "";

    public String getRegion() { return region; }
    public String getEndpointUrl() { return endpointUrl; }
    public String getCredentialsId() { return credentialsId; }
    public String getRoleArn() { return roleArn; }
    public String getExternalId() { return externalId; }

    @DataBoundSetter
    public void setRegion(String region) { this.region = clean(region); }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) { this.endpointUrl = clean(endpointUrl); }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) { this.credentialsId = clean(credentialsId); }

    @DataBoundSetter
    public void setRoleArn(String roleArn) { this.roleArn = clean(roleArn); }

    @DataBoundSetter
    public void setExternalId(String externalId) { this.externalId = clean(externalId); }

    static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    static List<String> cleanList(List<String> l) {
        return l == null ? List.of() : l.stream().map(RegistryStep::clean).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * This step's connection parameters, checked, over the global defaults, and checked against the administrator's
     * rules in force in {@code runtime} (controller credentials, allowed roles and endpoints), all before any
     * credential is looked up, any client built or any AWS call made.
     */
    ConnectionSettings connection(ParameterRules rules, RegistryGateRuntime runtime) {
        ConnectionSettings given = new ConnectionSettings(region, endpointUrl, credentialsId, roleArn, externalId);
        ConnectionRules.check(rules, given, endpointUrl, roleArn, externalId);
        ConnectionSettings effective = given.orElse(RegistryGateConfiguration.connectionDefaults());
        for (ConnectionPolicy.Refusal r : runtime.clients().policy().refusals(effective)) {
            rules.check(false, r.parameter(), r.value(), r.rule());
        }
        return effective;
    }

    /**
     * Credentials as the build may see them: the credentials plugin checks the build's permission to use them; their
     * use is recorded against the build, and the build names its STS role session.
     */
    static CredentialsLookup credentialsFor(Run<?, ?> run) {
        return new BuildCredentials(run);
    }

    /**
     * The Snippet Generator's choice of {@code credentialsId}: the AWS credentials a build of {@code item} would see,
     * looked up as that build runs. Only to users who may configure the item (or use its credentials); anyone else
     * sees the current value alone, so credential ids do not leak to readers. Shared by every step's descriptor.
     */
    static ListBoxModel credentialsIdItems(@CheckForNull Item item, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        boolean permitted = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
        if (!permitted) {
            result.includeCurrentValue(credentialsId);
            return result;
        }
        Authentication as = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        result.includeEmptyValue();
        // System-scoped credentials are for Jenkins itself; builds cannot use them.
        var usableByBuilds = CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
        if (item == null) {
            result.includeMatchingAs(as, Jenkins.get(), AmazonWebServicesCredentials.class, List.of(), usableByBuilds);
        } else {
            result.includeMatchingAs(as, item, AmazonWebServicesCredentials.class, List.of(), usableByBuilds);
        }
        result.includeCurrentValue(credentialsId);
        return result;
    }

    /** The same choice for forms outside the steps (the {@code modelPackageApproved} trigger). */
    public static ListBoxModel credentialsIdChoice(@CheckForNull Item item, String credentialsId) {
        return credentialsIdItems(item, credentialsId);
    }

    /** The runtime the context supplies (tests) or the plugin-wide one. */
    static RegistryGateRuntime runtime(StepContext context) throws IOException, InterruptedException {
        RegistryGateRuntime r = context.get(RegistryGateRuntime.class);
        return r != null ? r : RegistryGateRuntime.get();
    }
}
