/**
 * A local AWS endpoint for the plugin's tests and for users' own Jenkinsfiles: SageMaker and the services around a
 * SageMaker deployment on one port of 127.0.0.1, spoken to by the real AWS SDKs. Built into its own runnable jar
 * ({@code java -jar target/registry-gate-emulator.jar}); the tests run it in-process.
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulator}: the HTTP front. Routes each request to a
 *       service by its SigV4 signing name, checks the caller's permission, injects faults, records calls, checks
 *       responses against the model, and has every error worded by the service that answers it.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.ModelledService}: one service's state and rules, no HTTP;
 *       every request is validated against the service's official model before a handler sees it. One package per
 *       service, each class comment listing the design choices taken where no source settled the real behaviour:
 *       {@link io.jenkins.plugins.registrygate.emulator.SageMakerBackend} (SageMaker, composed of one class per
 *       resource family: registry, hosting, model cards, in {@link io.jenkins.plugins.registrygate.emulator.sagemaker}),
 *       {@link io.jenkins.plugins.registrygate.emulator.s3.S3Service},
 *       {@link io.jenkins.plugins.registrygate.emulator.ecr.EcrService},
 *       {@link io.jenkins.plugins.registrygate.emulator.iam.IamService},
 *       {@link io.jenkins.plugins.registrygate.emulator.sts.StsService},
 *       {@link io.jenkins.plugins.registrygate.emulator.cloudwatch.CloudWatchService},
 *       {@link io.jenkins.plugins.registrygate.emulator.kms.KmsService}.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.Neighbours}: the lookups one service makes of another
 *       (SageMaker of S3 objects, ECR images, IAM roles, CloudWatch alarms), answered by the served services.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.WireProtocol}: how a service's operations travel over HTTP:
 *       {@link io.jenkins.plugins.registrygate.emulator.AwsJsonProtocol} (AWS JSON 1.0/1.1: SageMaker, ECR, KMS, and
 *       CloudWatch for botocore), {@link io.jenkins.plugins.registrygate.emulator.AwsQueryProtocol} (IAM, STS, and
 *       CloudWatch for AWS SDK for Java v2), {@link io.jenkins.plugins.registrygate.emulator.RestXmlProtocol} (S3), with
 *       {@link io.jenkins.plugins.registrygate.emulator.XmlShapes} and
 *       {@link io.jenkins.plugins.registrygate.emulator.WireValues} for XML documents and scalars on the wire.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.ServiceModel} and
 *       {@link io.jenkins.plugins.registrygate.emulator.ShapeValidator}: official service models (SageMaker and S3
 *       vendored under {@code models/}, the others from {@code aws-java-sdk-models}), request validation with
 *       AWS-style messages, response conformance.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.Identities}: IAM users and assumed-role sessions behind access
 *       keys, so every service reports the same caller, and the actions each may not perform (on every resource or
 *       on some).</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.FaultInjector}: throttling, 500, 503, latency and dropped
 *       connections, before or after a service applies a call, for one operation, one service or all.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulatorMain}: the standalone command.</li>
 * </ul>
 */
package io.jenkins.plugins.registrygate.emulator;
