package io.jenkins.plugins.registrygate.registry;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Resolves a Jenkins credentials id to an AWS credentials provider, in the context of the build that asks, and
 * names that build for STS ({@link #roleSessionName()}).
 */
@FunctionalInterface
public interface CredentialsLookup {

    /** For builds and tests that name no credentials id. */
    CredentialsLookup NONE = id -> Optional.empty();

    Optional<AwsCredentialsProvider> find(String credentialsId);

    /**
     * The STS role session name for calls made for the asking build ({@link RoleSessionName#forBuild}), so that
     * CloudTrail names the build; empty for calls that serve no single build, which use {@link RoleSessionName#PLUGIN}.
     */
    default Optional<String> roleSessionName() {
        return Optional.empty();
    }

    /** This lookup, naming its calls' role session {@code sessionName}. */
    default CredentialsLookup withRoleSessionName(String sessionName) {
        Objects.requireNonNull(sessionName);
        CredentialsLookup self = this;
        return new CredentialsLookup() {
            @Override
            public Optional<AwsCredentialsProvider> find(String credentialsId) {
                return self.find(credentialsId);
            }

            @Override
            public Optional<String> roleSessionName() {
                return Optional.of(sessionName);
            }
        };
    }

    /**
     * The credential {@code settings} name, resolved now, as a lookup that keeps no reference to this one (and so
     * none to the build behind it) and names no build: for long-lived callers that serve many builds, such as the
     * registry watcher.
     *
     * @throws RegistryException when no credential has the id
     */
    default CredentialsLookup detached(ConnectionSettings settings) {
        Optional<String> id = settings.credentialsId();
        Optional<AwsCredentialsProvider> resolved = id.map(i -> find(i).orElseThrow(() -> RegistryException.credentialsNotFound(i)));
        return asked -> id.filter(asked::equals).flatMap(i -> resolved);
    }
}
