package io.jenkins.plugins.registrygate.registry;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code permitsPerSecond} tokens flow in, at most {@code burst} are kept. A caller reserves one
 * token and learns how long to wait for it; reservations queue up (the balance goes below zero), so waiting callers
 * are served in the order they asked and the long-run rate never exceeds the configured one.
 *
 * <p>Plain Java over a monotonic nanosecond source: tests drive it with a fake source, no sleeping.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private double permitsPerSecond;
    private double burst;
    /** Tokens available now; negative when callers have reserved tokens that have not flowed in yet. */
    private double balance;
    private long updatedAt;

    public TokenBucket(double permitsPerSecond, double burst, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.updatedAt = nanoTime.getAsLong();
        configure(permitsPerSecond, burst);
        this.balance = this.burst;
    }

    /** Changes the rate and the burst; tokens already earned are kept (up to the new burst). */
    public synchronized void configure(double permitsPerSecond, double burst) {
        if (!(permitsPerSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        refill();
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        balance = Math.min(balance, burst);
    }

    public synchronized double permitsPerSecond() {
        return permitsPerSecond;
    }

    public synchronized double burst() {
        return burst;
    }

    /**
     * Reserves one token if it will be there within {@code maxWait}.
     *
     * @return the nanoseconds to wait before using the token (0: now), or empty, reserving nothing, when the wait
     *     would be longer than {@code maxWait}
     */
    public synchronized OptionalLong reserve(Duration maxWait) {
        refill();
        long wait = balance >= 1 ? 0 : (long) Math.ceil((1 - balance) / permitsPerSecond * NANOS_PER_SECOND);
        if (wait > maxWait.toNanos()) {
            return OptionalLong.empty();
        }
        balance -= 1;
        return OptionalLong.of(wait);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            balance = Math.min(burst, balance + elapsed * permitsPerSecond / NANOS_PER_SECOND);
            updatedAt = now;
        }
    }
}
