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
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.validation.ConnectionRules;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide defaults for reaching SageMaker (Manage Jenkins » System » Model Registry Gate, or JCasC
 * {@code unclassified: modelRegistryGate:}). Step parameters override each value; what neither sets falls to the
 * AWS SDK default chains.
 */
@Extension
@Symbol("modelRegistryGate")
public class RegistryGateConfiguration extends GlobalConfiguration {

    private String region = "";
    private String endpointUrl = "";
    private String credentialsId = "";
    private String roleArn = "";
    private String externalId = "";

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

    public ConnectionSettings toSettings() {
        return new ConnectionSettings(region, endpointUrl, credentialsId, roleArn, externalId);
    }

    public String getRegion() { return region; }
    public String getEndpointUrl() { return endpointUrl; }
    public String getCredentialsId() { return credentialsId; }
    public String getRoleArn() { return roleArn; }
    public String getExternalId() { return externalId; }

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
}
