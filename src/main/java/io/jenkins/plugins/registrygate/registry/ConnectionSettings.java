package io.jenkins.plugins.registrygate.registry;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom to reach SageMaker: region, endpoint override, Jenkins credentials id, role to assume.
 *
 * <p>Empty strings mean "not set here"; {@link #orElse} layers step parameters over the global configuration,
 * and whatever is still unset falls through to the AWS SDK default chains. A plain immutable class rather than a
 * record because it is persisted with step executions, whose serializers do not support records.
 */
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing set: the SDK default chains decide everything. */
    public static final ConnectionSettings DEFAULTS = new ConnectionSettings("", "", "", "", "");

    private final String region;
    private final String endpointUrl;
    private final String credentialsId;
    private final String roleArn;
    private final String externalId;

    public ConnectionSettings(String region, String endpointUrl, String credentialsId, String roleArn, String externalId) {
        this.region = clean(region);
        this.endpointUrl = clean(endpointUrl);
        this.credentialsId = clean(credentialsId);
        this.roleArn = clean(roleArn);
        this.externalId = clean(externalId);
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    public Optional<String> region() {
        return nonEmpty(region);
    }

    public Optional<URI> endpoint() {
        return nonEmpty(endpointUrl).map(URI::create);
    }

    public Optional<String> credentialsId() {
        return nonEmpty(credentialsId);
    }

    public Optional<String> roleArn() {
        return nonEmpty(roleArn);
    }

    public Optional<String> externalId() {
        return nonEmpty(externalId);
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The same connection in another region (an ECR image in another region than the endpoint). */
    public ConnectionSettings withRegion(String otherRegion) {
        return new ConnectionSettings(otherRegion, endpointUrl, credentialsId, roleArn, externalId);
    }

    /** This object's values where set, the fallback's elsewhere. */
    public ConnectionSettings orElse(ConnectionSettings fallback) {
        return new ConnectionSettings(
                region.isEmpty() ? fallback.region : region,
                endpointUrl.isEmpty() ? fallback.endpointUrl : endpointUrl,
                credentialsId.isEmpty() ? fallback.credentialsId : credentialsId,
                // A role and its external id travel together: never pair one layer's role with another's id.
                roleArn.isEmpty() ? fallback.roleArn : roleArn,
                roleArn.isEmpty() ? fallback.externalId : externalId);
    }

    /** A log-safe description: names the credentials id and role, never a secret. */
    public String describe() {
        return "region=" + region().orElse("(SDK default)")
                + ", endpoint=" + (endpointUrl.isEmpty() ? "(AWS)" : UrlUserInfo.masked(endpointUrl))
                + ", credentials=" + credentialsId().orElse("(SDK default chain)")
                + roleArn().map(r -> ", role=" + r).orElse("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings c
                && region.equals(c.region)
                && endpointUrl.equals(c.endpointUrl)
                && credentialsId.equals(c.credentialsId)
                && roleArn.equals(c.roleArn)
                && externalId.equals(c.externalId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpointUrl, credentialsId, roleArn, externalId);
    }

    @Override
    public String toString() {
        return describe();
    }
}
