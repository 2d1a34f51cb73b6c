package com.amazonaws.auth;

/** Placeholder for the AWS SDK for Java v1 interface (SDK v1 is not on this build's classpath). */
public interface AWSCredentialsProvider {
    AWSCredentials getCredentials();

    void refresh();
}
