package io.jenkins.plugins.registrygate.registry;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A credentials provider that knows what it stands for (a Jenkins credentials id, the controller's own identity, a
 * role) and turns every failure to load credentials into a {@link CredentialsLoadException} naming it. Without this,
 * "no credentials" reaches callers as an anonymous client error that looks like a network failure and would be
 * retried until the build's deadline.
 */
final class CredentialsSource implements AwsCredentialsProvider, SdkAutoCloseable {

    private final String description;
    private final boolean roleAssumption;
    private final AwsCredentialsProvider delegate;

    private CredentialsSource(String description, boolean roleAssumption, AwsCredentialsProvider delegate) {
        this.description = description;
        this.roleAssumption = roleAssumption;
        this.delegate = Objects.requireNonNull(delegate);
    }

    static CredentialsSource stored(String credentialsId, AwsCredentialsProvider delegate) {
        return new CredentialsSource("credentialsId '" + credentialsId + "'", false, delegate);
    }

    static CredentialsSource controller(AwsCredentialsProvider delegate) {
        return new CredentialsSource("the Jenkins controller's own AWS credentials, from the AWS SDK default chain", false, delegate);
    }

    static CredentialsSource role(String roleArn, String sessionName, AwsCredentialsProvider delegate) {
        return new CredentialsSource("role " + roleArn + " assumed as session " + sessionName, true, delegate);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (CredentialsLoadException e) {
            // Already named by the source underneath (the keys STS was asked with): keep that diagnosis.
            throw e;
        } catch (RuntimeException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof CredentialsLoadException inner) {
                    throw inner;
                }
            }
            throw new CredentialsLoadException(description, roleAssumption, e);
        }
    }

    @Override
    public void close() {
        if (delegate instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Best effort: a provider that fails to close holds no build state.
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
