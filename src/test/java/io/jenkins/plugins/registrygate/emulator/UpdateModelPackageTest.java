package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelCardStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class UpdateModelPackageTest extends EmulatorTestSupport {

    private String arn;

    private String version() {
        createGroup("churn");
        arn = createVersion("churn", b -> b.modelPackageDescription("v1")
                .customerMetadataProperties(Map.of("build", "41", "auc", "0.90")));
        return arn;
    }

    private DescribeModelPackageResponse describe() {
        return sm.describeModelPackage(b -> b.modelPackageName(arn));
    }

    @Test
    void updateReturnsThePackageArn() {
        version();

        assertEquals(arn, sm.updateModelPackage(b -> b.modelPackageArn(arn).approvalDescription("ok")).modelPackageArn());
    }

    @Test
    void metadataIsMergedAddingAndOverwritingKeys() {
        version();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).customerMetadataProperties(Map.of("auc", "0.93", "gate", "passed")));

        assertEquals(Map.of("build", "41", "auc", "0.93", "gate", "passed"), describe().customerMetadataProperties());
    }

    @Test
    void metadataKeysAreRemoved() {
        version();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).customerMetadataPropertiesToRemove("auc", "not-there"));

        assertEquals(Map.of("build", "41"), describe().customerMetadataProperties());
    }

    @Test
    void removingEveryMetadataKeyLeavesNoMetadata() {
        version();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).customerMetadataPropertiesToRemove("auc", "build"));

        assertFalse(describe().hasCustomerMetadataProperties());
    }

    @Test
    void settingAndRemovingOneKeyInOneCallIsValidationException() {
        version();

        expectError("ValidationException", () -> sm.updateModelPackage(b -> b.modelPackageArn(arn)
                .customerMetadataProperties(Map.of("auc", "0.95")).customerMetadataPropertiesToRemove("auc")));
        assertEquals("0.90", describe().customerMetadataProperties().get("auc"));
    }

    @Test
    void moreThanFiftyMetadataEntriesAfterMergeIsValidationException() {
        version();
        Map<String, String> fortyNine = new LinkedHashMap<>();
        for (int i = 0; i < 49; i++) {
            fortyNine.put("k" + i, "v");
        }

        SageMakerException e = expectError("ValidationException",
                () -> sm.updateModelPackage(b -> b.modelPackageArn(arn).customerMetadataProperties(fortyNine)));
        assertTrue(e.awsErrorDetails().errorMessage().contains("50"), e::getMessage);
        assertEquals(2, describe().customerMetadataProperties().size());
    }

    @Test
    void approvalStatusMovesBetweenAnyValues() {
        version();
        List<ModelApprovalStatus> path = List.of(ModelApprovalStatus.APPROVED, ModelApprovalStatus.REJECTED,
                ModelApprovalStatus.APPROVED, ModelApprovalStatus.PENDING_MANUAL_APPROVAL, ModelApprovalStatus.REJECTED);

        for (ModelApprovalStatus s : path) {
            sm.updateModelPackage(b -> b.modelPackageArn(arn).modelApprovalStatus(s));
            assertEquals(s, describe().modelApprovalStatus());
        }
    }

    @Test
    void updateChangesOnlyWhatItIsGiven() {
        version();
        DescribeModelPackageResponse before = describe();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).modelApprovalStatus(ModelApprovalStatus.APPROVED)
                .approvalDescription("gate passed"));

        DescribeModelPackageResponse after = describe();
        assertEquals("gate passed", after.approvalDescription());
        assertEquals(before.modelPackageDescription(), after.modelPackageDescription());
        assertEquals(before.customerMetadataProperties(), after.customerMetadataProperties());
        assertEquals(before.inferenceSpecification(), after.inferenceSpecification());
        assertEquals(before.creationTime(), after.creationTime());
    }

    @Test
    void updateSetsLastModifiedTimeAndByFromTheCaller() {
        version();
        clock.advance(Duration.ofMinutes(5));
        try (SageMakerClient approver = EmulatorClients.sageMaker(emu,
                b -> b.credentialsProvider(EmulatorClients.credentials("APPROVERKEY")))) {
            approver.updateModelPackage(b -> b.modelPackageArn(arn).modelApprovalStatus(ModelApprovalStatus.APPROVED));
        }

        DescribeModelPackageResponse d = describe();
        assertEquals(T0.plus(Duration.ofMinutes(5)), d.lastModifiedTime());
        assertEquals(emu.identities().resolve("APPROVERKEY").arn(), d.lastModifiedBy().iamIdentity().arn());
        assertEquals(emu.identities().resolve(EmulatorClients.ACCESS_KEY_ID).arn(), d.createdBy().iamIdentity().arn());
        assertEquals(T0, d.creationTime());
    }

    @Test
    void newPackageHasNoLastModifiedBy() {
        version();

        assertNull(describe().lastModifiedBy());
    }

    @Test
    void modelLifeCycleAndSourceUriAreReplaced() {
        version();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).modelLifeCycle(l -> l.stage("Prod").stageStatus("Approved")
                .stageDescription("promoted by build 42")).sourceUri("s3://models/churn/src.tar.gz"));

        DescribeModelPackageResponse d = describe();
        assertEquals("Prod", d.modelLifeCycle().stage());
        assertEquals("promoted by build 42", d.modelLifeCycle().stageDescription());
        assertEquals("s3://models/churn/src.tar.gz", d.sourceUri());
    }

    @Test
    void additionalInferenceSpecificationsAreAppended() {
        version();

        sm.updateModelPackage(b -> b.modelPackageArn(arn).additionalInferenceSpecificationsToAdd(
                s -> s.name("neo-compiled").containers(c -> c.image(IMAGE))));
        sm.updateModelPackage(b -> b.modelPackageArn(arn).additionalInferenceSpecificationsToAdd(
                s -> s.name("gpu").containers(c -> c.image(IMAGE))));

        assertEquals(List.of("neo-compiled", "gpu"), describe().additionalInferenceSpecifications().stream()
                .map(s -> s.name()).toList());
    }

    @Test
    void modelCardStatusChangesWithoutTouchingContent() {
        createGroup("churn");
        arn = createVersion("churn", b -> b.modelCard(c -> c.modelCardContent("{}").modelCardStatus(ModelCardStatus.DRAFT)));

        sm.updateModelPackage(b -> b.modelPackageArn(arn).modelCard(c -> c.modelCardStatus(ModelCardStatus.APPROVED)));

        assertEquals(ModelCardStatus.APPROVED, describe().modelCard().modelCardStatus());
        assertEquals("{}", describe().modelCard().modelCardContent());
    }

    @Test
    void contentUpdateOfArchivedModelCardIsRefused() {
        createGroup("churn");
        arn = createVersion("churn", b -> b.modelCard(c -> c.modelCardContent("{}").modelCardStatus(ModelCardStatus.ARCHIVED)));

        SageMakerException e = expectError("ValidationException", () -> sm.updateModelPackage(b -> b.modelPackageArn(arn)
                .modelCard(c -> c.modelCardContent("{\"model_overview\":{}}"))));
        assertEquals("Model Card is in Archived state", e.awsErrorDetails().errorMessage());
    }

    @Test
    void updateOfUnknownPackageIsValidationExceptionDoesNotExist() {
        SageMakerException e = expectError("ValidationException", () -> sm.updateModelPackage(b -> b
                .modelPackageArn(packageArn("churn", 7)).modelApprovalStatus(ModelApprovalStatus.APPROVED)));
        assertEquals("ModelPackage " + packageArn("churn", 7) + " does not exist.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void approvalOfAnUnversionedPackageIsValidationException() {
        String unversioned = sm.createModelPackage(versionOf(null).modelPackageName("legacy").build()).modelPackageArn();

        expectError("ValidationException", () -> sm.updateModelPackage(b -> b.modelPackageArn(unversioned)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED)));
    }
}
