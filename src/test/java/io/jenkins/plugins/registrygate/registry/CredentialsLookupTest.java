package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A build's lookup names its role session; a detached lookup serves long-lived callers without the build. */
class CredentialsLookupTest {

    final AwsCredentialsProvider stored = StaticCredentialsProvider.create(AwsBasicCredentials.create("KEYID", "secret"));
    final AtomicInteger asked = new AtomicInteger();
    final CredentialsLookup build = ((CredentialsLookup) id -> {
        asked.incrementAndGet();
        return "aws-ml".equals(id) ? Optional.of(stored) : Optional.empty();
    }).withRoleSessionName("churn-42");
    final ConnectionSettings settings = new ConnectionSettings("eu-west-1", "", "aws-ml", "", "");

    @Test
    void aLookupNamesNoSessionUnlessGivenOne() {
        assertEquals(Optional.empty(), CredentialsLookup.NONE.roleSessionName());
        assertEquals(Optional.of("churn-42"), build.roleSessionName());
        assertSame(stored, build.find("aws-ml").orElseThrow());
    }

    @Test
    void aDetachedLookupResolvesOnceAndNamesNoBuild() {
        CredentialsLookup detached = build.detached(settings);

        assertEquals(1, asked.get());
        for (int i = 0; i < 3; i++) {
            assertSame(stored, detached.find("aws-ml").orElseThrow());
        }
        assertEquals(1, asked.get(), "the build's lookup is not asked again");
        assertEquals(Optional.empty(), detached.roleSessionName());
        assertEquals(Optional.empty(), detached.find("another-id"));
    }

    @Test
    void detachingAnIdTheBuildCannotSeeFailsPermanently() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> build.detached(new ConnectionSettings("eu-west-1", "", "nope", "", "")));

        assertEquals(RegistryException.CREDENTIALS_NOT_FOUND, e.errorCode());
        assertTrue(!e.isTransient());
    }
}
