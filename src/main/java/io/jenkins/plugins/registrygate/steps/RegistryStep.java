package io.jenkins.plugins.registrygate.steps;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.config.RegistryGateConfiguration;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.validation.ConnectionRules;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.DataBoundSetter;

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

    /** This step's connection parameters, checked, over the global defaults. */
    ConnectionSettings connection(ParameterRules rules) {
        ConnectionSettings given = new ConnectionSettings(region, endpointUrl, credentialsId, roleArn, externalId);
        ConnectionRules.check(rules, given, endpointUrl, roleArn, externalId);
        return given.orElse(RegistryGateConfiguration.connectionDefaults());
    }

    /** Credentials as the build may see them: the credentials plugin checks the build's permission to use them. */
    static CredentialsLookup credentialsFor(Run<?, ?> run) {
        return id -> Optional.ofNullable(CredentialsProvider.findCredentialById(id, AmazonWebServicesCredentials.class, run, List.of()));
    }

    /** The runtime the context supplies (tests) or the plugin-wide one. */
    static RegistryGateRuntime runtime(StepContext context) throws IOException, InterruptedException {
        RegistryGateRuntime r = context.get(RegistryGateRuntime.class);
        return r != null ? r : RegistryGateRuntime.get();
    }
}
