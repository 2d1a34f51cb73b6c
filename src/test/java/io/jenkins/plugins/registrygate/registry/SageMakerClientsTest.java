package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Clients are built once per connection and reused across builds. */
class SageMakerClientsTest {

    final SageMakerClients clients = new SageMakerClients();
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
        for (int i = 0; i < SageMakerClients.MAX_CLIENTS + 5; i++) {
            clients.clientFor(new ConnectionSettings("eu-west-1", "http://127.0.0.1:" + (1000 + i), "ci", "", ""), lookup);
        }

        assertEquals(SageMakerClients.MAX_CLIENTS, clients.size());
    }

    @Test
    void anUnknownCredentialsIdIsNamedInTheError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> clients.clientFor(new ConnectionSettings("eu-west-1", "", "nope", "", ""), lookup));

        assertTrue(e.getMessage().startsWith("credentialsId: no AWS credentials with id 'nope'"), e.getMessage());
    }
}
