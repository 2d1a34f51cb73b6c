package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** An emulator, a fast shared watcher and recording callbacks: everything an {@link ApprovalWait} needs in tests. */
final class WaitHarness implements AutoCloseable {

    static final RegistryWatcher.Settings FAST = new RegistryWatcher.Settings(
            Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(200), Duration.ofMillis(400), 0.2);
    static final String BUILD_URL = "https://jenkins.example.com/job/churn/42/";

    final RegistryFixture fx = new RegistryFixture();
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    final ExecutorService io = Executors.newCachedThreadPool();
    RegistryWatcher watcher = new RegistryWatcher(timers, Clock.systemUTC(), FAST, new Random(7));

    /** Records what a wait reported. */
    static final class Recorder implements ApprovalWait.Callbacks {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<TierSignoff> signed = new CopyOnWriteArrayList<>();
        final CompletableFuture<CandidateSummary> prepared = new CompletableFuture<>();
        final CompletableFuture<ApprovalDecision> finished = new CompletableFuture<>();
        final CompletableFuture<Exception> failed = new CompletableFuture<>();
        int finishedCalls;

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
        public synchronized void finished(ApprovalDecision decision) {
            finishedCalls++;
            finished.complete(decision);
        }

        @Override
        public void failed(Exception e) {
            failed.complete(e);
        }

        ApprovalDecision decision() throws Exception {
            return finished.get(10, TimeUnit.SECONDS);
        }

        CandidateSummary summary() throws Exception {
            return prepared.get(10, TimeUnit.SECONDS);
        }
    }

    ApprovalWait.Environment environment(Recorder recorder) {
        // The emulator's clock: the registry and Jenkins agree on the time, as they do (within skew) in production.
        return new ApprovalWait.Environment(watcher, timers, io, fx.clock, fx::registry, BUILD_URL, recorder);
    }

    ModelPackageRef register(String build, Map<String, String> metrics, String registeredBy) {
        return register("churn-model", build, metrics, registeredBy);
    }

    ModelPackageRef register(String group, String build, Map<String, String> metrics, String registeredBy) {
        RegistrationRequest r = RegistrationRequest.builder(group, RegistryFixture.IMAGE).metrics(metrics).build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), build, registeredBy)).ref();
    }

    /** A watcher that looks once and then not again for a minute: registry decisions go unseen meanwhile. */
    void slowWatcher() {
        watcher.shutdown();
        watcher = new RegistryWatcher(timers, Clock.systemUTC(), new RegistryWatcher.Settings(
                Duration.ofMillis(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 0), new Random(5));
    }

    static ApprovalPolicy policy(List<String> approvers) {
        return new ApprovalPolicy(approvers, false, List.of(), List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
    }

    void approveInConsole(ModelPackageRef ref, String status, String why) {
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus(status).approvalDescription(why));
    }

    @Override
    public void close() {
        watcher.shutdown();
        timers.shutdownNow();
        io.shutdownNow();
        fx.close();
    }
}
