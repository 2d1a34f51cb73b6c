package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelCardStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Drives every supported operation with requests that set (nearly) every member, then proves that each response
 * body conforms to the operation's output shape in the official model, and each error body to the error shape.
 */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class ConformanceTest extends EmulatorTestSupport {

    @Test
    void everyResponseOfEverySupportedOperationConformsToTheModel() {
        exerciseEveryOperation();

        ShapeValidator validator = emu.backend().validator();
        List<String> problems = new ArrayList<>();
        Set<String> succeeded = new TreeSet<>();
        for (RecordedCall c : emu.calls()) {
            if (!c.succeeded() || !"sagemaker".equals(c.service())) {
                continue; // the S3, ECR and IAM calls that set up a deployment have tests of their own
            }
            succeeded.add(c.operation());
            ServiceModel.Operation op = validator.model().operation(c.operation());
            if (op.outputShape() == null) {
                if (!c.responseBody().isEmpty()) {
                    problems.add(c.operation() + ": body for an operation without output: " + c.responseBody());
                }
                continue;
            }
            validator.responseViolations(op.outputShape(), c.response()).forEach(v -> problems.add(c.operation() + ": " + v));
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeSet<>(emu.backend().supportedOperations()), succeeded, "operations exercised");
    }

    @Test
    void errorBodiesConformToTheModelledErrorShape() {
        createGroup("churn");
        createVersion("churn", b -> b.clientToken("t1"));
        expectError("ConflictException", () -> createVersion("churn", b -> b.clientToken("t1").modelPackageDescription("x")));
        expectError("ConflictException", () -> sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("churn")));
        expectError("ValidationException", () -> createGroup("churn"));

        ShapeValidator validator = emu.backend().validator();
        for (RecordedCall c : emu.calls()) {
            if (c.succeeded()) {
                continue;
            }
            JsonNode body = c.response();
            assertEquals(c.errorCode(), body.get("__type").asText());
            ObjectNode members = body.deepCopy();
            members.remove("__type");
            // ValidationException is not modelled; every error is checked against the one modelled error shape form
            assertEquals(List.of(), validator.responseViolations("ConflictException", members), c::responseBody);
        }
    }

    private void exerciseHosting(String versioned) {
        // What the endpoint deploys must exist in the emulator's own S3, ECR and IAM (SageMaker's neighbours).
        try (var s3 = EmulatorClients.s3(emu); var ecr = EmulatorClients.ecr(emu); var iam = EmulatorClients.iam(emu)) {
            s3.createBucket(b -> b.bucket("models"));
            for (String key : List.of("churn/model.tar.gz", "churn/v2.tar.gz")) {
                s3.putObject(b -> b.bucket("models").key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("weights"));
            }
            ecr.createRepository(b -> b.repositoryName("churn"));
            ecr.putImage(b -> b.repositoryName("churn").imageTag("1.4.2").imageManifest("{\"schemaVersion\":2}"));
            iam.createRole(b -> b.roleName("SageMakerExecution").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}"));
        }
        String role = "arn:aws:iam::123456789012:role/SageMakerExecution";
        String model = sm.createModel(b -> b.modelName("churn-v1").executionRoleArn(role)
                .containers(c -> c.modelPackageName(versioned).environment(Map.of("LOG_LEVEL", "info"))
                        .containerHostname("main"))
                .vpcConfig(v -> v.securityGroupIds("sg-1").subnets("subnet-1"))
                .enableNetworkIsolation(true)
                .tags(Tag.builder().key("package").value(versioned).build())).modelArn();
        sm.createModel(b -> b.modelName("churn-image").executionRoleArn(role)
                .primaryContainer(c -> c.image(IMAGE).modelDataUrl("s3://models/churn/model.tar.gz")
                        .mode("SingleModel").imageConfig(i -> i.repositoryAccessMode("Platform")))
                .inferenceExecutionConfig(i -> i.mode("Serial")));
        sm.describeModel(b -> b.modelName("churn-v1"));
        sm.listModels(b -> b.nameContains("churn").maxResults(1).sortBy("Name").sortOrder("Ascending"));

        sm.createEndpointConfig(b -> b.endpointConfigName("churn-v1")
                .productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1").instanceType("ml.m5.large")
                        .initialInstanceCount(2).initialVariantWeight(1.0f).volumeSizeInGB(30)
                        .routingConfig(r -> r.routingStrategy("LEAST_OUTSTANDING_REQUESTS")))
                .dataCaptureConfig(d -> d.enableCapture(true).initialSamplingPercentage(50)
                        .destinationS3Uri("s3://capture/churn").kmsKeyId("alias/capture")
                        .captureOptions(o -> o.captureMode("Input"), o -> o.captureMode("Output"))
                        .captureContentTypeHeader(h -> h.csvContentTypes("text/csv")))
                .kmsKeyId("alias/volumes")
                .tags(Tag.builder().key("package").value(versioned).build()));
        sm.createEndpointConfig(b -> b.endpointConfigName("churn-v2")
                .productionVariants(v -> v.variantName("AllTraffic").modelName("churn-image")
                        .instanceType("ml.m5.large").initialInstanceCount(2)));
        sm.createEndpointConfig(b -> b.endpointConfigName("churn-sls")
                .productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                        .serverlessConfig(c -> c.memorySizeInMB(2048).maxConcurrency(5).provisionedConcurrency(1))));
        sm.describeEndpointConfig(b -> b.endpointConfigName("churn-v1"));
        sm.listEndpointConfigs(b -> b.nameContains("churn").maxResults(1));

        String endpoint = sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1")
                .tags(Tag.builder().key("build").value("42").build())).endpointArn();
        sm.createEndpoint(b -> b.endpointName("churn-sls").endpointConfigName("churn-sls"));
        sm.describeEndpoint(b -> b.endpointName("churn"));
        sm.describeEndpoint(b -> b.endpointName("churn-sls"));
        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2")
                .deploymentConfig(d -> d.blueGreenUpdatePolicy(p -> p.terminationWaitInSeconds(60)
                                .maximumExecutionTimeoutInSeconds(1800)
                                .trafficRoutingConfiguration(t -> t.type("CANARY").waitIntervalInSeconds(300)
                                        .canarySize(c -> c.type("INSTANCE_COUNT").value(1))))
                        .autoRollbackConfiguration(a -> a.alarms(al -> al.alarmName("churn-5xx")))));
        sm.describeEndpoint(b -> b.endpointName("churn"));
        sm.listEndpoints(b -> b.nameContains("churn").maxResults(1).sortBy("Status")
                .statusEquals("Updating").creationTimeAfter(T0.minusSeconds(1)));
        clock.advance(java.time.Duration.ofHours(1));
        assertEquals("churn-v2", sm.describeEndpoint(b -> b.endpointName("churn")).endpointConfigName());
        assertEquals("InService", sm.describeEndpoint(b -> b.endpointName("churn-sls")).endpointStatusAsString());
        sm.addTags(b -> b.resourceArn(model).tags(Tag.builder().key("env").value("prod").build()));
        sm.listTags(b -> b.resourceArn(endpoint));
        sm.deleteTags(b -> b.resourceArn(endpoint).tagKeys("build"));
        sm.deleteEndpoint(b -> b.endpointName("churn"));
        sm.deleteEndpoint(b -> b.endpointName("churn-sls"));
        sm.deleteEndpointConfig(b -> b.endpointConfigName("churn-v1"));
        sm.deleteModel(b -> b.modelName("churn-v1"));
    }

    private void exerciseModelCards() {
        String card = sm.createModelCard(b -> b.modelCardName("churn-card")
                .content("{\"model_overview\":{\"model_description\":\"churn\"}}")
                .modelCardStatus(ModelCardStatus.DRAFT).securityConfig(c -> c.kmsKeyId("alias/cards"))
                .tags(Tag.builder().key("team").value("ml").build())).modelCardArn();
        sm.updateModelCard(b -> b.modelCardName(card).modelCardStatus(ModelCardStatus.PENDING_REVIEW));
        sm.updateModelCard(b -> b.modelCardName("churn-card")
                .content("{\"model_overview\":{\"model_description\":\"churn, reviewed\"}}"));
        sm.describeModelCard(b -> b.modelCardName("churn-card"));
        sm.describeModelCard(b -> b.modelCardName("churn-card").modelCardVersion(1));
        sm.listModelCards(b -> b.nameContains("churn").modelCardStatus(ModelCardStatus.PENDING_REVIEW).maxResults(1)
                .sortBy("Name").sortOrder("Descending"));
        sm.listModelCardVersions(b -> b.modelCardName("churn-card").maxResults(1).sortBy("Version"));
        sm.deleteModelCard(b -> b.modelCardName("churn-card"));
    }

    private void exerciseEveryOperation() {
        sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn").modelPackageGroupDescription("Churn models")
                .tags(Tag.builder().key("team").value("ml").build()));
        sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn"));
        sm.listModelPackageGroups(b -> b.nameContains("ch").maxResults(5));

        String versioned = sm.createModelPackage(versionOf("churn")
                .modelPackageDescription("xgboost, auc 0.91")
                .inferenceSpecification(i -> i
                        .containers(c -> c.image(IMAGE).modelDataUrl("s3://models/churn/model.tar.gz")
                                .environment(Map.of("SAGEMAKER_PROGRAM", "serve.py")).framework("XGBOOST")
                                .frameworkVersion("1.7").nearestModelName("xgboost").containerHostname("main"))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv")
                        .supportedTransformInstanceTypesWithStrings("ml.m5.large")
                        .supportedRealtimeInferenceInstanceTypesWithStrings("ml.m5.large"))
                .validationSpecification(v -> v.validationRole("arn:aws:iam::123456789012:role/Validate")
                        .validationProfiles(p -> p.profileName("smoke").transformJobDefinition(t -> t
                                .transformInput(in -> in.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                                        .s3Uri("s3://data/validate/"))).contentType("text/csv"))
                                .transformOutput(o -> o.s3OutputPath("s3://data/out/"))
                                .transformResources(r -> r.instanceType("ml.m5.large").instanceCount(1)))))
                .modelMetrics(m -> m.modelQuality(q -> q.statistics(s -> s.contentType("application/json")
                        .s3Uri("s3://models/churn/evaluation.json"))))
                .driftCheckBaselines(d -> d.modelQuality(q -> q.statistics(s -> s.contentType("application/json")
                        .s3Uri("s3://models/churn/baseline.json"))))
                .metadataProperties(m -> m.commitId("abc123").repository("https://git.example/churn")
                        .generatedBy("jenkins").projectId("p-1"))
                .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL)
                .clientToken("conformance-1")
                .domain("MACHINE_LEARNING").task("CLASSIFICATION")
                .samplePayloadUrl("s3://models/churn/payload.tar.gz")
                .customerMetadataProperties(Map.of("build", "42"))
                .additionalInferenceSpecifications(a -> a.name("neo").containers(c -> c.image(IMAGE)))
                .skipModelValidation("None")
                .sourceUri("s3://models/churn/source.tar.gz")
                .securityConfig(s -> s.kmsKeyId("alias/models"))
                .modelCard(c -> c.modelCardContent("{\"model_overview\":{\"model_creator\":\"jenkins\"}}")
                        .modelCardStatus(ModelCardStatus.DRAFT))
                .modelLifeCycle(l -> l.stage("Dev").stageStatus("InProgress").stageDescription("trained"))
                .modelPackageRegistrationType("Registered")
                .build()).modelPackageArn();
        String unversioned = sm.createModelPackage(b -> b.modelPackageName("legacy-churn")
                .sourceAlgorithmSpecification(s -> s.sourceAlgorithms(a -> a.algorithmName("xgboost")
                        .modelDataUrl("s3://models/legacy/model.tar.gz")))
                .certifyForMarketplace(false)
                .tags(Tag.builder().key("team").value("ml").build())).modelPackageArn();

        sm.describeModelPackage(b -> b.modelPackageName(versioned));
        sm.describeModelPackage(b -> b.modelPackageName(unversioned));
        sm.listModelPackages(b -> b.modelPackageType(ModelPackageType.BOTH).maxResults(1));
        sm.listModelPackages(b -> b.modelPackageGroupName("churn"));

        sm.updateModelPackage(b -> b.modelPackageArn(versioned)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED).approvalDescription("gate passed")
                .customerMetadataProperties(Map.of("gate", "passed")).customerMetadataPropertiesToRemove("build")
                .additionalInferenceSpecificationsToAdd(a -> a.name("gpu").containers(c -> c.image(IMAGE)))
                .inferenceSpecification(i -> i.containers(c -> c.image(IMAGE).modelDataUrl("s3://models/churn/v2.tar.gz")))
                .sourceUri("s3://models/churn/source-v2.tar.gz")
                .modelCard(c -> c.modelCardStatus(ModelCardStatus.APPROVED))
                .modelLifeCycle(l -> l.stage("Prod").stageStatus("Approved"))
                .modelPackageRegistrationType("Registered")
                .clientToken("update-1"));
        sm.describeModelPackage(b -> b.modelPackageName(versioned));

        String group = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn";
        sm.addTags(b -> b.resourceArn(group).tags(Tag.builder().key("env").value("prod").build()));
        sm.listTags(b -> b.resourceArn(group));
        sm.listTags(b -> b.resourceArn(unversioned));
        sm.deleteTags(b -> b.resourceArn(group).tagKeys("env"));

        exerciseHosting(versioned);
        exerciseModelCards();

        sm.deleteModelPackage(b -> b.modelPackageName(versioned));
        sm.deleteModelPackage(b -> b.modelPackageName(unversioned));
        sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("churn"));
        assertTrue(emu.calls().stream().allMatch(RecordedCall::succeeded),
                () -> emu.calls().stream().filter(c -> !c.succeeded()).map(RecordedCall::responseBody).toList().toString());
    }
}
