package io.jenkins.plugins.registrygate.registry;

import java.util.function.Supplier;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The former name of {@link AwsClients}, from when the plugin called SageMaker only. Kept so that code written
 * against it keeps compiling; use {@link AwsClients}.
 */
@Deprecated
public final class SageMakerClients extends AwsClients {

    public SageMakerClients() {
        super();
    }

    public SageMakerClients(RetryMode retryMode) {
        super(retryMode);
    }

    public SageMakerClients(Supplier<RetryStrategy> strategies) {
        super(strategies);
    }
}
