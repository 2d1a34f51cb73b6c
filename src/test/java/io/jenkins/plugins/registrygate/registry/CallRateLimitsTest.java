package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;

/**
 * The plugin's calls are rate-limited per connection and service, through the real SDK client against the emulator.
 * The limiter's clock and its waits are the test's: a caller's wait is recorded (and, for a caller making calls one
 * after another, the clock moved by it), never slept.
 */
class CallRateLimitsTest {

    static final long MS = 1_000_000L;

    final RegistryFixture fx = new RegistryFixture();
    final AtomicLong nanos = new AtomicLong(1_000 * MS);
    final List<Long> waitsMs = new CopyOnWriteArrayList<>();
    volatile CallRate rate = new CallRate(2);
    volatile boolean clockMovesWhileWaiting = true;
    AwsClients clients;

    @BeforeEach
    void start() {
        fx.console().createModelPackageGroup(b -> b.modelPackageGroupName("churn"));
        clients = clients(Duration.ofSeconds(20));
    }

    AwsClients clients(Duration maxWait) {
        CallRateLimits limits = new CallRateLimits(() -> rate, nanos::get, wait -> {
            waitsMs.add(wait / MS);
            if (clockMovesWhileWaiting) {
                nanos.addAndGet(wait);
            }
        }, maxWait);
        return new AwsClients().withCallRateLimits(limits);
    }

    @AfterEach
    void stop() {
        clients.close();
        fx.close();
    }

    ModelRegistry registry(String credentialsId) {
        ConnectionSettings s = new ConnectionSettings(fx.emulator.region(), fx.emulator.endpoint().toString(), credentialsId, "", "");
        return new ModelRegistry(clients.clientFor(s, id -> fx.lookup().find(RegistryFixture.CREDENTIALS_ID)));
    }

    void list(ModelRegistry r, int times) {
        for (int i = 0; i < times; i++) {
            r.listWithStatus("churn", ModelApprovalStatus.APPROVED, Optional.empty());
        }
    }

    @Test
    void aCallerMakingCallsOneAfterAnotherIsPacedAtTheRateAfterTheBurst() {
        list(registry("a"), 8);

        assertEquals(List.of(500L, 500L, 500L, 500L), waitsMs, "4 at once (two seconds' worth), then one every 500 ms");
        assertEquals(8, fx.calls("ListModelPackages"), "every call was made, none dropped");
    }

    @Test
    void callersArrivingTogetherQueueInOrder() {
        clockMovesWhileWaiting = false; // as many threads asking at the same instant

        list(registry("a"), 7);

        assertEquals(List.of(500L, 1000L, 1500L), waitsMs);
    }

    @Test
    void aCallWhoseTurnIsFurtherAwayThanTheLongestWaitIsNotSentAndCountsAsThrottling() {
        clockMovesWhileWaiting = false;
        clients.close();
        clients = clients(Duration.ofSeconds(1));
        ModelRegistry r = registry("a");
        list(r, 6);

        RegistryException e = assertThrows(RegistryException.class, () -> list(r, 1));

        assertEquals(RegistryException.CALL_RATE_EXCEEDED, e.errorCode());
        assertTrue(e.isThrottling());
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("rate limit of 2 sagemaker calls per second"), e.getMessage());
        assertEquals(6, fx.calls("ListModelPackages"), "the refused call never reached the service");
    }

    @Test
    void eachConnectionHasItsOwnBudget() {
        clockMovesWhileWaiting = false;

        list(registry("team-a"), 4);
        list(registry("team-b"), 4);

        assertEquals(List.of(), waitsMs);
    }

    @Test
    void aRateOfZeroTurnsTheLimitOff() {
        rate = CallRate.UNLIMITED;
        clockMovesWhileWaiting = false;

        list(registry("a"), 50);

        assertEquals(List.of(), waitsMs);
    }

    @Test
    void anAdministratorsNewRateAppliesFromTheNextCall() {
        clockMovesWhileWaiting = false;
        ModelRegistry r = registry("a");
        list(r, 4);

        rate = new CallRate(4);
        list(r, 1);

        assertEquals(List.of(250L), waitsMs);
    }

    @Test
    void theLimitCountsEveryServiceOfAConnectionSeparately() {
        ConnectionSettings s = fx.settings();
        CallRateLimits limits = new CallRateLimits(() -> rate, nanos::get, wait -> waitsMs.add(wait / MS), Duration.ofSeconds(20));

        for (int i = 0; i < 4; i++) {
            limits.acquire("sagemaker", s);
            limits.acquire("s3", s);
        }

        assertEquals(List.of(), waitsMs);
        assertEquals(2, limits.size());
    }
}
