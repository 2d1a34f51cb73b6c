package io.jenkins.plugins.registrygate.registry;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Resolves a Jenkins credentials id to an AWS credentials provider, in the context of the build that asks. */
@FunctionalInterface
public interface CredentialsLookup {

    /** For builds and tests that name no credentials id. */
    CredentialsLookup NONE = id -> Optional.empty();

    Optional<AwsCredentialsProvider> find(String credentialsId);
}
