package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.WaitState;
import io.jenkins.plugins.registrygate.registry.CallRate;
import java.time.Duration;
import java.util.List;

/**
 * The plugin as it runs: every build runs the real {@code awaitApproval} step ({@link PipelineBuilds}) on a
 * {@link RegistryGateRuntime} built as production builds it, with its own timer and I/O pools and client cache. A
 * build is waiting once its wait has read its version and subscribed to the runtime's watcher; it is told of a
 * decision when its step completes.
 */
final class PluginSteps implements WaitMechanism {

    private final RegistryGateRuntime runtime;
    private final String region;
    private final String endpoint;
    private final String timeout;
    private final BuildLogs logs = new BuildLogs();
    private PipelineBuilds pipeline;
    private int size;

    /**
     * @param timeout the steps' {@code timeout} parameter ("" for none)
     */
    PluginSteps(String region, String endpoint, RegistryWatcher.Settings settings, String timeout) {
        this.runtime = PipelineBuilds.runtime(settings, () -> CallRate.UNLIMITED);
        this.region = region;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "plugin: awaitApproval steps";
    }

    @Override
    public void prepare(List<WaitingBuild> builds) throws Exception {
        PipelineBuilds.warm(runtime, region, endpoint, builds, 64);
        pipeline = new PipelineBuilds(builds, region, endpoint, timeout, runtime, logs);
    }

    @Override
    public void start(List<WaitingBuild> builds) throws Exception {
        size = builds.size();
        pipeline.startAll();
    }

    @Override
    public boolean awaitWaiting(long deadlineNanos) {
        while (runtime.watcher().waiterCount() < size || pipeline.inState(WaitState.WAITING) < size) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Probes.sleep(20);
        }
        return true;
    }

    /** Every build is stopped, and its step execution and the plugin's action forgotten; the builds themselves stay. */
    @Override
    public void release() {
        pipeline.stopAll();
        pipeline.forget();
    }

    @Override
    public long registryCalls() {
        return runtime.watcher().registryCalls();
    }

    @Override
    public FailureTally failures() {
        FailureTally t = new FailureTally();
        t.add("console: the registry did not answer, retrying", logs.retrying());
        t.add("step failed", pipeline == null ? 0 : pipeline.failed());
        return t;
    }

    PipelineBuilds pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.stopAll();
        }
        try {
            runtime.shutdown(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
