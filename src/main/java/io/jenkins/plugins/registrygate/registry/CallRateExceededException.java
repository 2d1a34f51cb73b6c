package io.jenkins.plugins.registrygate.registry;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The plugin's own rate limit would make a call wait longer than it may: the call is not made. An SDK exception, so
 * it leaves the client like any other failed call; {@link RegistryException} reports it as throttling (retry later).
 */
public final class CallRateExceededException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    CallRateExceededException(String message) {
        super(SdkClientException.builder().message(message));
    }
}
