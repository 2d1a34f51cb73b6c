package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.testing.ClientHooks;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything an {@link ApprovalWait} needs in tests: the emulator, a shared watcher, recording callbacks, and time
 * the test moves. Timers, the I/O pool and the watcher's polls all run on one {@link ManualScheduledExecutor} over the
 * emulator's clock, so nothing happens until the test calls {@link #settle()} or {@link #advance}: no sleeps, the
 * same order on any machine. The plugin's client is wrapped by {@link ClientHooks} so a test can act between two of
 * its calls.
 *
 * <p>{@code lowerCaseArns}: the emulator answers with ARNs whose names are lower-cased (as SageMaker sometimes
 * does); the group is spelled with capitals so that the difference shows.
 */
final class WaitHarness implements AutoCloseable {

    /** The production cadence: time is the test's, so there is no need to make it faster. */
    static final RegistryWatcher.Settings WATCH = RegistryWatcher.Settings.DEFAULTS;
    static final String BUILD_URL = "https://jenkins.example.com/job/churn/42/";
    /** Spelled with capitals, so lower-cased ARNs differ from the name. */
    static final String GROUP = "Churn-Model";

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduledExecutor scheduler = new ManualScheduledExecutor(fx.clock);
    final ClientHooks hooks = new ClientHooks();
    RegistryWatcher watcher = new RegistryWatcher(scheduler, scheduler, fx.clock, WATCH, new Random(7));

    WaitHarness(boolean lowerCaseArns) {
        fx.emulator.backend().lowerCaseArns(lowerCaseArns);
        // Time is simulated here: hours of polling happen in a second of real time, which the per-connection rate
        // limit (real time, tested on its own) would turn into real sleeping.
        fx.clients.withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
    }

    /** The plugin's registry access as a build has it: the cached client, hooked. */
    ModelRegistry registry() {
        return new ModelRegistry(hooks.wrap(fx.clients.clientFor(fx.settings(), fx.lookup())));
    }

    /** Runs everything due now (work handed to the I/O pool, timers due now). */
    void settle() {
        scheduler.runDue();
    }

    /** Lets {@code d} pass: timers, polls and retries due meanwhile run in order. */
    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** Records what a wait reported. */
    static final class Recorder implements ApprovalWait.Callbacks {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<TierSignoff> signed = new CopyOnWriteArrayList<>();
        final CompletableFuture<CandidateSummary> prepared = new CompletableFuture<>();
        final CompletableFuture<ApprovalDecision> finished = new CompletableFuture<>();
        final CompletableFuture<Exception> failed = new CompletableFuture<>();
        final CompletableFuture<String> aborted = new CompletableFuture<>();
        final List<String> endings = new CopyOnWriteArrayList<>();
        int stateChanges;

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public void prepared(CandidateSummary summary) {
            prepared.complete(summary);
        }

        @Override
        public void signed(TierSignoff signoff) {
            signed.add(signoff);
        }

        @Override
        public synchronized void stateChanged() {
            stateChanges++;
        }

        @Override
        public void finished(ApprovalDecision decision) {
            endings.add("finished " + decision.summary());
            finished.complete(decision);
        }

        @Override
        public void failed(Exception e) {
            endings.add("failed " + e.getMessage());
            failed.complete(e);
        }

        // No @Override: the callback for a wait that ended aborted.
        public void aborted(String reason) {
            endings.add("aborted " + reason);
            aborted.complete(reason);
        }

        /** The decision; the wait must have finished by now (everything runs when the test moves time). */
        ApprovalDecision decision() {
            if (!finished.isDone()) {
                throw new AssertionError("the wait has not finished; it reported " + endings + ", log " + log);
            }
            return finished.join();
        }

        CandidateSummary summary() {
            if (!prepared.isDone()) {
                throw new AssertionError("no summary was prepared; log " + log + ", endings " + endings);
            }
            return prepared.join();
        }

        Exception failure() {
            if (!failed.isDone()) {
                throw new AssertionError("the wait has not failed; it reported " + endings + ", log " + log);
            }
            return failed.join();
        }
    }

    ApprovalWait.Environment environment(Recorder recorder) {
        return environment(recorder, BUILD_URL);
    }

    ApprovalWait.Environment environment(Recorder recorder, String buildUrl) {
        // The emulator's clock: the registry and Jenkins agree on the time, as they do (within skew) in production.
        return new ApprovalWait.Environment(watcher, scheduler, scheduler, fx.clock, this::registry, buildUrl, FixedSeal.SEAL, recorder);
    }

    ModelPackageRef register(String build, Map<String, String> metrics, String registeredBy) {
        return register(GROUP, build, metrics, registeredBy);
    }

    ModelPackageRef register(String group, String build, Map<String, String> metrics, String registeredBy) {
        RegistrationRequest r = RegistrationRequest.builder(group, RegistryFixture.IMAGE).metrics(metrics).build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), build, registeredBy)).ref();
    }

    /** A version registered outside the plugin (another tool), with the given customer metadata. */
    ModelPackageRef registerElsewhere(Map<String, String> metadata) {
        fx.registry().ensureGroup(GROUP, "", Map.of());
        String arn = fx.console().createModelPackage(b -> b.modelPackageGroupName(GROUP)
                .modelApprovalStatus("PendingManualApproval")
                .customerMetadataProperties(metadata)
                .inferenceSpecification(i -> i.containers(c -> c.image(RegistryFixture.IMAGE))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))).modelPackageArn();
        return ModelPackageRef.fromArn(arn, "PendingManualApproval");
    }

    static ApprovalPolicy policy(List<String> approvers) {
        return new ApprovalPolicy(approvers, false, List.of(), List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
    }

    static ApprovalPolicy rules(List<String> rules, ApprovalPolicy.OnRuleFailure onFailure, List<String> approvers) {
        return new ApprovalPolicy(approvers, false, List.of(), rules, onFailure);
    }

    static ApprovalPolicy tiers() {
        return new ApprovalPolicy(List.of(), false, ApprovalGateTest.THREE_TIERS, List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
    }

    /** Someone in the SageMaker console (another IAM user) sets the status. */
    void decideInConsole(ModelPackageRef ref, String status, String why) {
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus(status).approvalDescription(why));
    }

    /** Someone in the console adds (or changes) metadata entries. */
    void setMetadataInConsole(ModelPackageRef ref, Map<String, String> entries) {
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).customerMetadataProperties(entries));
    }

    /** The operations the emulator served, in order. */
    List<String> operations() {
        List<String> ops = new ArrayList<>();
        fx.emulator.calls().forEach(c -> ops.add(c.operation() + (c.succeeded() ? "" : "!")));
        return ops;
    }

    @Override
    public void close() {
        watcher.shutdown();
        scheduler.shutdownNow();
        fx.close();
    }
}
