package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a hand-moved clock: what each caller is told to wait. */
class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;
    static final Duration LONG = Duration.ofHours(1);

    final AtomicLong now = new AtomicLong(5 * SECOND);

    long reserve(TokenBucket b) {
        return b.reserve(LONG).orElseThrow();
    }

    @Test
    void aFullBucketServesItsBurstAtOnce() {
        TokenBucket b = new TokenBucket(2, 4, now::get);

        for (int i = 0; i < 4; i++) {
            assertEquals(0, reserve(b));
        }
    }

    @Test
    void beyondTheBurstCallersQueueOneIntervalApart() {
        TokenBucket b = new TokenBucket(2, 4, now::get);
        for (int i = 0; i < 4; i++) {
            reserve(b);
        }

        assertEquals(SECOND / 2, reserve(b));
        assertEquals(SECOND, reserve(b));
        assertEquals(3 * SECOND / 2, reserve(b));
    }

    @Test
    void tokensFlowBackWhileNobodyCalls() {
        TokenBucket b = new TokenBucket(2, 4, now::get);
        for (int i = 0; i < 4; i++) {
            reserve(b);
        }

        now.addAndGet(SECOND);

        assertEquals(0, reserve(b));
        assertEquals(0, reserve(b));
        assertEquals(SECOND / 2, reserve(b));
    }

    @Test
    void aQuietBucketHoldsNoMoreThanItsBurst() {
        TokenBucket b = new TokenBucket(2, 4, now::get);

        now.addAndGet(3600 * SECOND);

        for (int i = 0; i < 4; i++) {
            assertEquals(0, reserve(b));
        }
        assertEquals(SECOND / 2, reserve(b));
    }

    @Test
    void overTimeNoMoreThanTheRateGoesOut() {
        TokenBucket b = new TokenBucket(10, 20, now::get);
        long lastWait = 0;
        for (int i = 0; i < 1020; i++) {
            lastWait = reserve(b);
        }
        // 20 at once, then 1000 more at 10 a second: the last goes 100 s after they all asked.
        assertEquals(100 * SECOND, lastWait);
    }

    @Test
    void aCallerWhoseTurnIsTooFarIsRefusedAndReservesNothing() {
        TokenBucket b = new TokenBucket(1, 1, now::get);
        reserve(b);
        assertEquals(OptionalLong.of(SECOND), b.reserve(Duration.ofSeconds(1)));

        assertEquals(OptionalLong.empty(), b.reserve(Duration.ofSeconds(1)));
        assertEquals(OptionalLong.of(2 * SECOND), b.reserve(Duration.ofSeconds(2)), "the refused caller took no turn");
    }

    @Test
    void aNewRateAppliesToTheNextCallerAndKeepsEarnedTokens() {
        TokenBucket b = new TokenBucket(1, 2, now::get);
        reserve(b);

        b.configure(4, 8);

        assertEquals(0, reserve(b), "the token left from before");
        assertEquals(SECOND / 4, reserve(b));
    }

    @Test
    void aBucketNeedsAPositiveRateAndABurstOfOne() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0.5, now::get));
    }
}
