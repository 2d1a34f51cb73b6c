package io.jenkins.plugins.registrygate.testing;

import io.jenkins.plugins.registrygate.emulator.MutableClock;
import io.jenkins.plugins.registrygate.registration.RetryingRegistration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A timer the test drives: tasks wait until the test runs them, and the clock moves by each task's delay when it
 * runs. Back-off is then tested without sleeping and without depending on how busy the machine is.
 */
public final class ManualScheduler implements RetryingRegistration.Scheduler {

    private record Pending(Duration delay, Runnable task) {}

    private final MutableClock clock;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        delays.add(delay);
        pending.add(new Pending(delay, task));
        notifyAll();
    }

    /** Waits (up to 20 s) until a task is scheduled, without running it. */
    public synchronized void awaitPending() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing was scheduled; delays so far: " + delays);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits (up to 20 s) until a task is scheduled, moves the clock by its delay and runs it; returns the delay. */
    public Duration runNext() throws InterruptedException {
        Pending next = pending.poll(20, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("nothing was scheduled; delays so far: " + delays);
        }
        clock.advance(next.delay());
        next.task().run();
        return next.delay();
    }

    /** Every delay asked for so far, in order. */
    public List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Whether a task is waiting to run. */
    public boolean hasPending() {
        return !pending.isEmpty();
    }
}
