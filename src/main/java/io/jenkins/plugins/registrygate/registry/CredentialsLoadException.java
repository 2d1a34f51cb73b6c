package io.jenkins.plugins.registrygate.registry;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credentials for a call could not be loaded: the call was never sent. Says which credentials ({@link #source()},
 * log-safe: an id, "the controller's AWS credentials" or a role ARN, never a secret) and keeps what the credentials
 * source threw as the cause. An SDK exception so that it leaves the client like any failed call;
 * {@link RegistryException} classifies it.
 */
public final class CredentialsLoadException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final boolean roleAssumption;

    CredentialsLoadException(String source, boolean roleAssumption, Throwable cause) {
        super(SdkClientException.builder().message("could not load the AWS credentials (" + source + "): "
                + (cause == null ? "" : cause.getMessage())).cause(cause));
        this.source = source;
        this.roleAssumption = roleAssumption;
    }

    public String source() {
        return source;
    }

    /** True when the failure came from assuming the connection's role with STS. */
    public boolean isRoleAssumption() {
        return roleAssumption;
    }
}
