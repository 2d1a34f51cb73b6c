package io.jenkins.plugins.registrygate.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Rate limits for the plugin's AWS calls: one {@link TokenBucket} per AWS service and connection, so that thousands
 * of builds resuming at once queue up here instead of exhausting the account's API rate limits (which every tool in
 * the account and region shares). Applied by an SDK interceptor on every client the plugin builds, before the call
 * (outside the SDK's call timeout); a call that would wait longer than {@link #MAX_WAIT} is refused with
 * {@link CallRateExceededException}, which callers treat as throttling.
 */
public final class CallRateLimits {

    /** The longest a call waits for its turn; beyond that it fails as throttled and its caller backs off. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(20);
    static final int MAX_BUCKETS = 256;

    /** Waits; tests record the waits and move their clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final Supplier<CallRate> rate;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Duration maxWait;
    private final Map<Key, Limited> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public CallRateLimits(Supplier<CallRate> rate, LongSupplier nanoTime, Sleeper sleeper, Duration maxWait) {
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    /** On the system's monotonic clock, waiting with {@code Thread.sleep}. */
    public static CallRateLimits of(Supplier<CallRate> rate) {
        return new CallRateLimits(rate, System::nanoTime, TimeUnit.NANOSECONDS::sleep, MAX_WAIT);
    }

    /**
     * Waits until {@code service} may be called over {@code connection}.
     *
     * @throws CallRateExceededException when the turn is further away than the longest wait
     * @throws AbortedException when the thread is interrupted while waiting
     */
    public void acquire(String service, ConnectionSettings connection) {
        CallRate r = rate.get();
        if (!r.isLimited()) {
            return;
        }
        OptionalLong wait = bucket(new Key(service, connection), r).reserve(maxWait);
        if (wait.isEmpty()) {
            throw new CallRateExceededException("not sent: the plugin's rate limit of " + r.perSecond()
                    + " " + service + " calls per second for " + connection.describe()
                    + " has more calls queued than it can serve within " + maxWait.toSeconds() + " s; retry later");
        }
        if (wait.getAsLong() > 0) {
            try {
                sleeper.sleep(wait.getAsLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AbortedException.builder().message("interrupted while waiting for the plugin's rate limit").cause(e).build();
            }
        }
    }

    private synchronized TokenBucket bucket(Key key, CallRate r) {
        Limited l = buckets.get(key);
        if (l == null) {
            l = new Limited(new TokenBucket(r.perSecond(), r.burst(), nanoTime), r);
            buckets.put(key, l);
            if (buckets.size() > MAX_BUCKETS) {
                // An evicted bucket only forgets its history: the next call starts from a full bucket.
                buckets.remove(buckets.keySet().iterator().next());
            }
        } else if (!l.rate().equals(r)) {
            // The administrator changed the rate: applies to the next call, tokens earned so far are kept.
            l.bucket().configure(r.perSecond(), r.burst());
            l = new Limited(l.bucket(), r);
            buckets.put(key, l);
        }
        return l.bucket();
    }

    /** How many buckets are kept now (one per service and connection that made a call). */
    synchronized int size() {
        return buckets.size();
    }

    /** The interceptor that makes every call of a client wait for its turn. */
    public ExecutionInterceptor interceptor(String service, ConnectionSettings connection) {
        return new Interceptor(this, service, connection);
    }

    private record Key(String service, ConnectionSettings connection) {}

    private record Limited(TokenBucket bucket, CallRate rate) {}

    private record Interceptor(CallRateLimits limits, String service, ConnectionSettings connection) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
            limits.acquire(service, connection);
        }
    }
}
