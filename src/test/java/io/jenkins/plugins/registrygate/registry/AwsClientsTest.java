package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.ServiceRouter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;

/** Clients are built once per connection and service, and reused across builds. */
class AwsClientsTest {

    final AwsClients clients = new AwsClients();
    final StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("KEYID", "secret"));
    final CredentialsLookup lookup = id -> "ci".equals(id) ? Optional.of(keys) : Optional.empty();

    @AfterEach
    void close() {
        clients.close();
    }

    static ConnectionSettings in(String region) {
        return new ConnectionSettings(region, "http://127.0.0.1:1", "ci", "", "");
    }

    @Test
    void theSameConnectionReusesOneClient() {
        assertSame(clients.clientFor(in("eu-west-1"), lookup), clients.clientFor(in("eu-west-1"), lookup));
        assertEquals(1, clients.size());
    }

    @Test
    void anotherRegionGetsAnotherClient() {
        assertNotSame(clients.clientFor(in("eu-west-1"), lookup), clients.clientFor(in("us-east-1"), lookup));
    }

    @Test
    void aReplacedCredentialGetsAFreshClient() {
        var first = clients.clientFor(in("eu-west-1"), lookup);
        var rotated = StaticCredentialsProvider.create(AwsBasicCredentials.create("KEYID2", "secret2"));

        assertNotSame(first, clients.clientFor(in("eu-west-1"), id -> Optional.of(rotated)));
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < AwsClients.MAX_CONNECTIONS + 5; i++) {
            clients.clientFor(new ConnectionSettings("eu-west-1", "http://127.0.0.1:" + (1000 + i), "ci", "", ""), lookup);
        }

        assertEquals(AwsClients.MAX_CONNECTIONS, clients.size());
    }

    @Test
    void anUnknownCredentialsIdIsNamedInTheError() {
        var e = assertThrows(RegistryException.class,
                () -> clients.clientFor(new ConnectionSettings("eu-west-1", "", "nope", "", ""), lookup));

        assertTrue(e.getMessage().startsWith("credentialsId: no AWS credentials with id 'nope'"), e.getMessage());
    }

    @Test
    void eachServiceHasOneClientPerConnection() {
        ConnectionSettings c = in("eu-west-1");

        assertSame(clients.s3(c, lookup), clients.s3(c, lookup));
        assertSame(clients.kms(c, lookup), clients.kms(c, lookup));
        assertNotSame(clients.sageMaker(c, lookup), clients.s3(c, lookup));
        assertSame(clients.clientFor(c, lookup), clients.sageMaker(c, lookup), "clientFor is SageMaker's, as before");
        assertEquals(1, clients.size(), "one connection holds them all");
    }

    @Test
    void everyClientHasTheCallAndAttemptTimeouts() {
        ConnectionSettings c = in("eu-west-1");
        List<SdkClient> all = List.of(clients.sageMaker(c, lookup), clients.s3(c, lookup), clients.ecr(c, lookup),
                clients.iam(c, lookup), clients.cloudWatch(c, lookup), clients.kms(c, lookup), clients.sts(c, lookup));

        for (SdkClient client : all) {
            var o = client.serviceClientConfiguration().overrideConfiguration();
            assertEquals(Optional.of(ClientTimeouts.DEFAULTS.apiCall()), o.apiCallTimeout(), client.serviceName());
            assertEquals(Optional.of(ClientTimeouts.DEFAULTS.apiCallAttempt()), o.apiCallAttemptTimeout(), client.serviceName());
        }
    }

    @Test
    void anEndpointThatNeverAnswersFailsTheCallInsteadOfHoldingTheThread() throws IOException {
        // A socket that is never accepted: the connection opens (the kernel's backlog), no answer ever comes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AwsClients quick = new AwsClients(RetryMode.STANDARD).withTimeouts(new ClientTimeouts(Duration.ofMillis(600), Duration.ofMillis(200)))) {
            ConnectionSettings c = new ConnectionSettings("eu-west-1", "http://127.0.0.1:" + silent.getLocalPort(), "ci", "", "");
            ModelRegistry registry = new ModelRegistry(quick.clientFor(c, lookup));

            RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(RegistryException.class, () -> registry.ensureGroup("churn", "", Map.of())));

            assertTrue(e.isTransient(), e.getMessage());
        }
    }

    @Test
    void everyServiceGoesToTheEndpointOverrideSignedForItselfAndS3UsesPathStyle() {
        try (ServiceRouter endpoint = ServiceRouter.start(Map.of())) {
            // A host name, not an IP address: for an IP address S3 would choose path-style addressing by itself.
            String byName = "http://localhost:" + endpoint.endpoint().getPort();
            ConnectionSettings c = new ConnectionSettings("eu-west-1", byName, "ci", "", "");
            List<Runnable> calls = List.of(
                    () -> clients.sageMaker(c, lookup).listModelPackageGroups(b -> { }),
                    () -> clients.s3(c, lookup).headBucket(b -> b.bucket("model-artifacts")),
                    () -> clients.ecr(c, lookup).describeRepositories(b -> { }),
                    () -> clients.iam(c, lookup).getRole(b -> b.roleName("sagemaker-execution")),
                    () -> clients.cloudWatch(c, lookup).describeAlarms(b -> { }),
                    () -> clients.kms(c, lookup).describeKey(b -> b.keyId("alias/models")),
                    () -> clients.sts(c, lookup).getCallerIdentity(b -> { }));
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (SdkException expected) {
                    // The router knows none of them and answers 404: only where the request went matters here.
                }
            }

            assertEquals(List.of("sagemaker", "s3", "ecr", "iam", "monitoring", "kms", "sts"), endpoint.services());
            assertEquals("/model-artifacts", endpoint.received().get(1).path(), "path-style: the bucket is in the path");
        }
    }
}
