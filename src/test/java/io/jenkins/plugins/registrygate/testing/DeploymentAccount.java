package io.jenkins.plugins.registrygate.testing;

import io.jenkins.plugins.registrygate.approvals.FixedSeal;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * An emulated account ready to deploy to, as an administrator would have set it up: a bucket with model data, the
 * serving image in ECR, an execution role SageMaker may assume, and two rollback alarms; and versions registered with
 * lineage (the image's digest as pushed among it), an Approved model card rated Low risk, registered by dave and
 * approved in Jenkins by maria.
 */
public final class DeploymentAccount {

    public static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-serve:1.4.2";
    public static final String GROUP = "churn-model";
    public static final List<String> ALARMS = List.of("churn-5xx", "churn-latency");
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String CARD = "{\"model_overview\":{\"model_description\":\"churn\"},\"intended_uses\":{\"risk_rating\":\"Low\"}}";

    private final RegistryFixture fx;
    private final String roleArn;
    private final String imageDigest;

    public DeploymentAccount(RegistryFixture fx) {
        this.fx = fx;
        try (var s3 = EmulatorClients.s3(fx.emulator); var ecr = EmulatorClients.ecr(fx.emulator);
             var iam = EmulatorClients.iam(fx.emulator); var cw = EmulatorClients.cloudWatch(fx.emulator)) {
            s3.createBucket(b -> b.bucket("ml-models"));
            for (int v = 1; v <= 9; v++) {
                int version = v;
                s3.putObject(b -> b.bucket("ml-models").key("churn/" + version + "/model.tar.gz"),
                        RequestBody.fromString("model " + version, StandardCharsets.UTF_8));
            }
            ecr.createRepository(b -> b.repositoryName("churn-serve"));
            imageDigest = ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2")
                    .imageManifest("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}"))
                    .image().imageId().imageDigest();
            roleArn = iam.createRole(b -> b.roleName("sagemaker-execution").assumeRolePolicyDocument(TRUST)).role().arn();
            for (String alarm : ALARMS) {
                cw.putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/SageMaker").metricName("Invocation5XXErrors")
                        .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
            }
        }
    }

    /** The digest of {@link #IMAGE} as pushed, which versions are registered with ({@code image:digest}). */
    public String imageDigest() {
        return imageDigest;
    }

    /** The execution role SageMaker may assume. */
    public String roleArn() {
        return roleArn;
    }

    /** A version of the group registered by build {@code build} (1 to 9) of the training job, by dave. */
    public ModelPackageRef register(int build, String cardStatus) {
        RegistrationRequest r = RegistrationRequest.builder(GROUP, IMAGE)
                .modelDataUrl("s3://ml-models/churn/" + build + "/model.tar.gz")
                .lineage(LineageField.GIT_COMMIT, String.format("%040x", 0xC0FFEEL + build))
                .lineage(LineageField.IMAGE_DIGEST, imageDigest)
                .lineage(LineageField.DATA_VERSION, "s3v-2026-03-0" + build)
                .modelCardStatus(cardStatus).modelCardContent(CARD)
                .build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "churn-train#" + build, "dave")).ref();
    }

    /** Approved in Jenkins by maria, as awaitApproval records it (sealed with the tests' controller key). */
    public void approve(ModelPackageRef ref) {
        recordApproval(ref, "Approved by Jenkins user maria", "maria", "Jenkins");
    }

    /** Approved as awaitApproval's approveIf rules approve: the plugin's sealed record, no person. */
    public void approveByRules(ModelPackageRef ref) {
        recordApproval(ref, "Approved by approveIf rules in Jenkins", "approveIf rules", "rule");
    }

    /** The approval and its sealed record, written in one UpdateModelPackage as the plugin writes them. */
    private void recordApproval(ModelPackageRef ref, String description, String decidedBy, String path) {
        String at = fx.clock.instant().toString();
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved")
                .approvalDescription(description)
                .customerMetadataProperties(Map.of("approval:decided-by", decidedBy, "approval:path", path,
                        "approval:decided-at", at, "approval:seal", FixedSeal.SEAL.seal(ref.arn(), "Approved", decidedBy, at, path))));
    }

    /** Registered with an Approved card, and approved. */
    public ModelPackageRef approved(int build) {
        ModelPackageRef ref = register(build, "Approved");
        approve(ref);
        return ref;
    }

    /**
     * A version with these containers, with what registerModel records (lineage with the image's digest, an Approved
     * card rated Low, dave as registrant) but created with CreateModelPackage directly, and approved by maria.
     */
    @SafeVarargs
    public final ModelPackageRef approvedWithContainers(Consumer<ModelPackageContainerDefinition.Builder>... containers) {
        SageMakerClient sm = fx.console();
        if (sm.listModelPackageGroups(b -> b.nameContains(GROUP)).modelPackageGroupSummaryList().isEmpty()) {
            sm.createModelPackageGroup(b -> b.modelPackageGroupName(GROUP));
        }
        String arn = sm.createModelPackage(b -> b.modelPackageGroupName(GROUP)
                .inferenceSpecification(i -> i.containers(containers).supportedContentTypes("application/json")
                        .supportedResponseMIMETypes("application/json"))
                .modelApprovalStatus("PendingManualApproval")
                .modelCard(c -> c.modelCardStatus("Approved").modelCardContent(CARD))
                .customerMetadataProperties(Map.of("git:commit", "c0ffee", "image:digest", imageDigest,
                        "data:version", "s3v-1", "jenkins:registered-by", "dave"))).modelPackageArn();
        var d = sm.describeModelPackage(b -> b.modelPackageName(arn));
        ModelPackageRef ref = new ModelPackageRef(arn, d.modelPackageGroupName(), d.modelPackageVersion(), d.modelApprovalStatusAsString());
        approve(ref);
        return ref;
    }

    /** The package the endpoint's configuration's model serves, as the console reads it. */
    public String servedPackage(String endpoint) {
        var sm = fx.console();
        var e = sm.describeEndpoint(b -> b.endpointName(endpoint));
        var config = sm.describeEndpointConfig(b -> b.endpointConfigName(e.endpointConfigName()));
        var model = sm.describeModel(b -> b.modelName(config.productionVariants().get(0).modelName()));
        return model.containers().get(0).modelPackageName();
    }
}
