package io.jenkins.plugins.registrygate.emulator;

import java.time.Duration;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

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

    /** An S3 client (path-style, as the SDK addresses an IP endpoint anyway). */
    public static S3Client s3(SageMakerEmulator emu) {
        return build(emu, S3Client.builder().forcePathStyle(true), credentials(ACCESS_KEY_ID));
    }

    public static S3Client s3(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, S3Client.builder().forcePathStyle(true), credentials);
    }

    public static EcrClient ecr(SageMakerEmulator emu) {
        return build(emu, EcrClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static EcrClient ecr(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, EcrClient.builder(), credentials);
    }

    public static IamClient iam(SageMakerEmulator emu) {
        return build(emu, IamClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static IamClient iam(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, IamClient.builder(), credentials);
    }

    public static CloudWatchClient cloudWatch(SageMakerEmulator emu) {
        return build(emu, CloudWatchClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static CloudWatchClient cloudWatch(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, CloudWatchClient.builder(), credentials);
    }

    public static KmsClient kms(SageMakerEmulator emu) {
        return build(emu, KmsClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static KmsClient kms(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, KmsClient.builder(), credentials);
    }

    public static StsClient sts(SageMakerEmulator emu) {
        return build(emu, StsClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static StsClient sts(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, StsClient.builder(), credentials);
    }

    public static SqsClient sqs(SageMakerEmulator emu) {
        return build(emu, SqsClient.builder(), credentials(ACCESS_KEY_ID));
    }

    public static SqsClient sqs(SageMakerEmulator emu, AwsCredentialsProvider credentials) {
        return build(emu, SqsClient.builder(), credentials);
    }

    /** The keys of an emulator identity, as an SDK credentials provider. */
    public static StaticCredentialsProvider credentials(Identities.Credentials keys) {
        return StaticCredentialsProvider.create(keys.sessionToken().isEmpty()
                ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(keys.accessKeyId(),
                        keys.secretAccessKey(), keys.sessionToken()));
    }

    /** Any service's client pointed at the emulator, with fast standard-mode retries (3 attempts). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            SageMakerEmulator emu, B builder, AwsCredentialsProvider credentials) {
        BackoffStrategy tiny = BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(20));
        return builder.endpointOverride(emu.endpoint())
                .region(Region.of(emu.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(tiny)
                        .throttlingBackoffStrategy(tiny)
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
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
