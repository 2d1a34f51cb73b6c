package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shim with working behaviour: a lazily created pool of 10 daemon threads named {@code jenkins.util.Timer [#n]}
 * whose tasks run as {@link ACL#SYSTEM2}, as in Jenkins; {@link #shutdown()} discards it.
 */
public class Timer {

    static ScheduledExecutorService executorService;

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory threads = r -> {
                Thread t = new Thread(r, "jenkins.util.Timer [#" + count.incrementAndGet() + "]");
                t.setDaemon(true);
                return t;
            };
            executorService = new AsSystemExecutor(10, threads);
        }
        return executorService;
    }

    public static synchronized void shutdown() {
        if (executorService != null) {
            executorService.shutdownNow();
            executorService = null;
        }
    }

    private Timer() {}

    private static final class AsSystemExecutor extends ScheduledThreadPoolExecutor {
        AsSystemExecutor(int corePoolSize, ThreadFactory threadFactory) {
            super(corePoolSize, threadFactory);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
            return new AsSystem<>(task);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Callable<V> callable, RunnableScheduledFuture<V> task) {
            return new AsSystem<>(task);
        }
    }

    private static final class AsSystem<V> implements RunnableScheduledFuture<V> {
        private final RunnableScheduledFuture<V> delegate;

        AsSystem(RunnableScheduledFuture<V> delegate) {
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("try")
        public void run() {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                delegate.run();
            }
        }

        @Override
        public boolean isPeriodic() {
            return delegate.isPeriodic();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return delegate.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed o) {
            return delegate.compareTo(o instanceof AsSystem<?> other ? other.delegate : o);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return delegate.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public boolean isDone() {
            return delegate.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return delegate.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.get(timeout, unit);
        }
    }
}
