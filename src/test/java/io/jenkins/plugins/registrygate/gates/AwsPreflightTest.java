package io.jenkins.plugins.registrygate.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.emulator.kms.KmsService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    @BeforeEach
    void account() {
        emu = SageMakerEmulator.start();
        var admin = EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID);
        var s3 = keep(EmulatorClients.s3(emu, admin));
        s3.createBucket(b -> b.bucket("ml-models"));
        s3.putObject(b -> b.bucket("ml-models").key("churn/7/model.tar.gz"), RequestBody.fromString("model", StandardCharsets.UTF_8));
        var ecr = keep(EmulatorClients.ecr(emu, admin));
        ecr.createRepository(b -> b.repositoryName("churn-serve"));
        imageDigest = ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2").imageManifest(MANIFEST)).image().imageId().imageDigest();
        role = keep(EmulatorClients.iam(emu, admin)).createRole(b -> b.roleName("sagemaker-execution")
                .assumeRolePolicyDocument(TRUST_SAGEMAKER)).role().arn();
        var cw = keep(EmulatorClients.cloudWatch(emu, admin));
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

    List<GateCheckResult> check(String modelData, String image, String roleArn, List<String> alarms) {
        return preflight.check(new Preflight.Subject(modelData, image, roleArn, alarms));
    }

    static GateCheckResult result(List<GateCheckResult> results, GateCheck check) {
        return results.stream().filter(r -> r.getCheck() == check).findFirst().orElseThrow();
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
}
