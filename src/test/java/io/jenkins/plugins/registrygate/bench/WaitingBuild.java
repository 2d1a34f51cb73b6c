package io.jenkins.plugins.registrygate.bench;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One build waiting for a decision on its model package: the harness's record of it, created before any heap
 * baseline so its own size is not charged to the waiting mechanism.
 */
final class WaitingBuild {

    final int index;
    final String arn;
    final String group;
    final Instant createdAt;
    /** {@link System#nanoTime()} when the approver's UpdateModelPackage was sent; 0 when this build is not a target. */
    volatile long approvedAtNanos;
    private final AtomicLong notifiedAtNanos = new AtomicLong();
    private final AtomicInteger notifications;

    WaitingBuild(int index, String arn, String group, Instant createdAt, AtomicInteger notifications) {
        this.index = index;
        this.arn = arn;
        this.group = group;
        this.createdAt = createdAt;
        this.notifications = notifications;
    }

    /** The waiting mechanism tells this build that its package has a final status. Only the first call counts. */
    void notified() {
        if (notifiedAtNanos.compareAndSet(0, System.nanoTime())) {
            notifications.incrementAndGet();
        }
    }

    boolean isNotified() {
        return notifiedAtNanos.get() != 0;
    }

    /** Nanoseconds from the approval being sent to this build hearing of it; -1 when not (yet) notified. */
    long latencyNanos() {
        long at = notifiedAtNanos.get();
        return at == 0 || approvedAtNanos == 0 ? -1 : at - approvedAtNanos;
    }

    void reset() {
        approvedAtNanos = 0;
        notifiedAtNanos.set(0);
    }
}
