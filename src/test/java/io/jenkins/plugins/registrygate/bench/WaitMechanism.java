package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** A way for many builds to wait on registry decisions: the plugin's shared watcher or a naive baseline. */
interface WaitMechanism extends AutoCloseable {

    /** Every thread a mechanism creates is named with this prefix, so the harness can count and time them. */
    String THREAD_PREFIX = "bench-wait-";

    String name();

    /**
     * Before the heap baseline: what exists whether or not builds wait, so it is not charged per build (Jenkins' side
     * of the builds, the mechanism's pools with their threads and warm connections).
     */
    default void prepare(List<WaitingBuild> builds) throws Exception {}

    /** Starts waiting for every build; returns once all waits are set up. */
    void start(List<WaitingBuild> builds) throws Exception;

    /**
     * Returns true once every build is waiting (the mechanism holds its per-build state), false at the deadline. The
     * plugin's steps read their version first, so for them this is later than {@link #start} returning.
     */
    default boolean awaitWaiting(long deadlineNanos) {
        return true;
    }

    /**
     * Stops waiting for every build and forgets them, keeping what exists whether or not builds wait (pools and their
     * threads, clients, Jenkins' side of the builds): what this frees is what the waiting builds retained.
     */
    void release() throws Exception;

    /** Registry calls the mechanism has made so far (client side, one per SDK call, retries not counted). */
    long registryCalls();

    /** The polls that failed so far, and why. */
    FailureTally failures();

    /** Stops every poll and thread; bounded in time. */
    @Override
    void close();

    /** Daemon threads named {@code bench-wait-<what>-<n>}. */
    static ThreadFactory threads(String what) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, THREAD_PREFIX + what + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The watcher's back-off, re-stated for the naive baselines so that they differ from it only in polling per
     * build instead of per group: the first look after {@code firstLook}; the interval starts at {@code base} and
     * doubles after each poll that finds nothing, up to {@code max}; a failed poll doubles it (quadruples on
     * throttling, up to {@code throttledMax}); every delay gets the same ±jitter.
     */
    final class Backoff {
        private final long baseMs;
        private final long maxMs;
        private final long throttledMaxMs;
        private final double jitter;
        final long firstLookMs;

        Backoff(RegistryWatcher.Settings s) {
            this.firstLookMs = s.firstLook().toMillis();
            this.baseMs = s.base().toMillis();
            this.maxMs = s.max().toMillis();
            this.throttledMaxMs = s.throttledMax().toMillis();
            this.jitter = s.jitter();
        }

        long initial() {
            return baseMs;
        }

        long afterNothing(long intervalMs) {
            return Math.min(intervalMs * 2, maxMs);
        }

        long afterFailure(long intervalMs, RuntimeException e) {
            boolean throttled = e instanceof RegistryException r && r.isThrottling();
            return Math.min(intervalMs * (throttled ? 4 : 2), throttled ? throttledMaxMs : maxMs);
        }

        /** The delay before the next poll, as the watcher computes it; {@code u} uniform in [0, 1). */
        long jittered(long intervalMs, double u) {
            return Math.max(1, Math.round(intervalMs * (1 + jitter * (2 * u - 1))));
        }
    }
}
