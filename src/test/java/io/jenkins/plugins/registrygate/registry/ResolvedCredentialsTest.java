package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** A Jenkins credential is asked once, not on every request (a role-based one would call STS each time). */
class ResolvedCredentialsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T09:00:00Z"));
    final AtomicInteger asked = new AtomicInteger();

    AwsCredentialsProvider counting(AwsCredentials answer) {
        return () -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    @Test
    void staticKeysAreResolvedOnce() {
        AwsBasicCredentials keys = AwsBasicCredentials.create("KEYID", "secret");
        ResolvedCredentials c = new ResolvedCredentials("aws-ml", counting(keys), clock);

        for (int i = 0; i < 100; i++) {
            assertSame(keys, c.resolveCredentials());
        }
        assertEquals(1, asked.get());
    }

    @Test
    void temporaryKeysAreRefreshedFiveMinutesBeforeTheyExpire() {
        AwsSessionCredentials session = AwsSessionCredentials.builder().accessKeyId("ASIA1").secretAccessKey("s")
                .sessionToken("t").expirationTime(clock.instant().plus(Duration.ofHours(1))).build();
        ResolvedCredentials c = new ResolvedCredentials("aws-ml", counting(session), clock);

        c.resolveCredentials();
        clock.advance(Duration.ofMinutes(54));
        c.resolveCredentials();
        assertEquals(1, asked.get());
        clock.advance(Duration.ofMinutes(1));
        c.resolveCredentials();
        assertEquals(2, asked.get());
    }

    @Test
    void aCredentialWithNeitherKeysNorRoleNamesItsId() {
        ResolvedCredentials c = new ResolvedCredentials("aws-ml", () -> null, clock);

        var e = assertThrows(IllegalStateException.class, c::resolveCredentials);
        assertTrue(e.getMessage().startsWith("credentialsId 'aws-ml': the AWS credential has no access key"), e.getMessage());
    }
}
