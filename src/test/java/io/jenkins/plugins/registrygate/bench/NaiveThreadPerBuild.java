package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Naive baseline 2: one platform thread per waiting build, blocking in a DescribeModelPackage / Thread.sleep loop
 * (what a step written as a {@code SynchronousNonBlockingStepExecution} does), with the watcher's cadence.
 */
final class NaiveThreadPerBuild implements WaitMechanism {

    private final ModelRegistry registry;
    private final Backoff backoff;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final FailureTally failures = new FailureTally();
    private final long deadlineNanos;
    private volatile boolean stopped;

    NaiveThreadPerBuild(ModelRegistry registry, RegistryWatcher.Settings settings, long deadlineNanos) {
        this.registry = registry;
        this.backoff = new Backoff(settings);
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public String name() {
        return "naive: thread per build";
    }

    @Override
    public void start(List<WaitingBuild> builds) {
        var factory = WaitMechanism.threads("naive-thread");
        for (WaitingBuild b : builds) {
            Thread t = factory.newThread(() -> waitFor(b));
            threads.add(t);
            t.start();
        }
    }

    private void waitFor(WaitingBuild build) {
        try {
            Thread.sleep(backoff.firstLookMs);
            long intervalMs = backoff.initial();
            while (!stopped && System.nanoTime() < deadlineNanos) {
                try {
                    calls.incrementAndGet();
                    String status = registry.describe(build.arn).ref().approvalStatus();
                    if ("Approved".equals(status) || "Rejected".equals(status)) {
                        build.notified();
                        return;
                    }
                    intervalMs = backoff.afterNothing(intervalMs);
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    failures.count(e);
                    intervalMs = backoff.afterFailure(intervalMs, e);
                }
                Thread.sleep(backoff.jittered(intervalMs, ThreadLocalRandom.current().nextDouble()));
            }
        } catch (InterruptedException e) {
            // close(): stop waiting
        }
    }

    @Override
    public long registryCalls() {
        return calls.get();
    }

    @Override
    public FailureTally failures() {
        return failures;
    }

    /** Every thread is stopped and joined: a thread is the per-build cost here. */
    @Override
    public void release() {
        close();
    }

    @Override
    public void close() {
        stopped = true;
        threads.forEach(Thread::interrupt);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Thread t : threads) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }
}
