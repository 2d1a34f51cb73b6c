package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * With a role to assume, the client asks STS (with the external id) using the stored credentials, and signs its
 * SageMaker calls with the role's temporary keys. STS is the emulator's own (same port as SageMaker), reached through
 * the SDK's service-specific endpoint setting ({@code aws.endpointUrlSts}); the role exists in the emulator's IAM with
 * a trust policy that requires the external id.
 */
class RoleAssumptionTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-4711\"}}}]}";

    final RegistryFixture fx = new RegistryFixture();

    @BeforeEach
    void pointStsAtTheEmulator() {
        // The SDK judges the session's Expiration by the real clock: the emulator issues it on the real clock too.
        fx.clock.set(java.time.Instant.now());
        System.setProperty("aws.endpointUrlSts", fx.emulator.endpoint().toString());
        try (var iam = io.jenkins.plugins.registrygate.emulator.EmulatorClients.iam(fx.emulator)) {
            iam.createRole(b -> b.roleName("model-deployer").assumeRolePolicyDocument(TRUST));
        }
        fx.emulator.clearCalls();
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.endpointUrlSts");
        fx.close();
    }

    private ConnectionSettings withRole(String externalId) {
        return new ConnectionSettings(fx.emulator.region(), fx.emulator.endpoint().toString(),
                RegistryFixture.CREDENTIALS_ID, ROLE, externalId);
    }

    @Test
    void sageMakerCallsAreSignedWithTheAssumedRolesKeys() {
        new ModelRegistry(fx.clients.clientFor(withRole("ext-4711"), fx.lookup())).ensureGroup("churn-model", "", Map.of());

        List<RecordedCall> assumes = fx.emulator.calls("sts", "AssumeRole");
        assertEquals(1, assumes.size());
        RecordedCall assume = assumes.get(0);
        assertEquals(200, assume.httpStatus());
        assertEquals("EMULATORACCESSKEY", assume.accessKeyId(), "STS is asked with the stored credentials");
        assertEquals(ROLE, assume.form().get("RoleArn"));
        assertEquals("ext-4711", assume.form().get("ExternalId"));
        assertEquals("jenkins-model-registry-gate", assume.form().get("RoleSessionName"));
        List<RecordedCall> sageMaker = fx.emulator.calls().stream().filter(c -> c.service().equals("sagemaker")).toList();
        assertTrue(!sageMaker.isEmpty());
        for (RecordedCall c : sageMaker) {
            var principal = fx.emulator.identities().issued(c.accessKeyId()).orElseThrow().principal();
            assertEquals("arn:aws:sts::123456789012:assumed-role/model-deployer/jenkins-model-registry-gate",
                    principal.arn(), "every SageMaker call is signed with the role session's key");
        }
        assertEquals("arn:aws:sts::123456789012:assumed-role/model-deployer/jenkins-model-registry-gate",
                fx.console().describeModelPackageGroup(b -> b.modelPackageGroupName("churn-model")).createdBy()
                        .iamIdentity().arn());
    }

    @Test
    void aWrongExternalIdIsRefusedByStsAndNoSageMakerCallIsMade() {
        ModelRegistry registry = new ModelRegistry(fx.clients.clientFor(withRole("ext-0000"), fx.lookup()));

        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> registry.ensureGroup("churn-model", "", Map.of()));

        Throwable cause = e;
        while (cause != null && !(cause instanceof StsException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof StsException, () -> "caused by STS: " + e);
        assertEquals("AccessDenied", ((StsException) cause).awsErrorDetails().errorCode());
        assertTrue(fx.emulator.calls().stream().noneMatch(c -> c.service().equals("sagemaker")));
    }
}
