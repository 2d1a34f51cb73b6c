package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Runs after {@code package}: the standalone emulator jar holds exactly the classes of src/emulator/java (none of the
 * tests, none of the plugin) and the service models it reads, and serves every service on one port to the SDK when
 * started with {@code java -jar} and nothing else on its class path.
 */
class EmulatorJarIT {

    static final Path JAR = Path.of("target", "registry-gate-emulator.jar");
    static final Path SOURCES = Path.of("src", "emulator", "java");

    @Test
    void theJarHoldsExactlyTheEmulatorsClasses() throws IOException {
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f ->
                    expected.add(SOURCES.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", "")));
        }
        Set<String> packaged = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/jenkins/") && n.endsWith(".class"))
                    .map(n -> n.replaceAll("(\\$.*)?\\.class$", ""))
                    .forEach(packaged::add);
        }
        assertEquals(expected, packaged);
    }

    @Test
    void theJarCarriesEveryServiceModelWithItsLicence() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String model : List.of(ServiceModel.SAGEMAKER, ServiceModel.S3, ServiceModel.ECR, ServiceModel.IAM,
                    ServiceModel.CLOUDWATCH, ServiceModel.KMS, ServiceModel.STS, ServiceModel.SQS,
                    "/models/LICENSE-aws-java-sdk-models.txt",
                    "/io/jenkins/plugins/registrygate/emulator/models/s3/LICENSE-botocore.txt",
                    "/io/jenkins/plugins/registrygate/emulator/models/s3/NOTICE-botocore.txt")) {
                assertTrue(jar.getEntry(model.substring(1)) != null, model);
            }
            long unpackedModels = Collections.list(jar.entries()).stream()
                    .filter(e -> e.getName().startsWith("models/") && e.getName().endsWith(".json")).count();
            assertEquals(6, unpackedModels, "only the six models the emulator reads");
        }
    }

    @Test
    void runsStandaloneWithJavaDashJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("SAGEMAKER_EMULATOR_ENDPOINT="), "first line: " + first);
            URI endpoint = URI.create(first.substring(first.indexOf('=') + 1));
            SageMakerEmulatorRef ref = new SageMakerEmulatorRef(endpoint);
            try (SageMakerClient sm = ref.client()) {
                sm.createModelPackageGroup(b -> b.modelPackageGroupName("standalone"));
                assertEquals("standalone", sm.describeModelPackageGroup(b -> b.modelPackageGroupName("standalone"))
                        .modelPackageGroupName());
            }
            // One port, every service: S3 (REST-XML, the vendored model), IAM and STS (query, models unpacked from
            // aws-java-sdk-models), ECR (AWS JSON), SQS (AWS JSON 1.0, its model unpacked too).
            try (S3Client s3 = ref.configure(S3Client.builder().forcePathStyle(true));
                 IamClient iam = ref.configure(IamClient.builder());
                 StsClient sts = ref.configure(StsClient.builder());
                 EcrClient ecr = ref.configure(EcrClient.builder());
                 SqsClient sqs = ref.configure(SqsClient.builder())) {
                String queue = sqs.createQueue(b -> b.queueName("registry-events")).queueUrl();
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("event"));
                assertEquals("event", sqs.receiveMessage(b -> b.queueUrl(queue)).messages().get(0).body());
                s3.createBucket(b -> b.bucket("models"));
                s3.putObject(b -> b.bucket("models").key("churn/model.tar.gz"), RequestBody.fromString("weights"));
                assertEquals(7L, s3.headObject(b -> b.bucket("models").key("churn/model.tar.gz")).contentLength());
                String roleArn = iam.createRole(b -> b.roleName("deployer").assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
                assertEquals("arn:aws:sts::123456789012:assumed-role/deployer/standalone",
                        sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("standalone")).assumedRoleUser().arn());
                assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn",
                        ecr.createRepository(b -> b.repositoryName("churn")).repository().repositoryUri());
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deploysAnEndpointFromWhatTheOtherServicesHold() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--port", "0", "--immediate-endpoints")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            SageMakerEmulatorRef ref = new SageMakerEmulatorRef(URI.create(first.substring(first.indexOf('=') + 1)));
            try (SageMakerClient sm = ref.client();
                 S3Client s3 = ref.configure(S3Client.builder().forcePathStyle(true));
                 IamClient iam = ref.configure(IamClient.builder());
                 EcrClient ecr = ref.configure(EcrClient.builder())) {
                s3.createBucket(b -> b.bucket("models"));
                s3.putObject(b -> b.bucket("models").key("churn/model.tar.gz"), RequestBody.fromString("weights"));
                ecr.createRepository(b -> b.repositoryName("churn"));
                ecr.putImage(b -> b.repositoryName("churn").imageTag("1").imageManifest("{\"schemaVersion\":2}"));
                String role = iam.createRole(b -> b.roleName("sagemaker-exec").assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                + "{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                        .role().arn();
                sm.createModel(b -> b.modelName("m").executionRoleArn(role).primaryContainer(c -> c
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1")
                        .modelDataUrl("s3://models/churn/model.tar.gz")));
                sm.createEndpointConfig(b -> b.endpointConfigName("c").productionVariants(v -> v.variantName("v")
                        .modelName("m").instanceType("ml.m5.large").initialInstanceCount(1)));
                sm.createEndpoint(b -> b.endpointName("e").endpointConfigName("c"));

                assertEquals("InService", sm.describeEndpoint(b -> b.endpointName("e")).endpointStatusAsString());
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Clients for an emulator running in another process. */
    private record SageMakerEmulatorRef(URI endpoint) {
        SageMakerClient client() {
            return configure(SageMakerClient.builder());
        }

        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
            return builder.endpointOverride(endpoint)
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID))
                    .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                    .build();
        }
    }
}
