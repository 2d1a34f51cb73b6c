package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Naive baseline 1: one poller per build. Each waiting build has its own scheduled task on a shared
 * {@link ScheduledThreadPoolExecutor} that calls DescribeModelPackage for its package, with exactly the watcher's
 * cadence ({@link WaitMechanism.Backoff}). Only "per build instead of per group" differs from the plugin.
 */
final class NaiveScheduledPollers implements WaitMechanism {

    private final ModelRegistry registry;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor pool;
    private final List<Poller> pollers = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final FailureTally failures = new FailureTally();
    private final long deadlineNanos;
    private volatile boolean stopped;

    /**
     * @param poolThreads threads of the scheduler that runs the (blocking) polls
     * @param deadlineNanos no poll is scheduled after this {@link System#nanoTime()}: the harness's hard stop
     */
    NaiveScheduledPollers(ModelRegistry registry, RegistryWatcher.Settings settings, int poolThreads, long deadlineNanos) {
        this.registry = registry;
        this.backoff = new Backoff(settings);
        this.pool = new ScheduledThreadPoolExecutor(poolThreads, WaitMechanism.threads("naive-pool"));
        pool.setRemoveOnCancelPolicy(true);
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public String name() {
        return "naive: poller per build";
    }

    /** Its pool's threads exist, and have made a call each (thread-local buffers), before the baseline. */
    @Override
    public void prepare(List<WaitingBuild> builds) throws Exception {
        List<java.util.concurrent.Future<?>> f = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String arn = builds.get(i % builds.size()).arn;
            f.add(pool.submit(() -> registry.describe(arn)));
        }
        for (java.util.concurrent.Future<?> x : f) {
            x.get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void start(List<WaitingBuild> builds) {
        for (WaitingBuild b : builds) {
            Poller p = new Poller(b);
            pollers.add(p);
            pool.schedule(p, backoff.firstLookMs, TimeUnit.MILLISECONDS);
        }
    }

    private final class Poller implements Runnable {
        final WaitingBuild build;
        long intervalMs = backoff.initial();

        Poller(WaitingBuild build) {
            this.build = build;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            try {
                calls.incrementAndGet();
                String status = registry.describe(build.arn).ref().approvalStatus();
                if ("Approved".equals(status) || "Rejected".equals(status)) {
                    build.notified();
                    return;
                }
                intervalMs = backoff.afterNothing(intervalMs);
            } catch (RuntimeException e) {
                failures.count(e);
                intervalMs = backoff.afterFailure(intervalMs, e);
            }
            if (!stopped && System.nanoTime() < deadlineNanos) {
                pool.schedule(this, backoff.jittered(intervalMs, ThreadLocalRandom.current().nextDouble()),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Pending polls are dropped and running ones not rescheduled; the pool and its threads stay. */
    @Override
    public void release() throws InterruptedException {
        stopped = true;
        pool.getQueue().clear();
        // Let polls already running finish (they see the flag and do not reschedule).
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.getActiveCount() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        pool.getQueue().clear();
        pollers.clear();
    }

    @Override
    public long registryCalls() {
        return calls.get();
    }

    @Override
    public FailureTally failures() {
        return failures;
    }

    @Override
    public void close() {
        stopped = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollers.clear();
    }
}
