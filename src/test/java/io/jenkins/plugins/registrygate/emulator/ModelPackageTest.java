package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.ModelCompressionType;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.S3ModelDataType;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelCardStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

class ModelPackageTest extends EmulatorTestSupport {

    @Test
    void versionsAreNumberedFromOnePerGroup() {
        createGroup("churn");
        createGroup("fraud");

        List<String> churn = IntStream.rangeClosed(1, 3).mapToObj(i -> createVersion("churn")).toList();
        String fraud = createVersion("fraud");

        assertEquals(List.of(packageArn("churn", 1), packageArn("churn", 2), packageArn("churn", 3)), churn);
        assertEquals(packageArn("fraud", 1), fraud);
    }

    @Test
    void deletedVersionLeavesAGapAndIsNotReused() {
        createGroup("churn");
        createVersion("churn");
        createVersion("churn");
        createVersion("churn");

        sm.deleteModelPackage(b -> b.modelPackageName(packageArn("churn", 3)));
        sm.deleteModelPackage(b -> b.modelPackageName(packageArn("churn", 2)));
        String next = createVersion("churn");

        assertEquals(packageArn("churn", 4), next);
        assertEquals(List.of(1, 4), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void versionedPackageDefaultsToPendingManualApproval() {
        createGroup("churn");
        String arn = createVersion("churn");

        assertEquals(ModelApprovalStatus.PENDING_MANUAL_APPROVAL,
                sm.describeModelPackage(b -> b.modelPackageName(arn)).modelApprovalStatus());
    }

    @Test
    void explicitApprovalStatusIsKept() {
        createGroup("churn");
        String arn = createVersion("churn", b -> b.modelApprovalStatus(ModelApprovalStatus.APPROVED));

        assertEquals(ModelApprovalStatus.APPROVED, sm.describeModelPackage(b -> b.modelPackageName(arn)).modelApprovalStatus());
    }

    @Test
    void describeOfAVersionShowsRegistryFields() {
        createGroup("churn");
        String arn = createVersion("churn", b -> b.modelPackageDescription("xgb, auc 0.91")
                .customerMetadataProperties(java.util.Map.of("build", "42")));

        DescribeModelPackageResponse d = sm.describeModelPackage(b -> b.modelPackageName(arn));

        assertEquals("churn/1", d.modelPackageName());
        assertEquals("churn", d.modelPackageGroupName());
        assertEquals(1, d.modelPackageVersion());
        assertEquals(arn, d.modelPackageArn());
        assertEquals("xgb, auc 0.91", d.modelPackageDescription());
        assertEquals(ModelPackageStatus.COMPLETED, d.modelPackageStatus());
        assertEquals(List.of(), d.modelPackageStatusDetails().validationStatuses());
        assertEquals(List.of(), d.modelPackageStatusDetails().imageScanStatuses());
        assertFalse(d.certifyForMarketplace());
        assertEquals(T0, d.creationTime());
        assertEquals(IMAGE, d.inferenceSpecification().containers().get(0).image());
        assertEquals(java.util.Map.of("build", "42"), d.customerMetadataProperties());
        assertEquals(emu.identities().resolve(EmulatorClients.ACCESS_KEY_ID).arn(), d.createdBy().iamIdentity().arn());
    }

    @Test
    void describeAcceptsGroupSlashVersionInAnyCase() {
        createGroup("Churn");
        String arn = createVersion("Churn");

        assertEquals(arn, sm.describeModelPackage(b -> b.modelPackageName("churn/1")).modelPackageArn());
    }

    @Test
    void createAcceptsTheGroupArn() {
        createGroup("churn");

        assertEquals(packageArn("churn", 1), createVersion(groupArn("churn")));
    }

    @Test
    void sameClientTokenTwiceCreatesOneVersion() {
        createGroup("churn");

        String first = createVersion("churn", b -> b.clientToken("build-42-register"));
        String second = createVersion("churn", b -> b.clientToken("build-42-register"));

        assertEquals(first, second);
        assertEquals(List.of(1), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void sameClientTokenWithOtherParametersIsConflict() {
        createGroup("churn");
        createVersion("churn", b -> b.clientToken("tok-1"));

        ConflictException e = assertThrows(ConflictException.class,
                () -> createVersion("churn", b -> b.clientToken("tok-1").modelPackageDescription("different")));
        assertTrue(e.awsErrorDetails().errorMessage().contains("tok-1"));
        assertEquals(List.of(1), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void bothNamesIsValidationException() {
        createGroup("churn");

        SageMakerException e = expectError("ValidationException", () -> createVersion("churn", b -> b.modelPackageName("x")));
        assertEquals("Both ModelPackageName and ModelPackageGroupName are provided in the input. "
                + "Cannot determine which one to use.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void neitherNameIsValidationExceptionMissingArn() {
        SageMakerException e = expectError("ValidationException", () -> createVersion(null));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Missing ARN"));
    }

    @Test
    void unknownGroupOnCreateIsValidationExceptionDoesNotExist() {
        SageMakerException e = expectError("ValidationException", () -> createVersion("ghost"));
        assertTrue(e.awsErrorDetails().errorMessage().endsWith("does not exist."), e::getMessage);
    }

    @Test
    void unversionedPackageHasNoApprovalStatusNorGroup() {
        String arn = sm.createModelPackage(versionOf(null).modelPackageName("legacy-churn").build()).modelPackageArn();

        DescribeModelPackageResponse d = sm.describeModelPackage(b -> b.modelPackageName("legacy-churn"));
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-package/legacy-churn", arn);
        assertEquals("legacy-churn", d.modelPackageName());
        assertNull(d.modelApprovalStatus());
        assertNull(d.modelPackageGroupName());
        assertNull(d.modelPackageVersion());
    }

    @Test
    void modelCardIsStoredAndReturned() {
        createGroup("churn");
        String content = "{\"model_overview\":{\"model_creator\":\"jenkins\"}}";
        String arn = createVersion("churn", b -> b.modelCard(c -> c.modelCardContent(content).modelCardStatus(ModelCardStatus.DRAFT)));

        DescribeModelPackageResponse d = sm.describeModelPackage(b -> b.modelPackageName(arn));
        assertEquals(content, d.modelCard().modelCardContent());
        assertEquals(ModelCardStatus.DRAFT, d.modelCard().modelCardStatus());
    }

    @Test
    void modelLifeCycleIsStoredAndReturned() {
        createGroup("churn");
        String arn = createVersion("churn", b -> b.modelLifeCycle(l -> l.stage("Staging").stageStatus("InReview")));

        assertEquals("Staging", sm.describeModelPackage(b -> b.modelPackageName(arn)).modelLifeCycle().stage());
    }

    @Test
    void describeOfUnknownPackageIsValidationExceptionWithArn() {
        createGroup("churn");

        SageMakerException e = expectError("ValidationException",
                () -> sm.describeModelPackage(b -> b.modelPackageName(packageArn("churn", 9))));
        assertEquals("ModelPackage " + packageArn("churn", 9) + " does not exist.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void deletedPackageNoLongerExists() {
        createGroup("churn");
        String arn = createVersion("churn");

        sm.deleteModelPackage(b -> b.modelPackageName(arn));

        expectError("ValidationException", () -> sm.describeModelPackage(b -> b.modelPackageName(arn)));
    }

    @Test
    void deleteOfUnknownPackageIsValidationException() {
        expectError("ValidationException", () -> sm.deleteModelPackage(b -> b.modelPackageName("ghost")));
    }

    @Test
    void versionedPackageRejectsCertifyForMarketplace() {
        createGroup("churn");

        expectError("ValidationException", () -> createVersion("churn", b -> b.certifyForMarketplace(true)));
    }

    @Test
    void everyContainerAndItsModelDataSourceAreKeptAsRegistered() {
        createGroup("ranking");
        String arn = createVersion("ranking", b -> b.inferenceSpecification(i -> i.containers(
                c -> c.containerHostname("features").image(IMAGE).modelDataUrl("s3://models/ranking/features.tar.gz"),
                c -> c.containerHostname("ranker").image(IMAGE).modelDataSource(d -> d.s3DataSource(s -> s
                        .s3Uri("s3://models/ranking/llm/").s3DataType(S3ModelDataType.S3_PREFIX)
                        .compressionType(ModelCompressionType.NONE))))
                .supportedContentTypes("application/json").supportedResponseMIMETypes("application/json")));

        List<ModelPackageContainerDefinition> containers = sm.describeModelPackage(b -> b.modelPackageName(arn))
                .inferenceSpecification().containers();

        assertEquals(List.of("features", "ranker"), containers.stream().map(ModelPackageContainerDefinition::containerHostname).toList());
        assertEquals("s3://models/ranking/features.tar.gz", containers.get(0).modelDataUrl());
        assertNull(containers.get(0).modelDataSource());
        var source = containers.get(1).modelDataSource().s3DataSource();
        assertEquals("s3://models/ranking/llm/", source.s3Uri());
        assertEquals(S3ModelDataType.S3_PREFIX, source.s3DataType());
        assertEquals(ModelCompressionType.NONE, source.compressionType());
        assertNull(containers.get(1).modelDataUrl());
    }

    @Test
    void aModelDataSourceMustNameItsS3DataSourceAndItsRequiredMembers() {
        createGroup("ranking");

        SageMakerException empty = expectError("ValidationException", () -> createVersion("ranking", b -> b
                .inferenceSpecification(i -> i.containers(c -> c.image(IMAGE).modelDataSource(d -> { }))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))));
        SageMakerException noType = expectError("ValidationException", () -> createVersion("ranking", b -> b
                .inferenceSpecification(i -> i.containers(c -> c.image(IMAGE).modelDataSource(d -> d.s3DataSource(s -> s
                        .s3Uri("s3://models/ranking/llm/").compressionType(ModelCompressionType.NONE))))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))));

        assertTrue(empty.awsErrorDetails().errorMessage().contains("InferenceSpecification.Containers.1: ModelDataSource"),
                empty.awsErrorDetails().errorMessage());
        assertTrue(noType.awsErrorDetails().errorMessage().contains("s3DataSource.s3DataType' failed to satisfy constraint"),
                noType.awsErrorDetails().errorMessage());
        assertEquals(List.of(), emu.backend().modelPackageVersions("ranking"));
    }
}
