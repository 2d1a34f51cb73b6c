package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One port, every service: routing by signing name, faults per service, errors in each service's words. */
class MultiServiceFrontTest extends ServiceTestSupport {

    @Test
    void everyServiceThePluginCallsIsServedUnderItsSigningName() {
        assertEquals(Set.of("sagemaker", "s3", "ecr", "iam", "monitoring", "kms", "sts", "sqs"), emu.signingNames());
        assertEquals("monitoring", emu.cloudWatch().signingName());
        assertEquals("ecr", emu.ecr().signingName());
    }

    @Test
    void eachCallIsRecordedWithTheServiceThatServedIt() {
        try (S3Client s3 = EmulatorClients.s3(emu); IamClient iam = EmulatorClients.iam(emu)) {
            s3.createBucket(b -> b.bucket("models"));
            iam.listRoles();
        }

        assertEquals(List.of("s3:CreateBucket", "iam:ListRoles"),
                emu.calls().stream().map(c -> c.service() + ":" + c.operation()).toList());
    }

    @Test
    void sageMakerLooksUpTheOtherServicesThroughTheServedNeighbours() {
        assertSame(emu.neighbours(), emu.backend().neighbours());
        String role = "arn:aws:iam::123456789012:role/sagemaker-exec";
        assertFalse(emu.backend().neighbours().roleExists(role));

        emu.iam().addRole("sagemaker-exec");

        assertTrue(emu.backend().neighbours().roleExists(role));
        assertFalse(emu.backend().neighbours().roleExists("arn:aws:iam::999999999999:role/sagemaker-exec"));
        assertFalse(emu.backend().neighbours().objectExists("s3://models/m"));
        assertFalse(emu.backend().neighbours().alarmState("a").isPresent());
    }

    @Test
    void throttlingIsAnsweredInEachServicesWordsAndRetried() {
        emu.faults().on("s3", "CreateBucket").call(1).throttle();
        emu.faults().on("iam", "ListRoles").call(1).throttle();

        try (S3Client s3 = EmulatorClients.s3(emu); IamClient iam = EmulatorClients.iam(emu)) {
            s3.createBucket(b -> b.bucket("models"));
            iam.listRoles();
        }

        assertEquals(List.of("SlowDown", ""), emu.calls("s3", "CreateBucket").stream().map(RecordedCall::errorCode).toList());
        assertEquals(503, emu.calls("s3", "CreateBucket").get(0).httpStatus());
        assertEquals(List.of("Throttling", ""), emu.calls("iam", "ListRoles").stream().map(RecordedCall::errorCode).toList());
    }

    @Test
    void aFaultScopedToOneServiceLeavesTheOthersAlone() {
        FaultInjector.FaultRule rule = emu.faults().onAnyOperationOf("s3").internalError();

        try (S3Client s3 = EmulatorClients.s3(emu); IamClient iam = EmulatorClients.iam(emu)) {
            iam.listRoles();
            S3Exception e = assertThrows(S3Exception.class, () -> s3.createBucket(b -> b.bucket("models")));

            assertEquals("InternalError", e.awsErrorDetails().errorCode());
            assertEquals(500, e.statusCode());
        }
        assertEquals(3, rule.timesApplied(), "three attempts of one S3 call; IAM untouched");
        assertEquals("any operation of s3, every call, before applying: internalError", rule.toString());
    }

    @Test
    void anOperationNameSharedByServicesCanBeScopedToOne() {
        FaultInjector.FaultRule kmsOnly = emu.faults().on("kms", "TagResource").throttle();
        FaultInjector.FaultRule everywhere = emu.faults().on("TagResource").throttle();

        assertEquals("kms", kmsOnly.service());
        assertEquals("kms:TagResource, every call, before applying: throttle", kmsOnly.toString());
        assertEquals(null, everywhere.service());
        assertThrows(IllegalArgumentException.class, () -> emu.faults().on("s3", "CreateModelPackage"));
        assertThrows(IllegalArgumentException.class, () -> emu.faults().on("dynamodb", "GetItem"));
        assertThrows(IllegalArgumentException.class, () -> emu.faults().onAnyOperationOf("dynamodb"));
    }

    @Test
    void aCustomErrorIsAnsweredExactlyAsGiven() {
        emu.faults().on("iam", "GetRole").error(403, "AccessDenied", "denied by an SCP");

        try (IamClient iam = EmulatorClients.iam(emu)) {
            IamException e = assertThrows(IamException.class, () -> iam.getRole(b -> b.roleName("x")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals("denied by an SCP", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void aFaultAfterApplyingHidesAnS3WriteThatHappened() {
        try (S3Client s3 = EmulatorClients.s3(emu)) {
            s3.createBucket(b -> b.bucket("models"));
            emu.faults().on("s3", "PutObject").call(1).afterApplying().dropConnection();

            s3.putObject(b -> b.bucket("models").key("m"), RequestBody.fromString("weights"));
        }

        assertEquals(List.of(0, 200), emu.calls("s3", "PutObject").stream().map(RecordedCall::httpStatus).toList());
        assertTrue(emu.s3().objectExists("s3://models/m"));
    }

    @Test
    void strictCredentialsRefuseUnknownKeysInEachServicesWords() {
        try (SageMakerEmulator strict = SageMakerEmulator.builder().strictCredentials(true).start();
             S3Client s3 = EmulatorClients.s3(strict);
             IamClient iam = EmulatorClients.iam(strict)) {
            S3Exception s3e = assertThrows(S3Exception.class, () -> s3.listBuckets());
            IamException iame = assertThrows(IamException.class, () -> iam.listRoles());

            assertEquals("InvalidAccessKeyId", s3e.awsErrorDetails().errorCode());
            assertEquals(403, s3e.statusCode());
            assertEquals("InvalidClientTokenId", iame.awsErrorDetails().errorCode());
        }
    }
}
