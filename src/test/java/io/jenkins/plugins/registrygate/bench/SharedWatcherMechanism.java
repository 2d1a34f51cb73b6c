package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plugin's watcher alone, without the steps around it: the {@link RegistryWatcher} of a {@link RegistryGateRuntime}
 * built as production builds it (its 2 timer threads time the polls, its 8-thread I/O pool runs them), each build
 * subscribing as {@code ApprovalWait} does (group key, package ARN, its creation time, a listener of its own). What
 * this costs per build is the watcher's share of a waiting build; {@link PluginSteps} measures the whole build.
 */
final class SharedWatcherMechanism implements WaitMechanism {

    private final RegistryGateRuntime runtime;
    private final String region;
    private final String endpoint;
    private final ModelRegistry registry;
    private final ConnectionSettings connection;
    private final List<RegistryWatcher.Subscription> subscriptions = new ArrayList<>();
    private final FailureTally failures = new FailureTally();
    private int size;

    SharedWatcherMechanism(String region, String endpoint, RegistryWatcher.Settings settings) {
        this.runtime = PipelineBuilds.runtime(settings, () -> CallRate.UNLIMITED);
        this.region = region;
        this.endpoint = endpoint;
        this.connection = new ConnectionSettings(region, endpoint, "", "", "");
        this.registry = PipelineBuilds.registry(runtime, region, endpoint);
    }

    @Override
    public String name() {
        return "plugin's watcher alone";
    }

    @Override
    public void prepare(List<WaitingBuild> builds) throws Exception {
        PipelineBuilds.warm(runtime, region, endpoint, builds, 64);
    }

    @Override
    public void start(List<WaitingBuild> builds) {
        size = builds.size();
        RegistryWatcher watcher = runtime.watcher();
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
    public boolean awaitWaiting(long deadlineNanos) {
        while (runtime.watcher().waiterCount() < size) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Probes.sleep(10);
        }
        return true;
    }

    @Override
    public void release() {
        subscriptions.forEach(RegistryWatcher.Subscription::cancel);
        subscriptions.clear();
    }

    @Override
    public long registryCalls() {
        return runtime.watcher().registryCalls();
    }

    @Override
    public FailureTally failures() {
        return failures;
    }

    @Override
    public void close() {
        subscriptions.forEach(RegistryWatcher.Subscription::cancel);
        subscriptions.clear();
        try {
            runtime.shutdown(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
