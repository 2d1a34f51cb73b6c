package io.jenkins.plugins.registrygate.config;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.security.ACL;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The credentials the controller itself uses for what no build owns (the SQS queue of registry events): looked up in
 * Jenkins' global store as Jenkins (System-scoped credentials included, since no build uses them).
 */
final class ControllerCredentials implements CredentialsLookup {

    @Override
    public Optional<AwsCredentialsProvider> find(String credentialsId) {
        return Optional.ofNullable(CredentialsProvider.findCredentialByIdInItemGroup(credentialsId,
                AmazonWebServicesCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()));
    }
}
