package io.jenkins.plugins.registrygate.emulator;

import java.time.Duration;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder;

/**
 * Real AWS SDK v2 clients pointed at a {@link SageMakerEmulator}: endpoint override, the emulator's region, static
 * placeholder credentials, the Apache HTTP client and the standard retry mode (3 attempts in all; note that the
 * SDK's default, legacy mode, makes 4).
 */
public final class EmulatorClients {

    /** Placeholder access key id; deliberately not of the form of a real key. */
    public static final String ACCESS_KEY_ID = "EMULATORACCESSKEY";
    /** Placeholder secret; the emulator does not verify signatures. */
    public static final String SECRET_ACCESS_KEY = "emulator-secret-not-a-real-key";

    private EmulatorClients() {
    }

    /** A client with the SDK's default standard-mode retries (backoff delays included). */
    public static SageMakerClient sageMaker(SageMakerEmulator emu) {
        return sageMaker(emu, b -> { });
    }

    /** A client, customised after the defaults are set (e.g. {@link #fastRetries()} or other credentials). */
    public static SageMakerClient sageMaker(SageMakerEmulator emu, Consumer<SageMakerClientBuilder> customizer) {
        SageMakerClientBuilder b = SageMakerClient.builder()
                .endpointOverride(emu.endpoint())
                .region(Region.of(emu.region()))
                .credentialsProvider(credentials(ACCESS_KEY_ID))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        customizer.accept(b);
        return b.build();
    }

    /** Static credentials with the given access key id (it becomes the caller identity in the emulator). */
    public static StaticCredentialsProvider credentials(String accessKeyId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, SECRET_ACCESS_KEY));
    }

    /**
     * Keeps the standard retry strategy (3 attempts, the SDK's retryable errors and throttling codes) but with
     * millisecond backoffs and no retry circuit breaker, so tests of retried faults stay fast.
     */
    public static Consumer<SageMakerClientBuilder> fastRetries() {
        BackoffStrategy tiny = BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(20));
        return b -> b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(tiny)
                .throttlingBackoffStrategy(tiny)
                .circuitBreakerEnabled(false)
                .build()));
    }
}
