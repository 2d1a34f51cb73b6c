package io.jenkins.plugins.registrygate.registry;

import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An AWS service the plugin calls, and how to build its synchronous client from the connection's common set-up
 * ({@link ClientSetup}: region, endpoint, credentials, proxy, timeouts, retries, rate limit). {@link AwsClients}
 * caches one client per service and connection.
 *
 * @param <C> the client interface
 */
public final class AwsService<C extends SdkClient> {

    public static final AwsService<SageMakerClient> SAGEMAKER =
            new AwsService<>("sagemaker", SageMakerClient.class, setup -> setup.apply(SageMakerClient.builder()).build());
    /**
     * With an endpoint override S3 uses path-style addressing ({@code <endpoint>/<bucket>/<key>}): a single endpoint
     * (an emulator, a gateway) has no per-bucket host names.
     */
    public static final AwsService<S3Client> S3 = new AwsService<>("s3", S3Client.class,
            setup -> setup.apply(S3Client.builder()).forcePathStyle(setup.hasEndpointOverride()).build());
    public static final AwsService<EcrClient> ECR =
            new AwsService<>("ecr", EcrClient.class, setup -> setup.apply(EcrClient.builder()).build());
    public static final AwsService<IamClient> IAM =
            new AwsService<>("iam", IamClient.class, setup -> setup.apply(IamClient.builder()).build());
    public static final AwsService<CloudWatchClient> CLOUDWATCH =
            new AwsService<>("monitoring", CloudWatchClient.class, setup -> setup.apply(CloudWatchClient.builder()).build());
    public static final AwsService<KmsClient> KMS =
            new AwsService<>("kms", KmsClient.class, setup -> setup.apply(KmsClient.builder()).build());
    /**
     * SQS: the queue of registry events a controller that AWS cannot reach consumes. The SDK checks the MD5 digests
     * SQS returns for message bodies and attributes (its default).
     */
    public static final AwsService<SqsClient> SQS =
            new AwsService<>("sqs", SqsClient.class, setup -> setup.apply(SqsClient.builder()).build());
    /** STS as a service of the connection (GetCallerIdentity, as the connection's identity, role included). */
    public static final AwsService<StsClient> STS =
            new AwsService<>("sts", StsClient.class, setup -> setup.apply(StsClient.builder()).build());

    private final String signingName;
    private final Class<C> type;
    private final Function<ClientSetup, C> factory;

    /**
     * @param signingName the SigV4 signing name of the service (its rate limits are counted under it)
     * @param type the client interface
     * @param factory builds the client; {@link ClientSetup#apply} sets everything the connection decides
     */
    public AwsService(String signingName, Class<C> type, Function<ClientSetup, C> factory) {
        this.signingName = Objects.requireNonNull(signingName);
        this.type = Objects.requireNonNull(type);
        this.factory = Objects.requireNonNull(factory);
    }

    public String signingName() {
        return signingName;
    }

    public Class<C> type() {
        return type;
    }

    C build(ClientSetup setup) {
        return factory.apply(setup);
    }

    @Override
    public String toString() {
        return signingName;
    }
}
