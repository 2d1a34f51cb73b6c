package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointLocksTest {

    private final EndpointLocks locks = new EndpointLocks();
    private final List<String> granted = new ArrayList<>();

    @Test
    void theFirstBuildHoldsTheEndpointAtOnce() {
        EndpointLocks.Lease a = locks.acquire("us-east-1|churn-prod", "churn#1", () -> granted.add("churn#1"));
        assertTrue(a.isGranted());
        assertEquals(List.of(), granted, "granted at once: no callback");
        assertEquals(Optional.of("churn#1"), locks.holder("us-east-1|churn-prod"));
    }

    @Test
    void laterBuildsQueueInOrderAndAreCalledBackOnRelease() {
        EndpointLocks.Lease a = locks.acquire("e", "churn#1", () -> granted.add("churn#1"));
        EndpointLocks.Lease b = locks.acquire("e", "churn#2", () -> granted.add("churn#2"));
        EndpointLocks.Lease c = locks.acquire("e", "churn#3", () -> granted.add("churn#3"));
        assertFalse(b.isGranted());
        assertEquals("churn#1", b.holder());

        a.release();
        assertEquals(List.of("churn#2"), granted);
        assertTrue(b.isGranted());
        assertFalse(c.isGranted());
        b.release();
        assertEquals(List.of("churn#2", "churn#3"), granted);
    }

    @Test
    void aQueuedBuildThatGivesUpIsNeverCalledBack() {
        EndpointLocks.Lease a = locks.acquire("e", "churn#1", () -> granted.add("churn#1"));
        EndpointLocks.Lease b = locks.acquire("e", "churn#2", () -> granted.add("churn#2"));
        b.release();
        a.release();
        assertEquals(List.of(), granted);
        assertEquals(Optional.empty(), locks.holder("e"));
    }

    @Test
    void releasingTwiceGivesTheEndpointAwayOnce() {
        EndpointLocks.Lease a = locks.acquire("e", "churn#1", () -> { });
        locks.acquire("e", "churn#2", () -> granted.add("churn#2"));
        locks.acquire("e", "churn#3", () -> granted.add("churn#3"));
        a.release();
        a.release();
        assertEquals(List.of("churn#2"), granted);
    }

    @Test
    void otherEndpointsAreIndependent() {
        locks.acquire("e1", "churn#1", () -> { });
        assertTrue(locks.acquire("e2", "churn#2", () -> { }).isGranted());
    }

    @Test
    void aReclaimedTurnIsHeldAtOnceAheadOfBuildsThatQueuedSince() {
        EndpointLocks.Lease waiting = locks.acquire("e", "churn#43", () -> granted.add("churn#43"));
        EndpointLocks.Lease resumed = locks.reclaim("e", "churn#42");
        assertTrue(resumed.isGranted());
        assertEquals(Optional.of("churn#42"), locks.holder("e"));
        assertTrue(waiting.isGranted(), "churn#43 asked first on the new controller and was granted then");

        EndpointLocks.Lease later = locks.acquire("e", "churn#44", () -> granted.add("churn#44"));
        assertEquals("churn#42", later.holder());
        resumed.release();
        assertEquals(List.of(), granted, "churn#43 still holds: churn#44 waits for it too");
        waiting.release();
        assertEquals(List.of("churn#44"), granted);
    }

    @Test
    void aBuildQueuedBehindAReclaimedTurnIsCalledBackWhenItIsReleased() {
        EndpointLocks.Lease resumed = locks.reclaim("e", "churn#42");
        EndpointLocks.Lease next = locks.acquire("e", "churn#43", () -> granted.add("churn#43"));
        assertFalse(next.isGranted());
        resumed.release();
        assertEquals(List.of("churn#43"), granted);
        assertTrue(next.isGranted());
    }
}
