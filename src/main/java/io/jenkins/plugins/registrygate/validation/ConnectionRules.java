package io.jenkins.plugins.registrygate.validation;

import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.UrlUserInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for the connection parameters shared by every step and the global configuration. */
public final class ConnectionRules {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private ConnectionRules() {}

    public static Optional<String> regionProblem(String region) {
        return region.isEmpty() || REGION.matcher(region).matches() ? Optional.empty()
                : Optional.of("must be an AWS region code such as eu-west-1");
    }

    public static Optional<String> endpointProblem(String url) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(url);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                return Optional.of("must be an http:// or https:// URL with a host");
            }
            if (u.getUserInfo() != null) {
                return Optional.of("must not carry credentials (user:password@); use credentialsId");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            // Not getMessage(): it quotes the whole input, credentials included.
            return Optional.of("must be a URL: " + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    public static Optional<String> roleArnProblem(String arn) {
        return arn.isEmpty() || ROLE_ARN.matcher(arn).matches() ? Optional.empty()
                : Optional.of("must be an IAM role ARN such as arn:aws:iam::123456789012:role/deployer");
    }

    /** Checks the connection parameters a step was given. */
    public static void check(ParameterRules rules, ConnectionSettings given, String rawEndpoint, String rawRoleArn, String rawExternalId) {
        given.region().flatMap(ConnectionRules::regionProblem).ifPresent(p -> rules.check(false, "region", given.region().get(), p));
        // Never echo a credential someone put in the URL.
        String shown = UrlUserInfo.masked(rawEndpoint);
        endpointProblem(rawEndpoint).ifPresent(p -> rules.check(false, "endpointUrl", shown, p));
        roleArnProblem(rawRoleArn).ifPresent(p -> rules.check(false, "roleArn", rawRoleArn, p));
        rules.check(rawExternalId.isEmpty() || EXTERNAL_ID.matcher(rawExternalId).matches(), "externalId", "",
                "must be 2 to 1224 characters of letters, digits and + = , . @ : / -");
        rules.check(rawExternalId.isEmpty() || !rawRoleArn.isEmpty(), "externalId", "", "only applies together with roleArn");
    }
}
