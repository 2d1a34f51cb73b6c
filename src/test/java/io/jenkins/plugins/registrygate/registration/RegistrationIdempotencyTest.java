package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.ManualScheduler;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing is registered twice: a registration repeated in the same build, the plugin's own retries after the SDK gave
 * up, a resume after SageMaker forgot the token, and racing builds. Each test drives the plugin's mechanism (its
 * ClientToken, its marker look-up), not the SDK's: the SDK alone would have given up, or would have sent a new token.
 */
class RegistrationIdempotencyTest {

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduler timer = new ManualScheduler(fx.clock);
    final List<String> console = new ArrayList<>();

    @AfterEach
    void close() {
        fx.close();
    }

    static RegistrationRequest request() {
        return RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).metrics(Map.of("auc", "0.91")).build();
    }

    static ModelRegistration.Prepared prepared(String buildId) {
        return ModelRegistration.prepare(request(), ModelRegistrationTest.BUILD_ENV, buildId, "");
    }

    ModelPackageRef registerAsBuild(String buildId) {
        // A fresh registration object each time, as after a controller restart: only the build id is shared.
        return new ModelRegistration(fx.registry()).register(prepared(buildId)).ref();
    }

    /** The plugin's retrying registration, run on the test thread; waits between attempts go to {@link #timer}. */
    CompletableFuture<ModelRegistration.Result> start(ModelRegistration.Prepared p, RetryingRegistration.Start how) {
        RetryingRegistration r = new RetryingRegistration(fx::registry, p, fx.clock.instant(), "",
                new RetryingRegistration.Environment(Runnable::run, timer, fx.clock, new Random(1),
                        new RetryingRegistration.Policy(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(10), 0)),
                new RetryingRegistration.Progress() {
                    @Override public void log(String line) { console.add(line); }
                    @Override public void accountLearned(String accountId) {}
                    @Override public void groupCreated() {}
                });
        return r.start(how);
    }

    int versionsInRegistry() {
        return fx.console().listModelPackages(b -> b.modelPackageGroupName("churn-model")).modelPackageSummaryList().size();
    }

    List<String> clientTokensSent() {
        return fx.emulator.calls("CreateModelPackage").stream().map(RecordedCall::request)
                .map(r -> r.path("ClientToken").asText("(none)")).toList();
    }

    @Test
    void theSameStepRunTwiceReturnsTheVersionItAlreadyCreated() {
        ModelPackageRef first = registerAsBuild("churn#42");
        ModelPackageRef again = registerAsBuild("churn#42");

        assertEquals(first.arn(), again.arn());
        assertEquals(1, versionsInRegistry());
    }

    @Test
    void anotherBuildRegistersANewVersion() {
        ModelPackageRef first = registerAsBuild("churn#42");
        ModelPackageRef second = registerAsBuild("churn#43");

        assertNotEquals(first.arn(), second.arn());
        assertEquals(2, second.version());
    }

    @Test
    void aResponseLostAfterTheServiceCreatedTheVersionDoesNotCreateASecondOne() throws Exception {
        registerAsBuild("churn#41"); // the group exists: the first call is the create
        fx.emulator.clearCalls();
        // Every one of the SDK's attempts is applied and its answer lost: the SDK gives up, the plugin goes on.
        var lost = fx.emulator.faults().on("CreateModelPackage").every().afterApplying().dropConnection();

        CompletableFuture<ModelRegistration.Result> done = start(prepared("churn#42"), RetryingRegistration.Start.FIRST);
        long sdkAttempts = fx.calls("CreateModelPackage");
        lost.remove();
        timer.runNext();

        assertEquals(2, done.get(0, TimeUnit.SECONDS).ref().version());
        assertEquals(2, versionsInRegistry());
        assertEquals(sdkAttempts, fx.calls("CreateModelPackage"), "after the lost answers the plugin looked, found and did not create again");
        assertTrue(console.stream().anyMatch(l -> l.startsWith("found version 2 that this registration created earlier")), console.toString());
    }

    @Test
    void throttlingBeyondTheSdksAttemptsIsRetriedWithTheFirstAttemptsClientToken() throws Exception {
        var throttled = fx.emulator.faults().on("CreateModelPackage").every().throttle();
        ModelRegistration.Prepared p = prepared("churn#42");

        CompletableFuture<ModelRegistration.Result> done = start(p, RetryingRegistration.Start.FIRST);
        long sdkAttempts = fx.calls("CreateModelPackage");
        throttled.remove();
        timer.runNext();

        assertEquals(1, done.get(0, TimeUnit.SECONDS).ref().version());
        assertEquals(1, versionsInRegistry());
        List<String> tokens = clientTokensSent();
        assertTrue(tokens.size() > sdkAttempts, "the plugin sent the create again after the SDK's attempts: " + tokens);
        assertEquals(List.of(p.clientToken()), tokens.stream().distinct().toList(), "one token, the plugin's, on every attempt");
    }

    @Test
    void aServerErrorAfterTheServiceCreatedTheVersionIsResolvedByTheMarkerNotByCreatingAgain() throws Exception {
        registerAsBuild("churn#41");
        fx.emulator.clearCalls();
        var failing = fx.emulator.faults().on("CreateModelPackage").every().afterApplying().internalError();

        CompletableFuture<ModelRegistration.Result> done = start(prepared("churn#42"), RetryingRegistration.Start.FIRST);
        long sdkAttempts = fx.calls("CreateModelPackage");
        failing.remove();
        timer.runNext();

        assertEquals(2, done.get(0, TimeUnit.SECONDS).ref().version());
        assertEquals(2, versionsInRegistry());
        assertEquals(sdkAttempts, fx.calls("CreateModelPackage"), "applied creates answered with 500, then found, not sent again");
    }

    @Test
    void aStepRetriedAfterTheSdkGaveUpStillGetsOneVersion() {
        // Every SDK attempt's answer is lost after the service applied it: the step fails...
        fx.emulator.faults().on("CreateModelPackage").next(4).afterApplying().serviceUnavailable();
        try {
            registerAsBuild("churn#42");
        } catch (RuntimeException expected) {
            // ...and the Pipeline's retry runs it again with the same token.
        }
        ModelPackageRef ref = registerAsBuild("churn#42");

        assertEquals(1, ref.version());
        assertEquals(1, versionsInRegistry());
    }

    @Test
    void aResumeAfterSageMakerForgotTheTokenFindsTheVersionByItsMarker() throws Exception {
        fx.emulator.backend().clientTokenLifetime(Duration.ofHours(1));
        ModelRegistration.Prepared p = prepared("churn#42");
        Instant startedAt = fx.clock.instant();
        ModelPackageRef created = new ModelRegistration(fx.registry()).register(p).ref();
        registerAsBuild("churn#43"); // another build registers meanwhile
        fx.clock.advance(Duration.ofHours(6)); // a long outage: the token is forgotten
        fx.emulator.clearCalls();

        RetryingRegistration resumed = new RetryingRegistration(fx::registry, p, startedAt, "",
                new RetryingRegistration.Environment(Runnable::run, timer, fx.clock, new Random(1), RetryingRegistration.Policy.DEFAULTS),
                new RetryingRegistration.Progress() {
                    @Override public void log(String line) { console.add(line); }
                    @Override public void accountLearned(String accountId) {}
                    @Override public void groupCreated() {}
                });
        ModelRegistration.Result r = resumed.start(RetryingRegistration.Start.RESUMED).get(0, TimeUnit.SECONDS);

        assertEquals(created.arn(), r.ref().arn());
        assertEquals(2, versionsInRegistry());
        assertEquals(0, fx.calls("CreateModelPackage"));
    }

    @Test
    void twoBuildsRacingToCreateANewGroupBothRegister() throws Exception {
        int builds = 2;
        // Both builds learn that the group is missing before either creates it: the create race is certain.
        fx.emulator.faults().on("CreateModelPackage").next(2).afterApplying().latency(Duration.ofMillis(300));
        CyclicBarrier start = new CyclicBarrier(builds);
        ExecutorService pool = Executors.newFixedThreadPool(builds);
        try {
            List<Future<ModelPackageRef>> results = new ArrayList<>();
            for (int i = 0; i < builds; i++) {
                String build = "churn#" + (100 + i);
                Callable<ModelPackageRef> task = () -> {
                    start.await();
                    return registerAsBuild(build);
                };
                results.add(pool.submit(task));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<ModelPackageRef> f : results) {
                versions.add(f.get().version());
            }
            versions.sort(null);
            assertEquals(List.of(1, 2), versions);
            assertEquals(2, fx.calls("CreateModelPackageGroup"), "both builds tried to create the group");
            assertEquals(1, fx.console().listModelPackageGroups(b -> b.nameContains("churn")).modelPackageGroupSummaryList().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
