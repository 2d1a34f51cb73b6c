package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.List;
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
    void registrationIntoAnExistingGroupIsOneApiCall() {
        register(churn().build(), "churn#41");
        fx.emulator.clearCalls();

        ModelRegistration.Result r = register(churn().description("next").build(), "churn#42");

        assertFalse(r.groupCreated());
        assertEquals(2, r.ref().version());
        assertEquals(List.of("CreateModelPackage"), operations());
    }

    @Test
    void registrationIntoANewGroupCreatesTheGroupOnlyAfterTheServiceSaysItIsMissing() {
        ModelRegistration.Result r = register(churn().build(), "churn#42");

        assertTrue(r.groupCreated());
        assertEquals(List.of("CreateModelPackage", "CreateModelPackageGroup", "CreateModelPackage"), operations());
        assertTrue(fx.emulator.calls().get(0).responseBody().contains("does not exist"), fx.emulator.calls().get(0).responseBody());
    }

    @Test
    void aGroupCreatedByAnotherBuildMeanwhileIsUsed() {
        // The create is told the group is missing; by the time this build creates it, another build has.
        fx.console().createModelPackageGroup(b -> b.modelPackageGroupName("churn-model"));
        fx.emulator.faults().on("CreateModelPackage").call(1).error(400, "ValidationException",
                "ModelPackageGroup arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-model does not exist.");
        fx.emulator.clearCalls();

        ModelRegistration.Result r = register(churn().build(), "churn#42");

        assertFalse(r.groupCreated());
        assertEquals(1, r.ref().version());
        assertEquals(List.of("CreateModelPackage", "CreateModelPackageGroup", "CreateModelPackage"), operations());
    }

    @Test
    void aNotFoundThatDoesNotNameTheGroupIsCheckedBeforeAGroupIsCreated() {
        register(churn().build(), "churn#41");
        fx.emulator.faults().on("CreateModelPackage").call(1).error(400, "ValidationException", "Model card template does not exist.");
        fx.emulator.clearCalls();

        RegistryException e = assertThrows(RegistryException.class, () -> register(churn().build(), "churn#42"));

        assertEquals("Model card template does not exist.", e.awsMessage());
        assertEquals(List.of("CreateModelPackage", "DescribeModelPackageGroup"), operations(), "the group exists: nothing created");
    }

    @Test
    void theVersionCarriesTheMarkerOfItsClientToken() {
        var p = ModelRegistration.prepare(churn().build(), BUILD_ENV, "churn#42", "alice");
        ModelPackageRef ref = registration.register(p).ref();

        var metadata = fx.registry().describe(ref.arn()).customerMetadata();
        assertEquals(p.token().marker(), metadata.get("jenkins:client-token-sha256"));
        assertEquals(p.clientToken(), fx.emulator.calls("CreateModelPackage").get(0).request().path("ClientToken").asText());
    }

    @Test
    void theLookUpFindsTheVersionByItsMarkerAmongTheNewest() {
        var p = ModelRegistration.prepare(churn().build(), BUILD_ENV, "churn#42", "alice");
        var since = fx.clock.instant();
        ModelPackageRef mine = registration.register(p).ref();
        register(churn().build(), "churn#43");

        ModelRegistration.Lookup lookup = registration.findRegistered(p, since.minusSeconds(60), 10);

        assertEquals(mine.arn(), lookup.found().orElseThrow().arn());
        assertTrue(lookup.exhaustive());
    }

    @Test
    void theLookUpChecksAtMostItsLimitOfVersionsNewestFirst() {
        var p = ModelRegistration.prepare(churn().build(), BUILD_ENV, "churn#42", "alice");
        var since = fx.clock.instant().minusSeconds(60);
        registration.register(p);
        for (int build = 43; build <= 45; build++) {
            fx.clock.advance(java.time.Duration.ofSeconds(1));
            register(churn().build(), "churn#" + build);
        }
        fx.emulator.clearCalls();

        ModelRegistration.Lookup lookup = registration.findRegistered(p, since, 3);

        assertTrue(lookup.found().isEmpty(), "the registration's version is the fourth newest");
        assertFalse(lookup.exhaustive());
        assertEquals(3, fx.calls("DescribeModelPackage"));
        assertEquals(List.of(4, 3, 2), lookup.listedArns().stream().map(a -> ModelPackageRef.fromArn(a, "").version()).toList());
    }

    List<String> operations() {
        return fx.emulator.calls().stream().map(c -> c.operation()).toList();
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
