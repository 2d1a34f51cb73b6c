package io.jenkins.plugins.registrygate;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.config.JenkinsProxy;
import io.jenkins.plugins.registrygate.registry.SageMakerClients;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's shared services: the SageMaker client cache, the one registry watcher, and the small thread pools
 * for registry I/O and timers. Steps find it through their {@code StepContext} first (tests supply their own
 * there) and fall back to the process-wide instance.
 *
 * <p>Registry calls block, so they run on the plugin's own bounded pool rather than on Jenkins' shared Timer.
 */
public final class RegistryGateRuntime implements AutoCloseable {

    private static volatile RegistryGateRuntime shared;

    private final Clock clock;
    private final SageMakerClients clients;
    private final ScheduledExecutorService timers;
    private final ExecutorService io;
    private final RegistryWatcher watcher;

    public RegistryGateRuntime(Clock clock, RegistryWatcher.Settings watchSettings) {
        this(clock, watchSettings, new SageMakerClients());
    }

    public RegistryGateRuntime(Clock clock, RegistryWatcher.Settings watchSettings, SageMakerClients clients) {
        this.clock = clock;
        this.clients = clients;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, daemon("registry-gate-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timers = t;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("registry-gate-io"));
        pool.allowCoreThreadTimeOut(true);
        this.io = pool;
        // Polls block on HTTP: they run on the I/O pool, never on the threads that fire builds' timeouts.
        this.watcher = new RegistryWatcher(timers, io, clock, watchSettings, new SecureRandom());
    }

    /** The process-wide runtime, created on first use. */
    public static RegistryGateRuntime get() {
        RegistryGateRuntime r = shared;
        if (r == null) {
            synchronized (RegistryGateRuntime.class) {
                r = shared;
                if (r == null) {
                    shared = r = new RegistryGateRuntime(Clock.systemUTC(), RegistryWatcher.Settings.DEFAULTS,
                            new SageMakerClients().withProxy(JenkinsProxy::current));
                }
            }
        }
        return r;
    }

    public Clock clock() {
        return clock;
    }

    public SageMakerClients clients() {
        return clients;
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    public ExecutorService io() {
        return io;
    }

    public RegistryWatcher watcher() {
        return watcher;
    }

    @Override
    public void close() {
        watcher.shutdown();
        timers.shutdownNow();
        io.shutdownNow();
        clients.close();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
