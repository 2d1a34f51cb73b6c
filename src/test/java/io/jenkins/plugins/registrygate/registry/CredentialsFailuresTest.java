package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.ServiceRouter;
import io.jenkins.plugins.registrygate.testing.StsStub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials that cannot be loaded are permanent failures, told apart from a registry that does not answer: the
 * call is never sent, the error names the credentials, and {@link RegistryException#isTransient()} is false so that
 * callers stop retrying instead of trying until the build's deadline. All through the real SDK client.
 */
class CredentialsFailuresTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";

    final RegistryFixture fx = new RegistryFixture();
    final StsStub sts = new StsStub();
    final ServiceRouter endpoint = ServiceRouter.start(Map.of("sagemaker", ServiceRouter.forwardTo(fx.emulator.endpoint()), "sts", sts));

    @AfterEach
    void stop() {
        endpoint.close();
        fx.close();
    }

    ConnectionSettings withRole(String credentialsId) {
        return new ConnectionSettings(fx.emulator.region(), endpoint.endpoint().toString(), credentialsId, ROLE, "");
    }

    RegistryException describeFails(AwsClients clients, ConnectionSettings settings, CredentialsLookup lookup) {
        return assertThrows(RegistryException.class, () -> new ModelRegistry(clients.clientFor(settings, lookup))
                .describe("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"));
    }

    @Test
    void anAssumeRoleThatStsDeniesIsPermanent() {
        sts.failWith(403, "AccessDenied");

        RegistryException e = describeFails(fx.clients, withRole(RegistryFixture.CREDENTIALS_ID), fx.lookup());

        assertTrue(e.isCredentialsFailure());
        assertFalse(e.isTransient(), e.getMessage());
        assertEquals("AccessDenied", e.errorCode());
        assertEquals("sts-1", e.requestId(), "STS's request id is kept");
        assertEquals("DescribeModelPackage", e.operation());
        assertTrue(e.getMessage().contains("role " + ROLE), e.getMessage());
        assertEquals(1, sts.requests().size(), "the SDK does not retry a denial either");
        assertEquals(List.of(), fx.emulator.calls(), "nothing was sent to SageMaker");
    }

    @Test
    void anAssumeRoleThatStsThrottlesIsTransient() {
        sts.failWith(400, "Throttling");

        RegistryException e = describeFails(fx.clients, withRole(RegistryFixture.CREDENTIALS_ID), fx.lookup());

        assertTrue(e.isCredentialsFailure());
        assertTrue(e.isTransient(), e.getMessage());
        assertTrue(e.isThrottling(), e.getMessage());
    }

    @Test
    void anAssumeRoleThatGetsNoAnswerIsTransient() throws IOException {
        try (ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = closedSoon.getLocalPort();
            closedSoon.close(); // nothing listens there now: connection refused
            ConnectionSettings unreachable = new ConnectionSettings(fx.emulator.region(), "http://127.0.0.1:" + port,
                    RegistryFixture.CREDENTIALS_ID, ROLE, "");

            RegistryException e = describeFails(fx.clients, unreachable, fx.lookup());

            assertTrue(e.isCredentialsFailure());
            assertTrue(e.isTransient(), e.getMessage());
        }
    }

    @Test
    void aStoredCredentialWithoutKeysIsPermanent() {
        // The AWS Credentials plugin answers null for a credential with neither keys nor a role.
        CredentialsLookup empty = id -> Optional.of(() -> null);

        RegistryException e = describeFails(fx.clients, fx.settings(), empty);

        assertTrue(e.isCredentialsFailure());
        assertFalse(e.isTransient(), e.getMessage());
        assertEquals(RegistryException.CREDENTIALS_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("credentialsId '" + RegistryFixture.CREDENTIALS_ID + "'"), e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void aStoredCredentialThatCannotSignForStsIsReportedAsItselfNotAsTheRole() {
        CredentialsLookup empty = id -> Optional.of(() -> null);

        RegistryException e = describeFails(fx.clients, withRole(RegistryFixture.CREDENTIALS_ID), empty);

        assertFalse(e.isTransient(), e.getMessage());
        assertTrue(e.getMessage().contains("credentialsId '" + RegistryFixture.CREDENTIALS_ID + "'"), e.getMessage());
        assertEquals(List.of(), sts.requests(), "STS was not asked with no keys to sign");
    }

    @Test
    void anUnknownCredentialsIdIsPermanentAndBuildsNothing() {
        RegistryException e = describeFails(fx.clients, fx.settings(), id -> Optional.empty());

        assertTrue(e.isCredentialsFailure());
        assertFalse(e.isTransient());
        assertEquals(RegistryException.CREDENTIALS_NOT_FOUND, e.errorCode());
        assertEquals(0, fx.clients.size());
    }

    @Test
    void theSdkDefaultChainFindingNothingIsPermanent() {
        for (String v : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            assumeTrue(System.getenv(v) == null, v + " is set: the SDK chain would find credentials");
        }
        Map<String, String> props = new HashMap<>();
        props.put("aws.accessKeyId", null);
        props.put("aws.secretAccessKey", null);
        props.put("aws.sharedCredentialsFile", "/nonexistent/registry-gate-test/credentials");
        props.put("aws.configFile", "/nonexistent/registry-gate-test/config");
        props.put("aws.disableEc2Metadata", "true");
        Map<String, String> saved = new HashMap<>();
        props.forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        try (AwsClients controller = new AwsClients().withPolicy(ConnectionPolicy::allowingControllerCredentials)) {
            ConnectionSettings noId = new ConnectionSettings(fx.emulator.region(), fx.emulator.endpoint().toString(), "", "", "");

            RegistryException e = describeFails(controller, noId, CredentialsLookup.NONE);

            assertTrue(e.isCredentialsFailure());
            assertFalse(e.isTransient(), e.getMessage());
            assertTrue(e.getMessage().contains("the Jenkins controller's own AWS credentials"), e.getMessage());
            assertEquals(List.of(), fx.emulator.calls());
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
