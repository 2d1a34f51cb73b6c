package io.jenkins.plugins.registrygate;

import io.jenkins.plugins.registrygate.approvals.DecisionSeal;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.deployment.Deployment;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import io.jenkins.plugins.registrygate.deployment.EndpointLocks;
import io.jenkins.plugins.registrygate.config.ControllerDecisionKey;
import io.jenkins.plugins.registrygate.config.JenkinsProxy;
import io.jenkins.plugins.registrygate.config.RegistryGateConfiguration;
import io.jenkins.plugins.registrygate.events.ApprovalTriggers;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.events.QueueConsumer;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The plugin's shared services: the AWS client cache, the one registry watcher, the registry events (their intake,
 * the jobs' triggers and the controller's one SQS consumer), and the small thread pools for registry I/O and timers. Steps find it through their {@code StepContext} first (tests supply their own
 * there) and fall back to the process-wide instance, which Jenkins' shutdown stops
 * ({@link io.jenkins.plugins.registrygate.config.RuntimeShutdown}).
 *
 * <p>Registry calls block, so they run on the plugin's own bounded pool rather than on Jenkins' shared Timer.
 */
public final class RegistryGateRuntime implements AutoCloseable {

    private static volatile RegistryGateRuntime shared;

    private final Clock clock;
    private final AwsClients clients;
    private final ScheduledExecutorService timers;
    private final ExecutorService io;
    private final RegistryWatcher watcher;
    private final EndpointLocks endpointLocks = new EndpointLocks();
    private volatile Deployment.Settings deploymentSettings = Deployment.Settings.DEFAULTS;
    private final ApprovalTriggers triggers;
    private final EventIntake events;
    private volatile Supplier<EventIntake.Settings> eventSettings = () -> EventIntake.Settings.DISABLED;
    private QueueConsumer eventQueue;
    private volatile Supplier<DeploymentParameters.Defaults> deploymentDefaults = RegistryGateConfiguration::deploymentDefaults;
    /**
     * Unless told otherwise, a key made up here and never stored: decisions this runtime seals are not recognised by
     * another one (fail closed). The controller's runtime uses the key Jenkins keeps ({@link ControllerDecisionKey}).
     */
    private volatile DecisionSeal decisionSeal = DecisionSeal.withSecret(randomSecret());

    /** With a client cache under the default rules: no controller credentials, any role and endpoint. */
    public RegistryGateRuntime(Clock clock, RegistryWatcher.Settings watchSettings) {
        this(clock, watchSettings, new AwsClients());
    }

    public RegistryGateRuntime(Clock clock, RegistryWatcher.Settings watchSettings, AwsClients clients) {
        this(clock, watchSettings, clients, timerPool(), ioPool());
    }

    /**
     * With the caller's threads: tests pass a scheduler they advance by hand, so time-dependent behaviour is
     * deterministic. {@code timers} only schedules; {@code io} runs every blocking registry call.
     */
    public RegistryGateRuntime(Clock clock, RegistryWatcher.Settings watchSettings, AwsClients clients,
                               ScheduledExecutorService timers, ExecutorService io) {
        this.clock = clock;
        this.clients = clients;
        this.timers = timers;
        this.io = io;
        // Polls block on HTTP: they run on the I/O pool, never on the threads that fire builds' timeouts.
        this.watcher = new RegistryWatcher(timers, io, clock, watchSettings, new SecureRandom());
        this.triggers = new ApprovalTriggers(timers, io, watchSettings.wakeCoalesce());
        this.events = new EventIntake(clock, watcher, triggers, () -> eventSettings.get());
    }

    private static ScheduledExecutorService timerPool() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, daemon("registry-gate-timer"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static ExecutorService ioPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("registry-gate-io"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The process-wide runtime if it was started, without starting it. */
    public static Optional<RegistryGateRuntime> running() {
        return Optional.ofNullable(shared);
    }

    /** The process-wide runtime, created on first use. */
    public static RegistryGateRuntime get() {
        RegistryGateRuntime r = shared;
        if (r == null) {
            synchronized (RegistryGateRuntime.class) {
                r = shared;
                if (r == null) {
                    // The administrator's rules, proxy and rate are read at each use: changes apply without a restart.
                    shared = r = new RegistryGateRuntime(Clock.systemUTC(), RegistryWatcher.Settings.DEFAULTS,
                            new AwsClients()
                                    .withProxy(JenkinsProxy::current)
                                    .withPolicy(RegistryGateConfiguration::connectionPolicy)
                                    .withCallRateLimits(CallRateLimits.of(RegistryGateConfiguration::callRate)))
                            .withEventSettings(RegistryGateConfiguration::eventSettings)
                            .withDecisionSeal(new DecisionSeal(new ControllerDecisionKey()));
                    r.watcher().withPushCadence(RegistryGateConfiguration::pushCadence);
                }
            }
        }
        return r;
    }

    public Clock clock() {
        return clock;
    }

    public AwsClients clients() {
        return clients;
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    public ExecutorService io() {
        return io;
    }

    /** Serialises deployments to one endpoint on this controller. */
    public EndpointLocks endpointLocks() {
        return endpointLocks;
    }

    /** How deployments poll SageMaker (its waiter's cadence by default). */
    public Deployment.Settings deploymentSettings() {
        return deploymentSettings;
    }

    /** For tests and the demo: a faster cadence against an emulator whose endpoints settle in seconds. */
    public RegistryGateRuntime withDeploymentSettings(Deployment.Settings settings) {
        this.deploymentSettings = settings;
        return this;
    }

    /**
     * The administrator's deployment defaults in force now (execution role, required metadata, the checks a pipeline
     * may waive): the global configuration's, read at each call. A deployment captures them once, at its first start.
     */
    public DeploymentParameters.Defaults deploymentDefaults() {
        return deploymentDefaults.get();
    }

    /** For tests: the administrator's deployment defaults from elsewhere than the global configuration. */
    public RegistryGateRuntime withDeploymentDefaults(Supplier<DeploymentParameters.Defaults> source) {
        this.deploymentDefaults = java.util.Objects.requireNonNull(source);
        return this;
    }

    /** Seals the approval decisions the plugin writes and checks those it reads. */
    public DecisionSeal decisionSeal() {
        return decisionSeal;
    }

    /** The key that seals decisions: the controller's ({@link ControllerDecisionKey}); tests pass a fixed one. */
    public RegistryGateRuntime withDecisionSeal(DecisionSeal seal) {
        this.decisionSeal = java.util.Objects.requireNonNull(seal);
        return this;
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public RegistryWatcher watcher() {
        return watcher;
    }

    /** Where registry events come in (the HTTP endpoint and the SQS consumer hand them here). */
    public EventIntake events() {
        return events;
    }

    /** The jobs' {@code modelPackageApproved} triggers. */
    public ApprovalTriggers triggers() {
        return triggers;
    }

    /** The API key and freshness window of the events endpoint, read at each event. */
    public RegistryGateRuntime withEventSettings(Supplier<EventIntake.Settings> settings) {
        this.eventSettings = settings;
        return this;
    }

    /**
     * Starts the controller's one SQS consumer, which follows {@code target} (read at every receive: empty while no
     * queue is configured). Further calls return the running one.
     */
    public synchronized QueueConsumer startEventQueue(Supplier<Optional<QueueConsumer.Target>> target,
                                                     QueueConsumer.Settings settings) {
        if (eventQueue == null) {
            eventQueue = new QueueConsumer(target, events, io, clock, settings);
            events.queueStatus(eventQueue::status);
            eventQueue.start(daemon("registry-gate-events-sqs"));
        }
        return eventQueue;
    }

    /** The SQS consumer, once started. */
    public synchronized Optional<QueueConsumer> eventQueue() {
        return Optional.ofNullable(eventQueue);
    }

    /**
     * Stops the process-wide runtime, if one was started: Jenkins is shutting down. The next {@link #get()} (a
     * Jenkins started again in the same JVM, as in tests) creates a fresh one.
     */
    public static void shutdownShared(Duration grace) throws InterruptedException {
        RegistryGateRuntime r;
        synchronized (RegistryGateRuntime.class) {
            r = shared;
            shared = null;
        }
        if (r != null) {
            r.shutdown(grace);
        }
    }

    /**
     * Stops the watcher and the timers at once, lets registry calls already queued or running finish for up to
     * {@code grace} (a decision being written reaches the registry rather than being cut off), then interrupts what
     * is left and closes the clients. Waits resume after the restart and read the registry again.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        closeEventQueue();
        watcher.shutdown();
        timers.shutdownNow();
        io.shutdown();
        try {
            io.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            close();
        }
        // The timer threads were interrupted above; they exit at once (they never block), so this wait is short.
        timers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once every pool has stopped. */
    public boolean isTerminated() {
        return timers.isTerminated() && io.isTerminated();
    }

    /** Stops everything now: threads are interrupted, clients closed. */
    @Override
    public void close() {
        closeEventQueue();
        watcher.shutdown();
        timers.shutdownNow();
        io.shutdownNow();
        clients.close();
    }

    private void closeEventQueue() {
        QueueConsumer q;
        synchronized (this) {
            q = eventQueue;
        }
        if (q != null) {
            q.close();
        }
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
