package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.FaultInjector;
import io.jenkins.plugins.registrygate.testing.ManualScheduler;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many registrations through a registry that faults a third of the calls of every operation registration uses, in every
 * way the emulator can (throttling, 500, 503, a connection dropped before and after the service applied the call),
 * then resumed after SageMaker forgot their tokens: each build gets exactly one version, and keeps it.
 */
class RegistrationUnderFaultsTest {

    static final int BUILDS = 12;
    static final List<String> OPERATIONS = List.of("CreateModelPackage", "CreateModelPackageGroup", "ListModelPackages",
            "DescribeModelPackage");

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduler timer = new ManualScheduler(fx.clock);

    @AfterEach
    void close() {
        fx.close();
    }

    /**
     * In every block of twelve calls of an operation, calls 2, 6, 7 and 8 fault: a third of all calls, alone (the
     * SDK's own attempts absorb it) or three in a row (the SDK gives up and the registration's back-off takes over).
     */
    List<FaultInjector.FaultRule> faultAThirdOfTheCalls() {
        List<FaultInjector.FaultRule> rules = new ArrayList<>();
        for (String op : OPERATIONS) {
            int kind = 0;
            for (int block = 0; block < 40; block++) {
                for (int offset : new int[] {2, 6, 7, 8}) {
                    FaultInjector.RuleBuilder on = fx.emulator.faults().on(op).call(block * 12 + offset);
                    rules.add(switch (kind++ % 5) {
                        case 0 -> on.throttle();
                        case 1 -> on.internalError();
                        case 2 -> on.afterApplying().serviceUnavailable();
                        case 3 -> on.dropConnection();
                        default -> on.afterApplying().dropConnection();
                    });
                }
            }
        }
        return rules;
    }

    ModelRegistration.Result register(ModelRegistration.Prepared p, Instant startedAt, RetryingRegistration.Start how) throws Exception {
        CompletableFuture<ModelRegistration.Result> done = new RetryingRegistration(fx::registry, p, startedAt, "",
                new RetryingRegistration.Environment(Runnable::run, timer, fx.clock, new Random(3), RetryingRegistration.Policy.DEFAULTS),
                new RetryingRegistration.Progress() {
                    @Override public void log(String line) {}
                    @Override public void accountLearned(String accountId) {}
                    @Override public void groupCreated() {}
                }).start(how);
        for (int waits = 0; waits < 100 && !done.isDone(); waits++) {
            timer.runNext();
        }
        return done.get(0, TimeUnit.SECONDS);
    }

    @Test
    void everyBuildGetsExactlyOneVersionAndKeepsItWhenResumed() throws Exception {
        fx.emulator.backend().clientTokenLifetime(Duration.ofHours(1));
        List<FaultInjector.FaultRule> rules = faultAThirdOfTheCalls();
        List<ModelRegistration.Prepared> builds = new ArrayList<>();
        List<Instant> started = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        for (int b = 0; b < BUILDS; b++) {
            ModelRegistration.Prepared p = ModelRegistration.prepare(
                    RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).metrics(Map.of("auc", "0.9" + b)).build(),
                    ModelRegistrationTest.BUILD_ENV, "churn#" + (100 + b), "");
            builds.add(p);
            started.add(fx.clock.instant());
            arns.add(register(p, started.get(b), RetryingRegistration.Start.FIRST).ref().arn());
            fx.clock.advance(Duration.ofMinutes(1));
        }
        fx.clock.advance(Duration.ofHours(2)); // every token forgotten

        for (int b = 0; b < BUILDS; b++) {
            assertEquals(arns.get(b), register(builds.get(b), started.get(b), RetryingRegistration.Start.RESUMED).ref().arn(),
                    "build " + b + " resumed");
        }

        Set<String> distinct = new LinkedHashSet<>(arns);
        assertEquals(BUILDS, distinct.size());
        assertEquals(BUILDS, fx.emulator.backend().modelPackageVersions("churn-model").size());
        int faults = rules.stream().mapToInt(FaultInjector.FaultRule::timesApplied).sum();
        long calls = fx.emulator.calls().size();
        assertTrue(faults * 4L >= calls, faults + " faults in " + calls + " calls: about one in three");
        assertTrue(timer.delays().size() > 0, "some faults came three in a row, beyond the SDK's attempts");
    }
}
