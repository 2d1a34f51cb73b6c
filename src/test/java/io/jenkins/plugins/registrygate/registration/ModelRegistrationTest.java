package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.ListTagsRequest;

/** Registration end to end through the real SDK client against the emulator. */
class ModelRegistrationTest {

    static final Map<String, String> BUILD_ENV = Map.of(
            "GIT_COMMIT", "9fceb02d0ae598e95dc970b74767f19372d61af8",
            "GIT_URL", "https://ci-bot:s3cr3t@git.example.com/ml/churn.git",
            "BUILD_URL", "https://jenkins.example.com/job/churn/42/",
            "JOB_NAME", "churn",
            "BUILD_NUMBER", "42");

    final RegistryFixture fx = new RegistryFixture();
    final ModelRegistration registration = new ModelRegistration(fx.registry());

    @AfterEach
    void close() {
        fx.close();
    }

    static RegistrationRequest.Builder churn() {
        return RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE)
                .modelDataUrl("s3://models/churn/42/model.tar.gz")
                .description("Churn classifier trained on March data")
                .metrics(Map.of("accuracy", "0.93", "auc", "0.88"))
                .tags(Map.of("team", "risk"));
    }

    ModelRegistration.Result register(RegistrationRequest r, String build) {
        return registration.register(ModelRegistration.prepare(r, BUILD_ENV, build, "alice"));
    }

    @Test
    void firstRegistrationCreatesTheGroupWithItsTagsAndVersionOne() {
        ModelRegistration.Result r = register(churn().groupDescription("Churn models").build(), "churn#42");

        assertTrue(r.groupCreated());
        assertEquals(1, r.ref().version());
        assertEquals("churn-model", r.ref().group());
        assertEquals("PendingManualApproval", r.ref().approvalStatus());
        var group = fx.console().describeModelPackageGroup(b -> b.modelPackageGroupName("churn-model"));
        assertEquals("Churn models", group.modelPackageGroupDescription());
        var tags = fx.console().listTags(ListTagsRequest.builder().resourceArn(group.modelPackageGroupArn()).build()).tags();
        assertEquals("risk", tags.get(0).value());
    }

    @Test
    void registrationIntoAnExistingGroupMakesTwoApiCalls() {
        register(churn().build(), "churn#41");
        fx.emulator.clearCalls();

        ModelRegistration.Result r = register(churn().description("next").build(), "churn#42");

        assertFalse(r.groupCreated());
        assertEquals(2, r.ref().version());
        assertEquals(2, fx.emulator.calls().size(), "DescribeModelPackageGroup + CreateModelPackage");
    }

    @Test
    void registrationIntoANewGroupMakesThreeApiCalls() {
        register(churn().build(), "churn#42");

        assertEquals(3, fx.emulator.calls().size(), "DescribeModelPackageGroup + CreateModelPackageGroup + CreateModelPackage");
    }

    @Test
    void lineageIsCapturedIntoMetadataPropertiesAndCustomerMetadata() {
        ModelPackageRef ref = register(churn().build(), "churn#42").ref();

        var d = fx.console().describeModelPackage(b -> b.modelPackageName(ref.arn()));
        assertEquals("9fceb02d0ae598e95dc970b74767f19372d61af8", d.metadataProperties().commitId());
        assertEquals("https://jenkins.example.com/job/churn/42/", d.metadataProperties().generatedBy());
        assertEquals("churn", d.customerMetadataProperties().get("jenkins:job"));
        assertEquals("42", d.customerMetadataProperties().get("jenkins:build-number"));
        assertEquals("0.93", d.customerMetadataProperties().get("metric:accuracy"));
        assertEquals("alice", d.customerMetadataProperties().get("jenkins:registered-by"));
    }

    @Test
    void credentialsInTheGitUrlNeverReachTheRegistry() {
        ModelPackageRef ref = register(churn().build(), "churn#42").ref();

        var d = fx.console().describeModelPackage(b -> b.modelPackageName(ref.arn()));
        assertEquals("https://git.example.com/ml/churn.git", d.metadataProperties().repository());
        assertFalse(d.customerMetadataProperties().toString().contains("s3cr3t"));
    }

    @Test
    void userGivenLineageWinsOverCapturedAndSaysSo() {
        var r = register(churn().lineage(LineageField.GIT_COMMIT, "abc1234").lineage(LineageField.DATA_VERSION, "s3v-77").build(), "churn#42");

        assertEquals("abc1234", r.lineage().value(LineageField.GIT_COMMIT).orElseThrow());
        assertTrue(r.lineage().describe().contains("gitCommit = abc1234 (given as the gitCommit parameter)"), r.lineage().describe().toString());
        assertTrue(r.lineage().describe().contains("buildUrl = https://jenkins.example.com/job/churn/42/ (captured from $BUILD_URL)"));
        assertEquals("s3v-77", fx.console().describeModelPackage(b -> b.modelPackageName(r.ref().arn()))
                .customerMetadataProperties().get("data:version"));
    }

    @Test
    void imagePinnedByDigestRecordsTheDigest() {
        String digest = "sha256:" + "ab".repeat(32);
        var r = register(RegistrationRequest.builder("churn-model", "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn@" + digest).build(), "b#1");

        var d = fx.console().describeModelPackage(b -> b.modelPackageName(r.ref().arn()));
        assertEquals(digest, d.customerMetadataProperties().get("image:digest"));
        assertEquals(digest, d.inferenceSpecification().containers().get(0).imageDigest());
    }

    @Test
    void modelCardAndStartingStatusAreSent() {
        var r = register(churn().approvalStatus("Rejected").modelCardStatus("Draft").modelCardContent("{\"model_overview\":{}}").build(), "b#1");

        ModelPackageDetails d = fx.registry().describe(r.ref().arn());
        assertEquals("Rejected", d.ref().approvalStatus());
        assertEquals("Draft", d.modelCardStatus());
        assertEquals("{\"model_overview\":{}}", d.modelCardContent());
    }
}
