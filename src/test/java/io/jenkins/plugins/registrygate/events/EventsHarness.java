package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The events machinery against the emulator, on time the test moves: the watcher, the triggers and the intake run their
 * timers and registry reads on one {@link ManualScheduledExecutor} over the emulator's clock, so nothing happens until
 * the test calls {@link #settle()} or {@link #advance}. Registry calls go through the plugin's own SDK client.
 */
final class EventsHarness implements AutoCloseable {

    static final String KEY = "k3y-0f-the-eventbridge-connection";
    static final String GROUP = "churn-model";
    /** The production cadence without jitter, so that poll times can be read exactly. */
    static final RegistryWatcher.Settings WATCH = new RegistryWatcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMinutes(5), 0, RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE);

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduledExecutor scheduler = new ManualScheduledExecutor(fx.clock);
    final RegistryWatcher watcher = new RegistryWatcher(scheduler, scheduler, fx.clock, WATCH, new Random(7));
    final ApprovalTriggers triggers = new ApprovalTriggers(scheduler, scheduler, WATCH.wakeCoalesce());
    volatile EventIntake.Settings settings = new EventIntake.Settings(KEY, Duration.ofMinutes(10));
    final EventIntake intake = new EventIntake(fx.clock, watcher, triggers, () -> settings);

    EventsHarness() {
        // Time is simulated: the per-connection rate limit (real time) would turn hours of polling into real sleeping.
        fx.clients.withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
    }

    ModelRegistry registry() {
        return fx.registry();
    }

    Instant now() {
        return fx.clock.instant();
    }

    ModelPackageRef register(String build) {
        return register(GROUP, build);
    }

    ModelPackageRef register(String group, String build) {
        RegistrationRequest r = RegistrationRequest.builder(group, RegistryFixture.IMAGE).build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), build, "")).ref();
    }

    /** Someone in the SageMaker console sets the status. */
    void decideInConsole(ModelPackageRef ref, String status) {
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus(status).approvalDescription("console"));
    }

    /** The event SageMaker sends for {@code ref} now, claiming {@code status}. */
    String eventFor(ModelPackageRef ref, String status) {
        return EventSamples.packageStateChange(UUID.randomUUID().toString(), now(), ref.arn(), status);
    }

    String heartbeat() {
        return EventSamples.heartbeat(UUID.randomUUID().toString(), now());
    }

    /** POSTs a body with the right key, as the API destination does. */
    Receipt post(String body) {
        return intake.receive(Optional.of(KEY), body.getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs and lets the wake window pass (the reads it started run), then answers. */
    Receipt.Answer postAndSettle(String body) {
        Receipt r = post(body);
        advance(WATCH.wakeCoalesce());
        return r.answer(Duration.ZERO);
    }

    void settle() {
        scheduler.runDue();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    long calls(String operation) {
        return fx.calls(operation);
    }

    /** A job's trigger that records the builds it starts. */
    final class RecordingTarget implements TriggerTarget {
        final String name;
        final String group;
        final String status;
        final TriggerLedger ledger;
        final List<TriggeredVersion> started = new ArrayList<>();
        Supplier<ModelRegistry> registry = EventsHarness.this::registry;
        boolean jenkinsTakesBuilds = true;

        RecordingTarget(String name, String group, String status, TriggerLedger ledger) {
            this.name = name;
            this.group = group;
            this.status = status;
            this.ledger = ledger;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public String status() {
            return status;
        }

        @Override
        public ModelRegistry registry() {
            return registry.get();
        }

        @Override
        public TriggerLedger ledger() {
            return ledger;
        }

        @Override
        public synchronized boolean startBuild(TriggeredVersion version) {
            if (jenkinsTakesBuilds) {
                started.add(version);
            }
            return jenkinsTakesBuilds;
        }
    }

    RecordingTarget trigger(String status) {
        return trigger(GROUP, status, TriggerLedger.inMemory(fx.clock));
    }

    /** A trigger, registered (armed now, its baseline read at once). */
    RecordingTarget trigger(String group, String status, TriggerLedger ledger) {
        RecordingTarget t = new RecordingTarget("ml/deploy-" + group, group, status, ledger);
        triggers.register(t);
        settle();
        return t;
    }

    @Override
    public void close() {
        watcher.shutdown();
        scheduler.shutdownNow();
        fx.close();
    }
}
