package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's way: one {@link RegistryWatcher} for all builds, on a 2-thread scheduler set up as
 * {@code RegistryGateRuntime} sets up its timers. Each build subscribes as {@code ApprovalWait} does (group key,
 * package ARN, its creation time, a listener of its own).
 */
final class SharedWatcherMechanism implements WaitMechanism {

    /** {@code RegistryGateRuntime}'s timer pool size. */
    static final int TIMER_THREADS = 2;

    private final ModelRegistry registry;
    private final ConnectionSettings connection;
    private final ScheduledThreadPoolExecutor scheduler;
    private final RegistryWatcher watcher;
    private final List<RegistryWatcher.Subscription> subscriptions = new ArrayList<>();
    private final FailureTally failures = new FailureTally();

    SharedWatcherMechanism(ModelRegistry registry, ConnectionSettings connection, RegistryWatcher.Settings settings,
                           long seed) {
        this.registry = registry;
        this.connection = connection;
        this.scheduler = new ScheduledThreadPoolExecutor(TIMER_THREADS, WaitMechanism.threads("shared-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.watcher = new RegistryWatcher(scheduler, Clock.systemUTC(), settings, new Random(seed));
    }

    @Override
    public String name() {
        return "shared watcher";
    }

    @Override
    public void start(List<WaitingBuild> builds) {
        for (WaitingBuild b : builds) {
            subscriptions.add(watcher.watch(new RegistryWatcher.GroupKey(connection, b.group, registry.principal()), () -> registry, b.arn,
                    Optional.of(b.createdAt), new RegistryWatcher.Listener() {
                        @Override
                        public void onDecided(ModelPackageRef current) {
                            b.notified();
                        }

                        @Override
                        public void onPollFailed(RegistryException e) {
                            failures.count(e);
                        }
                    }));
        }
    }

    @Override
    public long registryCalls() {
        return watcher.registryCalls();
    }

    @Override
    public FailureTally failures() {
        return failures;
    }

    int groupCount() {
        return watcher.groupCount();
    }

    @Override
    public void close() {
        subscriptions.forEach(RegistryWatcher.Subscription::cancel);
        subscriptions.clear();
        watcher.shutdown();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
