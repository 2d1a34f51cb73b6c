package io.jenkins.plugins.registrygate.testing;

import io.jenkins.plugins.registrygate.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link ScheduledExecutorService} for tests: nothing runs until the test says so. Tasks are due at
 * an instant of a {@link MutableClock}; {@link #runDue()} runs what is due now (and what those tasks submit for
 * now), {@link #advance(Duration)} moves the clock forward, stopping at each task's due time to run it. Everything
 * runs on the calling thread, so a test sees the same order on a busy 2-core machine as on an idle laptop.
 *
 * <p>{@link #execute} queues a task for now: used as the "I/O pool" it makes work asynchronous (as a real pool
 * does) without threads. Periodic scheduling is not supported: the plugin schedules one-shot tasks only.
 */
public final class ManualScheduledExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private final MutableClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;
    private int ran;

    public ManualScheduledExecutor(MutableClock clock) {
        this.clock = clock;
    }

    /** A scheduled task: due at an instant; ties run in the order they were scheduled. */
    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final Instant due;
        final long seq;

        Task(Callable<V> c, Instant due, long seq) {
            super(c);
            this.due = due;
            this.seq = seq;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> t = (Task<?>) o;
            int c = due.compareTo(t.due);
            return c != 0 ? c : Long.compare(seq, t.seq);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            boolean cancelled = super.cancel(mayInterrupt);
            synchronized (ManualScheduledExecutor.this) {
                queue.remove(this);
            }
            return cancelled;
        }
    }

    private synchronized <V> Task<V> add(Callable<V> c, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("scheduler shut down");
        }
        Task<V> t = new Task<>(c, clock.instant().plusNanos(Math.max(0, unit.toNanos(delay))), sequence++);
        queue.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(Executors.callable(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the plugin schedules one-shot tasks only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the plugin schedules one-shot tasks only");
    }

    @Override
    public void execute(Runnable command) {
        add(Executors.callable(command), 0, TimeUnit.NANOSECONDS);
    }

    /** Takes the next task due at or before {@code until}, if any. */
    private synchronized Task<?> next(Instant until) {
        Task<?> head = queue.peek();
        if (head == null || head.due.isAfter(until)) {
            return null;
        }
        return queue.poll();
    }

    private void run(Task<?> t) {
        t.run();
        synchronized (this) {
            ran++;
        }
        try {
            if (!t.isCancelled()) {
                t.get(); // a task's exception is a test failure, not something to swallow
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a scheduled task failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs every task due now, including tasks they submit for now; returns how many ran. */
    public int runDue() {
        int n = 0;
        for (Task<?> t = next(clock.instant()); t != null; t = next(clock.instant())) {
            run(t);
            n++;
        }
        return n;
    }

    /**
     * Moves the clock forward by {@code d}, running each task when the clock reaches its due time (the clock then
     * shows that time), and ends with the clock at the start plus {@code d}.
     */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        for (Task<?> t = next(target); t != null; t = next(target)) {
            if (t.due.isAfter(clock.instant())) {
                clock.set(t.due);
            }
            run(t);
        }
        if (target.isAfter(clock.instant())) {
            clock.set(target);
        }
    }

    /** When the next task is due, if one is queued. */
    public synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(queue.peek()).map(t -> t.due);
    }

    /** Tasks queued and not yet run. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Tasks run so far. */
    public synchronized int ran() {
        return ran;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        left.forEach(t -> ((Task<?>) t).cancel(false));
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
