package io.jenkins.plugins.registrygate.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.emulator.kms.KmsService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The preflight through the real SDK clients against the emulator's S3, KMS, ECR, IAM and CloudWatch, as a deploying
 * identity that an administrator set up the account for. Each check passes, fails, or reports that the identity may
 * not make it.
 */
class AwsPreflightTest {

    static final String TRUST_SAGEMAKER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}";

    SageMakerEmulator emu;
    Identities.Credentials deployer;
    final List<AutoCloseable> closing = new ArrayList<>();
    AwsPreflight preflight;
    String imageDigest;
    String role;
    software.amazon.awssdk.services.s3.S3Client s3Admin;
    software.amazon.awssdk.services.ecr.EcrClient ecrAdmin;
    software.amazon.awssdk.services.cloudwatch.CloudWatchClient cwAdmin;

    @BeforeEach
    void account() {
        emu = SageMakerEmulator.start();
        var admin = EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID);
        var s3 = s3Admin = keep(EmulatorClients.s3(emu, admin));
        s3.createBucket(b -> b.bucket("ml-models"));
        s3.putObject(b -> b.bucket("ml-models").key("churn/7/model.tar.gz"), RequestBody.fromString("model", StandardCharsets.UTF_8));
        var ecr = ecrAdmin = keep(EmulatorClients.ecr(emu, admin));
        ecr.createRepository(b -> b.repositoryName("churn-serve"));
        imageDigest = ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2").imageManifest(MANIFEST)).image().imageId().imageDigest();
        role = keep(EmulatorClients.iam(emu, admin)).createRole(b -> b.roleName("sagemaker-execution")
                .assumeRolePolicyDocument(TRUST_SAGEMAKER)).role().arn();
        var cw = cwAdmin = keep(EmulatorClients.cloudWatch(emu, admin));
        for (String alarm : List.of("churn-5xx", "churn-latency")) {
            cw.putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/SageMaker").metricName("Invocation5XXErrors")
                    .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        }
        deployer = emu.identities().user("deployer");
        AwsCredentialsProvider as = EmulatorClients.credentials(deployer);
        preflight = new AwsPreflight(new AwsPreflight.Clients(keep(EmulatorClients.s3(emu, as)), keep(EmulatorClients.kms(emu, as)),
                region -> keep(EmulatorClients.ecr(emu, as)), keep(EmulatorClients.iam(emu, as)), keep(EmulatorClients.cloudWatch(emu, as))));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        emu.close();
        assertEquals(List.of(), emu.conformanceViolations());
    }

    <T extends AutoCloseable> T keep(T c) {
        closing.add(c);
        return c;
    }

    String image(String reference) {
        return "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-serve" + reference;
    }

    /** One container, its model data (if any) given as a ModelDataUrl, no image:digest registered. */
    List<GateCheckResult> check(String modelData, String image, String roleArn, List<String> alarms) {
        return check(List.of(container(1, "", image, modelData.isEmpty() ? List.of() : List.of(url(modelData)))), Optional.empty(),
                roleArn, alarms);
    }

    List<GateCheckResult> check(List<Preflight.Container> containers, Optional<String> registeredDigest, String roleArn, List<String> alarms) {
        return preflight.check(new Preflight.Subject(containers, registeredDigest, roleArn, alarms));
    }

    /** The image check of one container, with the version's image:digest. */
    GateCheckResult imageCheck(String image, Optional<String> registeredDigest) {
        return result(check(List.of(container(1, "", image, List.of())), registeredDigest, role, List.of()), GateCheck.IMAGE);
    }

    /** The model artifact and artifact key checks of one container whose model data is {@code data}. */
    List<GateCheckResult> dataCheck(Preflight.ModelData data) {
        return check(List.of(container(1, "", image(":1.4.2"), List.of(data))), Optional.empty(), role, List.of());
    }

    static Preflight.Container container(int position, String hostname, String image, List<Preflight.ModelData> data) {
        return new Preflight.Container(position, hostname, image, data);
    }

    static Preflight.ModelData url(String uri) {
        return new Preflight.ModelData(uri, Preflight.S3_OBJECT, "ModelDataUrl");
    }

    static Preflight.ModelData source(String uri, String s3DataType) {
        return new Preflight.ModelData(uri, s3DataType, "ModelDataSource");
    }

    static GateCheckResult result(List<GateCheckResult> results, GateCheck check) {
        return results.stream().filter(r -> r.getCheck() == check).findFirst().orElseThrow();
    }

    static List<GateCheckResult> results(List<GateCheckResult> results, GateCheck check) {
        return results.stream().filter(r -> r.getCheck() == check).toList();
    }

    void put(String key, String content) {
        s3Admin.putObject(b -> b.bucket("ml-models").key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Test
    void everythingThereAndReadablePasses() {
        List<GateCheckResult> r = check("s3://ml-models/churn/7/model.tar.gz", image("@" + imageDigest), role, List.of("churn-5xx", "churn-latency"));
        assertEquals(List.of(GateCheck.MODEL_ARTIFACT, GateCheck.ARTIFACT_KEY, GateCheck.IMAGE, GateCheck.EXECUTION_ROLE, GateCheck.ALARMS),
                r.stream().map(GateCheckResult::getCheck).toList());
        for (GateCheck c : List.of(GateCheck.MODEL_ARTIFACT, GateCheck.IMAGE, GateCheck.EXECUTION_ROLE, GateCheck.ALARMS)) {
            assertEquals(CheckOutcome.PASSED, result(r, c).getOutcome(), result(r, c).summary());
        }
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(r, GateCheck.ARTIFACT_KEY).getOutcome(), "no KMS key on the object");
        assertTrue(result(r, GateCheck.IMAGE).getDetail().contains(imageDigest));
    }

    @Test
    void aMissingArtifactFails() {
        GateCheckResult r = result(check("s3://ml-models/churn/8/model.tar.gz", image(":1.4.2"), role, List.of()), GateCheck.MODEL_ARTIFACT);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.summary());
        assertTrue(r.getDetail().contains("does not exist"), r.getDetail());
    }

    @Test
    void anArtifactTheIdentityMayNotReadIsNotPermittedNotFailedAndNotPassed() {
        emu.identities().deny(deployer.principal(), "s3:GetObject");
        GateCheckResult r = result(check("s3://ml-models/churn/7/model.tar.gz", image(":1.4.2"), role, List.of()), GateCheck.MODEL_ARTIFACT);
        assertEquals(CheckOutcome.NOT_PERMITTED, r.getOutcome(), r.summary());
    }

    @Test
    void aKmsEncryptedArtifactPassesWhenTheIdentityMayDecrypt() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        try (var s3 = EmulatorClients.s3(emu)) {
            s3.putObject(b -> b.bucket("ml-models").key("churn/9/model.tar.gz").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(key.keyId()), RequestBody.fromString("model", StandardCharsets.UTF_8));
        }
        GateCheckResult r = result(check("s3://ml-models/churn/9/model.tar.gz", image(":1.4.2"), role, List.of()), GateCheck.ARTIFACT_KEY);
        assertEquals(CheckOutcome.PASSED, r.getOutcome(), r.summary());
    }

    @Test
    void aKmsEncryptedArtifactFailsWhenTheIdentityMayNotDecrypt() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        try (var s3 = EmulatorClients.s3(emu)) {
            s3.putObject(b -> b.bucket("ml-models").key("churn/9/model.tar.gz").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(key.keyId()), RequestBody.fromString("model", StandardCharsets.UTF_8));
        }
        emu.identities().deny(deployer.principal(), "kms:Decrypt", key.arn());
        List<GateCheckResult> r = check("s3://ml-models/churn/9/model.tar.gz", image(":1.4.2"), role, List.of());
        assertEquals(CheckOutcome.PASSED, result(r, GateCheck.MODEL_ARTIFACT).getOutcome(), "HeadObject needs no decrypt");
        GateCheckResult k = result(r, GateCheck.ARTIFACT_KEY);
        assertEquals(CheckOutcome.FAILED, k.getOutcome(), k.summary());
        assertTrue(k.getDetail().contains("may not decrypt") && k.getDetail().contains("Enabled"), k.getDetail());
    }

    @Test
    void aMissingImageFailsAndAnImageOutsideEcrIsNotApplicable() {
        assertEquals(CheckOutcome.FAILED, result(check("", image(":9.9.9"), role, List.of()), GateCheck.IMAGE).getOutcome());
        assertEquals(CheckOutcome.FAILED, result(check("", "123456789012.dkr.ecr.us-east-1.amazonaws.com/nothing:1", role, List.of()),
                GateCheck.IMAGE).getOutcome());
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(check("", "docker.io/library/python:3.12", role, List.of()), GateCheck.IMAGE).getOutcome());
    }

    @Test
    void anImageTheIdentityMayNotDescribeIsNotPermitted() {
        emu.identities().deny(deployer.principal(), "ecr:DescribeImages");
        assertEquals(CheckOutcome.NOT_PERMITTED, result(check("", image(":1.4.2"), role, List.of()), GateCheck.IMAGE).getOutcome());
    }

    @Test
    void aMissingRoleOrOneSageMakerMayNotAssumeFails() {
        assertEquals(CheckOutcome.FAILED, result(check("", image(":1.4.2"), "arn:aws:iam::123456789012:role/nope", List.of()),
                GateCheck.EXECUTION_ROLE).getOutcome());
        String ec2Trust = TRUST_SAGEMAKER.replace("sagemaker.amazonaws.com", "ec2.amazonaws.com");
        String other;
        try (var iam = EmulatorClients.iam(emu)) {
            other = iam.createRole(b -> b.roleName("ec2-only").assumeRolePolicyDocument(ec2Trust)).role().arn();
        }
        GateCheckResult r = result(check("", image(":1.4.2"), other, List.of()), GateCheck.EXECUTION_ROLE);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.summary());
        assertTrue(r.getDetail().contains("does not let sagemaker.amazonaws.com assume it"), r.getDetail());
    }

    @Test
    void aRoleTheIdentityMayNotReadIsNotPermitted() {
        emu.identities().deny(deployer.principal(), "iam:GetRole");
        assertEquals(CheckOutcome.NOT_PERMITTED, result(check("", image(":1.4.2"), role, List.of()), GateCheck.EXECUTION_ROLE).getOutcome());
    }

    @Test
    void aRollbackAlarmThatDoesNotExistOrIsFiringFails() {
        GateCheckResult missing = result(check("", image(":1.4.2"), role, List.of("churn-5xx", "churn-typo")), GateCheck.ALARMS);
        assertEquals(CheckOutcome.FAILED, missing.getOutcome());
        assertTrue(missing.getDetail().contains("no such alarm: churn-typo"), missing.getDetail());
        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "p95 above 300 ms");
        GateCheckResult firing = result(check("", image(":1.4.2"), role, List.of("churn-5xx", "churn-latency")), GateCheck.ALARMS);
        assertEquals(CheckOutcome.FAILED, firing.getOutcome());
        assertTrue(firing.getDetail().contains("already in ALARM: churn-latency"), firing.getDetail());
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(check("", image(":1.4.2"), role, List.of()), GateCheck.ALARMS).getOutcome());
    }

    @Test
    void alarmsTheIdentityMayNotDescribeAreNotPermitted() {
        emu.identities().deny(deployer.principal(), "cloudwatch:DescribeAlarms");
        assertEquals(CheckOutcome.NOT_PERMITTED, result(check("", image(":1.4.2"), role, List.of("churn-5xx")), GateCheck.ALARMS).getOutcome());
    }

    @Test
    void theHappyPathCostsOneCallPerCheck() {
        emu.clearCalls();
        check("s3://ml-models/churn/7/model.tar.gz", image("@" + imageDigest), role, List.of("churn-5xx"));
        assertEquals(List.of("s3:HeadObject", "ecr:DescribeImages", "iam:GetRole", "monitoring:DescribeAlarms"),
                emu.calls().stream().map(c -> c.service() + ":" + c.operation()).toList());
    }

    @Test
    void aCheckTheServiceDidNotAnswerIsNotAResultButATransientErrorForTheGateToRetry() {
        emu.faults().on("ecr", "DescribeImages").next(3).serviceUnavailable();
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.jenkins.plugins.registrygate.registry.RegistryException.class,
                () -> check("", image(":1.4.2"), role, List.of()));
        assertTrue(e.isTransient(), e::getMessage);
        assertTrue(e.getMessage().startsWith("ECR DescribeImages failed: ServiceUnavailable"), e.getMessage());
        assertEquals(CheckOutcome.PASSED, result(check("", image(":1.4.2"), role, List.of()), GateCheck.IMAGE).getOutcome());
    }

    // ------------------------------------------------------------------------------ every container, named

    @Test
    void aSecondContainerMissingItsImageFailsAndTheResultsNameEachContainer() {
        put("ranking/llm/weights.bin", "weights");
        List<GateCheckResult> r = check(List.of(
                container(1, "features", image(":1.4.2"), List.of(url("s3://ml-models/churn/7/model.tar.gz"))),
                container(2, "ranker", image(":9.9.9"), List.of(source("s3://ml-models/ranking/llm/", Preflight.S3_PREFIX)))),
                Optional.empty(), role, List.of());

        List<GateCheckResult> images = results(r, GateCheck.IMAGE);
        List<GateCheckResult> artifacts = results(r, GateCheck.MODEL_ARTIFACT);
        assertEquals(List.of(CheckOutcome.PASSED, CheckOutcome.FAILED), images.stream().map(GateCheckResult::getOutcome).toList());
        assertTrue(images.get(0).getDetail().startsWith("container 1 (features): churn-serve "), images.get(0).getDetail());
        assertEquals("container 2 (ranker): " + image(":9.9.9") + " is not in ECR (ImageNotFoundException)", images.get(1).getDetail());
        assertEquals(List.of(CheckOutcome.PASSED, CheckOutcome.PASSED), artifacts.stream().map(GateCheckResult::getOutcome).toList());
        assertTrue(artifacts.get(1).getDetail().startsWith("container 2 (ranker): s3://ml-models/ranking/llm/ (S3Prefix"),
                artifacts.get(1).getDetail());
        assertEquals(2, results(r, GateCheck.ARTIFACT_KEY).size());
    }

    @Test
    void aSecondContainerMissingItsModelDataFails() {
        List<GateCheckResult> r = check(List.of(
                container(1, "", image(":1.4.2"), List.of(url("s3://ml-models/churn/7/model.tar.gz"))),
                container(2, "", image(":1.4.2"), List.of(url("s3://ml-models/churn/8/model.tar.gz")))),
                Optional.empty(), role, List.of());

        List<GateCheckResult> artifacts = results(r, GateCheck.MODEL_ARTIFACT);
        assertEquals(CheckOutcome.PASSED, artifacts.get(0).getOutcome());
        assertEquals(CheckOutcome.FAILED, artifacts.get(1).getOutcome());
        assertEquals("container 2: s3://ml-models/churn/8/model.tar.gz does not exist", artifacts.get(1).getDetail());
    }

    @Test
    void aContainerWithBothAModelDataUrlAndAModelDataSourceHasBothChecked() {
        List<GateCheckResult> r = dataCheckOf(List.of(url("s3://ml-models/churn/7/model.tar.gz"),
                source("s3://ml-models/churn/9/", Preflight.S3_PREFIX)));

        assertEquals(List.of(CheckOutcome.PASSED, CheckOutcome.FAILED),
                results(r, GateCheck.MODEL_ARTIFACT).stream().map(GateCheckResult::getOutcome).toList());
    }

    @Test
    void aVersionWithoutContainersFailsTheImageCheck() {
        List<GateCheckResult> r = check(List.of(), Optional.empty(), role, List.of());

        assertEquals(CheckOutcome.FAILED, result(r, GateCheck.IMAGE).getOutcome());
        assertTrue(result(r, GateCheck.IMAGE).getDetail().contains("SageMaker would have nothing to deploy"));
    }

    List<GateCheckResult> dataCheckOf(List<Preflight.ModelData> data) {
        return check(List.of(container(1, "", image(":1.4.2"), data)), Optional.empty(), role, List.of());
    }

    // ------------------------------------------------------------------------------------ ModelDataSource

    @Test
    void anS3PrefixWithObjectsPassesByListingOneKeyThenReadingItsHead() {
        put("churn/7/uncompressed/config.json", "{}");
        put("churn/7/uncompressed/weights.bin", "weights");
        emu.clearCalls();

        List<GateCheckResult> r = dataCheck(source("s3://ml-models/churn/7/uncompressed/", Preflight.S3_PREFIX));

        GateCheckResult artifact = result(r, GateCheck.MODEL_ARTIFACT);
        assertEquals(CheckOutcome.PASSED, artifact.getOutcome(), artifact.summary());
        assertEquals("s3://ml-models/churn/7/uncompressed/ (S3Prefix; holds objects, the first config.json, 2 bytes)", artifact.getDetail());
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(r, GateCheck.ARTIFACT_KEY).getOutcome(), "SSE-S3, no KMS key");
        assertEquals(List.of("s3:ListObjectsV2", "s3:HeadObject"), emu.calls().stream().filter(c -> c.service().equals("s3"))
                .map(c -> c.service() + ":" + c.operation()).toList());
        String listed = emu.calls("s3", "ListObjectsV2").get(0).responseBody();
        assertTrue(listed.contains("<MaxKeys>1</MaxKeys>") && listed.contains("<KeyCount>1</KeyCount>"), listed);
    }

    @Test
    void anEmptyS3PrefixFails() {
        put("churn/80/model.tar.gz", "a neighbour's key shares the characters, not the prefix");

        List<GateCheckResult> r = dataCheck(source("s3://ml-models/churn/8/", Preflight.S3_PREFIX));

        GateCheckResult artifact = result(r, GateCheck.MODEL_ARTIFACT);
        assertEquals(CheckOutcome.FAILED, artifact.getOutcome());
        assertEquals("no object under s3://ml-models/churn/8/ (S3Prefix): SageMaker would find no model data to deploy",
                artifact.getDetail());
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(r, GateCheck.ARTIFACT_KEY).getOutcome());
    }

    @Test
    void anS3PrefixThatDoesNotEndWithASlashFails() {
        put("churn/7/uncompressed/weights.bin", "weights");

        GateCheckResult r = result(dataCheck(source("s3://ml-models/churn/7/uncompressed", Preflight.S3_PREFIX)), GateCheck.MODEL_ARTIFACT);

        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().contains("does not end with '/'"), r.getDetail());
    }

    @Test
    void aFolderObjectAtThePrefixFails() {
        put("churn/7/uncompressed/", "");
        put("churn/7/uncompressed/weights.bin", "weights");

        GateCheckResult r = result(dataCheck(source("s3://ml-models/churn/7/uncompressed/", Preflight.S3_PREFIX)), GateCheck.MODEL_ARTIFACT);

        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().contains("is itself an object") && r.getDetail().contains("ends in '/'"), r.getDetail());
    }

    @Test
    void aPrefixInABucketThatDoesNotExistFailsAndOneTheIdentityMayNotListIsNotPermitted() {
        GateCheckResult noBucket = result(dataCheck(source("s3://no-such-bucket/churn/", Preflight.S3_PREFIX)), GateCheck.MODEL_ARTIFACT);
        emu.identities().deny(deployer.principal(), "s3:ListBucket");
        put("churn/7/uncompressed/weights.bin", "weights");
        GateCheckResult denied = result(dataCheck(source("s3://ml-models/churn/7/uncompressed/", Preflight.S3_PREFIX)),
                GateCheck.MODEL_ARTIFACT);

        assertEquals(CheckOutcome.FAILED, noBucket.getOutcome());
        assertEquals("s3://no-such-bucket/churn/: bucket no-such-bucket does not exist (NoSuchBucket)", noBucket.getDetail());
        assertEquals(CheckOutcome.NOT_PERMITTED, denied.getOutcome(), denied.summary());
    }

    @Test
    void aKmsEncryptedPrefixIsCheckedThroughItsFirstObject() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        s3Admin.putObject(b -> b.bucket("ml-models").key("churn/9/uncompressed/weights.bin").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(key.keyId()), RequestBody.fromString("weights", StandardCharsets.UTF_8));
        Preflight.ModelData data = source("s3://ml-models/churn/9/uncompressed/", Preflight.S3_PREFIX);
        assertEquals(CheckOutcome.PASSED, result(dataCheck(data), GateCheck.ARTIFACT_KEY).getOutcome());

        emu.identities().deny(deployer.principal(), "kms:Decrypt", key.arn());
        GateCheckResult k = result(dataCheck(data), GateCheck.ARTIFACT_KEY);

        assertEquals(CheckOutcome.FAILED, k.getOutcome(), k.summary());
        assertTrue(k.getDetail().startsWith("the deploying identity may not decrypt s3://ml-models/churn/9/uncompressed/weights.bin"), k.getDetail());
    }

    @Test
    void anEmptyKmsEncryptedObjectIsReadWholeNotByARangePastItsEnd() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        s3Admin.putObject(b -> b.bucket("ml-models").key("churn/9/model/EMPTY_MARKER").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(key.keyId()), RequestBody.empty());

        GateCheckResult k = result(dataCheck(source("s3://ml-models/churn/9/model/EMPTY_MARKER", Preflight.S3_OBJECT)), GateCheck.ARTIFACT_KEY);

        assertEquals(CheckOutcome.PASSED, k.getOutcome(), k.summary());
    }

    @Test
    void anS3ObjectDataSourceIsCheckedLikeAModelDataUrl() {
        GateCheckResult there = result(dataCheck(source("s3://ml-models/churn/7/model.tar.gz", Preflight.S3_OBJECT)), GateCheck.MODEL_ARTIFACT);
        GateCheckResult missing = result(dataCheck(source("s3://ml-models/churn/8/model.tar.gz", Preflight.S3_OBJECT)), GateCheck.MODEL_ARTIFACT);

        assertEquals(CheckOutcome.PASSED, there.getOutcome());
        assertEquals(CheckOutcome.FAILED, missing.getOutcome());
        assertEquals("s3://ml-models/churn/8/model.tar.gz does not exist", missing.getDetail());
    }

    @Test
    void anS3DataTypeThePreflightDoesNotKnowFailsRatherThanPasses() {
        GateCheckResult r = result(dataCheck(source("s3://ml-models/churn/7/", "S3Manifest")), GateCheck.MODEL_ARTIFACT);

        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().contains("S3DataType S3Manifest"), r.getDetail());
    }

    // ------------------------------------------------------------------------------ the registered digest

    String pushAgain(String tag) {
        return ecrAdmin.putImage(b -> b.repositoryName("churn-serve").imageTag(tag)
                .imageManifest("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"rebuilt\":true}"))
                .image().imageId().imageDigest();
    }

    @Test
    void aTagThatNowPointsAtAnotherDigestThanTheRegisteredOneFails() {
        String moved = pushAgain("1.4.2");

        GateCheckResult r = imageCheck(image(":1.4.2"), Optional.of(imageDigest));

        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.summary());
        assertEquals("tag 1.4.2 of churn-serve now points at " + moved + ", the version was registered with " + imageDigest
                + " (image:digest): SageMaker would deploy an image other than the one approved", r.getDetail());
    }

    @Test
    void aTagStillPointingAtTheRegisteredDigestPassesAndSaysSo() {
        GateCheckResult r = imageCheck(image(":1.4.2"), Optional.of(imageDigest.toUpperCase(java.util.Locale.ROOT).replace("SHA256", "sha256")));

        assertEquals(CheckOutcome.PASSED, r.getOutcome(), r.summary());
        assertTrue(r.getDetail().endsWith(", the digest the version was registered with (image:digest)"), r.getDetail());
    }

    @Test
    void anImagePinnedByDigestMustBeTheRegisteredDigest() {
        String other = pushAgain("1.5.0");

        GateCheckResult wrong = imageCheck(image("@" + other), Optional.of(imageDigest));
        GateCheckResult right = imageCheck(image("@" + imageDigest), Optional.of(imageDigest));

        assertEquals(CheckOutcome.FAILED, wrong.getOutcome());
        assertEquals(image("@" + other) + " is pinned to " + other + ", the version was registered with " + imageDigest
                + " (image:digest)", wrong.getDetail());
        assertEquals(CheckOutcome.PASSED, right.getOutcome(), right.summary());
    }

    @Test
    void withoutARegisteredDigestAMovedTagStillPasses() {
        pushAgain("1.4.2");

        GateCheckResult r = imageCheck(image(":1.4.2"), Optional.empty());

        assertEquals(CheckOutcome.PASSED, r.getOutcome(), r.summary());
        assertFalse(r.getDetail().contains("image:digest"), r.getDetail());
    }

    @Test
    void aRegisteredDigestThatIsNoDigestFails() {
        GateCheckResult r = imageCheck(image(":1.4.2"), Optional.of("latest"));

        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().startsWith("the version's image:digest 'latest' is not an image digest"), r.getDetail());
    }

    @Test
    void withSeveralContainersTheOneRegisteredDigestIsNotComparedAndTheResultSaysSo() {
        pushAgain("1.4.2");
        List<GateCheckResult> r = check(List.of(container(1, "a", image(":1.4.2"), List.of()), container(2, "b", image(":1.4.2"), List.of())),
                Optional.of(imageDigest), role, List.of());

        for (GateCheckResult image : results(r, GateCheck.IMAGE)) {
            assertEquals(CheckOutcome.PASSED, image.getOutcome(), image.summary());
            assertTrue(image.getDetail().endsWith("(image:digest not compared: it is one digest for the version's 2 containers)"),
                    image.getDetail());
        }
    }

    // -------------------------------------------------------------------------------------- composite alarms

    void compositeOver5xx() {
        cwAdmin.putCompositeAlarm(b -> b.alarmName("churn-any").alarmRule("ALARM(churn-5xx) OR ALARM(churn-latency)"));
    }

    @Test
    void aCompositeRollbackAlarmIsFoundAndItsStateChecked() {
        compositeOver5xx();
        GateCheckResult found = result(check("", image(":1.4.2"), role, List.of("churn-any", "churn-5xx")), GateCheck.ALARMS);
        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "p95 above 300 ms");
        GateCheckResult firing = result(check("", image(":1.4.2"), role, List.of("churn-any", "churn-5xx")), GateCheck.ALARMS);

        assertEquals(CheckOutcome.PASSED, found.getOutcome(), found.summary());
        assertEquals("[churn-5xx INSUFFICIENT_DATA, churn-any OK]", found.getDetail());
        assertEquals(CheckOutcome.FAILED, firing.getOutcome());
        assertEquals("already in ALARM: churn-any (SageMaker would roll back at once)", firing.getDetail());
    }

    @Test
    void aMissingCompositeAlarmFails() {
        compositeOver5xx();

        GateCheckResult r = result(check("", image(":1.4.2"), role, List.of("churn-any", "churn-all")), GateCheck.ALARMS);

        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertEquals("no such alarm: churn-all (an auto-rollback naming a missing alarm would never fire)", r.getDetail());
    }

    @Test
    void anIdentityAllowedDescribeAlarmsOnAlarmArnsOnlyStillHasItsMetricAlarmsCheckedButNotACompositeOne() {
        compositeOver5xx();
        emu.identities().allowOnlyOn(deployer.principal(), "cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*");

        GateCheckResult metric = result(check("", image(":1.4.2"), role, List.of("churn-5xx")), GateCheck.ALARMS);
        GateCheckResult composite = result(check("", image(":1.4.2"), role, List.of("churn-5xx", "churn-any")), GateCheck.ALARMS);

        assertEquals(CheckOutcome.PASSED, metric.getOutcome(), metric.summary());
        assertTrue(metric.getDetail().endsWith("(all metric alarms; composite alarms were not readable)"), metric.getDetail());
        assertEquals(CheckOutcome.NOT_PERMITTED, composite.getOutcome(), composite.summary());
        assertTrue(composite.getDetail().startsWith("no metric alarm named churn-any, and whether there is a composite alarm"),
                composite.getDetail());
    }

    @Test
    void describeAlarmsAsksForCompositeAndMetricAlarms() {
        emu.clearCalls();
        check("", image(":1.4.2"), role, List.of("churn-5xx"));

        var form = emu.calls("monitoring", "DescribeAlarms").get(0).form();
        assertEquals("CompositeAlarm", form.get("AlarmTypes.member.1"), form::toString);
        assertEquals("MetricAlarm", form.get("AlarmTypes.member.2"), form::toString);
    }
}
