package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.NameWith;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

@NameWith(value = AmazonWebServicesCredentials.NameProvider.class, priority = 1)
public interface AmazonWebServicesCredentials
        extends StandardCredentials, AwsCredentialsProvider, AWSCredentialsProvider {
    long serialVersionUID = -8931505925778535681L;

    String getDisplayName();

    AwsCredentials resolveCredentials(String mfaToken);

    @Deprecated
    AWSCredentials getCredentials(String mfaToken);

    public static class NameProvider extends CredentialsNameProvider<AmazonWebServicesCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull AmazonWebServicesCredentials c) {
            String description = Util.fixEmptyAndTrim(c.getDescription());
            return c.getDisplayName() + (description != null ? " (" + description + ")" : "");
        }
    }
}
