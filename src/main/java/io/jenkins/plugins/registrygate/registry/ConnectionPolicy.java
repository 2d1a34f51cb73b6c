package io.jenkins.plugins.registrygate.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the administrator allows a connection to be: whether builds may fall back to the controller's own AWS
 * identity (the SDK default chain) when no {@code credentialsId} is set anywhere, and optional allow-lists of role
 * ARNs and endpoint URLs. Checked before any credential is looked up, any client built or any AWS call made.
 *
 * <p>The administrator's own defaults (the global configuration) are trusted: a role ARN or endpoint URL equal to
 * the configured default is allowed even when the list does not name it. The lists limit what Pipelines may choose,
 * not what the administrator chose.
 */
public final class ConnectionPolicy {

    /** The default: no controller credentials, any role and endpoint. */
    public static final ConnectionPolicy DEFAULT =
            new ConnectionPolicy(false, AllowList.ANY, AllowList.ANY, ConnectionSettings.DEFAULTS);

    /** Where the administrator changes these rules; named in every refusal. */
    public static final String WHERE = "Manage Jenkins » System » Model Registry Gate";

    /** One broken rule, by step parameter. */
    public record Refusal(String parameter, String value, String rule) {
        @Override
        public String toString() {
            return parameter + (value.isEmpty() ? "" : " '" + value + "'") + ": " + rule;
        }
    }

    private final boolean allowControllerCredentials;
    private final AllowList roleArns;
    private final AllowList endpointUrls;
    private final ConnectionSettings administratorDefaults;

    public ConnectionPolicy(boolean allowControllerCredentials, AllowList roleArns, AllowList endpointUrls,
                            ConnectionSettings administratorDefaults) {
        this.allowControllerCredentials = allowControllerCredentials;
        this.roleArns = Objects.requireNonNull(roleArns);
        this.endpointUrls = Objects.requireNonNull(endpointUrls);
        this.administratorDefaults = Objects.requireNonNull(administratorDefaults);
    }

    /**
     * Allows the controller's own credentials, any role and endpoints on this machine (the emulator): tests and the
     * demo. With controller credentials an empty list allows nothing a Pipeline chooses, so the lists are explicit.
     */
    public static ConnectionPolicy allowingControllerCredentials() {
        return new ConnectionPolicy(true, AllowList.ofRoleArns("arn:*"),
                AllowList.ofEndpointUrls("http://127.0.0.1:*\nhttp://localhost:*"), ConnectionSettings.DEFAULTS);
    }

    public boolean allowsControllerCredentials() {
        return allowControllerCredentials;
    }

    public AllowList roleArns() {
        return roleArns;
    }

    public AllowList endpointUrls() {
        return endpointUrls;
    }

    /** Every rule the effective connection (step parameters over the global defaults) breaks. */
    public List<Refusal> refusals(ConnectionSettings effective) {
        List<Refusal> out = new ArrayList<>();
        if (effective.credentialsId().isEmpty() && !allowControllerCredentials) {
            out.add(new Refusal("credentialsId", "", "is required: the administrator has not allowed builds to use the"
                    + " Jenkins controller's own AWS credentials. Name a Jenkins credential of kind 'AWS Credentials'"
                    + " (in the step, or as the default in " + WHERE + "), or ask an administrator to enable 'Allow the"
                    + " controller's own AWS credentials' there (JCasC: unclassified.modelRegistryGate.allowControllerCredentials: true)"));
        }
        // With the controller's own identity, a role or endpoint a Pipeline chose needs the administrator's explicit
        // list: an endpoint of the Pipeline's choosing would receive (and could replay) AssumeRole requests signed by
        // the controller, and a role would lend the controller's trust to any Jenkinsfile.
        boolean controllerIdentity = effective.credentialsId().isEmpty() && allowControllerCredentials;
        effective.roleArn().filter(r -> !r.equals(administratorDefaults.roleArn().orElse(null)))
                .ifPresent(r -> {
                    if (controllerIdentity && roleArns.isEmpty()) {
                        out.add(new Refusal("roleArn", r, "needs the administrator's list of allowed role ARNs when the"
                                + " controller's own AWS credentials are used, and that list is empty (" + WHERE
                                + " » Allowed role ARNs)"));
                    } else if (!roleArns.allows(r)) {
                        out.add(new Refusal("roleArn", r, "is not in the administrator's list of allowed role ARNs ("
                                + WHERE + " » Allowed role ARNs: " + roleArns + ")"));
                    }
                });
        effective.endpoint().map(Object::toString)
                .filter(e -> !e.equals(administratorDefaults.endpoint().map(Object::toString).orElse(null)))
                .ifPresent(e -> {
                    if (controllerIdentity && endpointUrls.isEmpty()) {
                        out.add(new Refusal("endpointUrl", UrlUserInfo.masked(e), "needs the administrator's list of allowed endpoint URLs"
                                + " when the controller's own AWS credentials are used, and that list is empty (" + WHERE
                                + " » Allowed endpoint URLs)"));
                    } else if (!endpointUrls.allows(e)) {
                        out.add(new Refusal("endpointUrl", UrlUserInfo.masked(e), "is not in the administrator's list of allowed endpoint URLs ("
                                + WHERE + " » Allowed endpoint URLs: " + endpointUrls + ")"));
                    }
                });
        return out;
    }

    /**
     * Throws unless the connection is allowed.
     *
     * @throws RegistryException a permanent one ({@link RegistryException#isRefusedByPolicy()}), naming each rule
     */
    public void check(ConnectionSettings effective) {
        List<Refusal> refusals = refusals(effective);
        if (!refusals.isEmpty()) {
            throw RegistryException.refusedByPolicy(refusals.stream().map(Refusal::toString).collect(Collectors.joining("; ")));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionPolicy p && p.allowControllerCredentials == allowControllerCredentials
                && p.roleArns.equals(roleArns) && p.endpointUrls.equals(endpointUrls)
                && p.administratorDefaults.equals(administratorDefaults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowControllerCredentials, roleArns, endpointUrls, administratorDefaults);
    }

    @Override
    public String toString() {
        return "controller credentials " + (allowControllerCredentials ? "allowed" : "not allowed")
                + ", roles " + roleArns + ", endpoints " + endpointUrls;
    }
}
