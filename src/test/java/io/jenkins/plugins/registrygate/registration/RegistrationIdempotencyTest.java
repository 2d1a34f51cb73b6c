package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nothing is registered twice: retries, resumes, injected faults and racing builds. */
class RegistrationIdempotencyTest {

    final RegistryFixture fx = new RegistryFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    static RegistrationRequest request() {
        return RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).metrics(Map.of("auc", "0.91")).build();
    }

    ModelPackageRef registerAsBuild(String buildId) {
        // A fresh registration object each time, as after a controller restart: only the build id is shared.
        return new ModelRegistration(fx.registry())
                .register(ModelRegistration.prepare(request(), ModelRegistrationTest.BUILD_ENV, buildId, "")).ref();
    }

    int versionsInRegistry() {
        return fx.console().listModelPackages(b -> b.modelPackageGroupName("churn-model")).modelPackageSummaryList().size();
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
    void aResponseLostAfterTheServiceCreatedTheVersionDoesNotCreateASecondOne() {
        fx.emulator.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();

        ModelPackageRef ref = registerAsBuild("churn#42");

        assertEquals(1, ref.version());
        assertEquals(1, versionsInRegistry());
        assertEquals(2, fx.calls("CreateModelPackage"), "the SDK retried with the same ClientToken");
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithoutDuplicates() {
        fx.emulator.faults().on("CreateModelPackage").call(1).throttle();
        fx.emulator.faults().on("CreateModelPackage").call(2).afterApplying().internalError();

        ModelPackageRef ref = registerAsBuild("churn#42");

        assertEquals(1, ref.version());
        assertEquals(1, versionsInRegistry());
    }

    @Test
    void aStepRetriedAfterTheSdkGaveUpStillGetsOneVersion() {
        // Every SDK attempt's answer is lost after the service applied it: the step fails...
        fx.emulator.faults().on("CreateModelPackage").next(4).afterApplying().serviceUnavailable();
        try {
            registerAsBuild("churn#42");
        } catch (RuntimeException expected) {
            // ...and the Pipeline's retry (or a resume) runs it again with the same token.
        }
        ModelPackageRef ref = registerAsBuild("churn#42");

        assertEquals(1, ref.version());
        assertEquals(1, versionsInRegistry());
    }

    @Test
    void twoBuildsRacingToCreateANewGroupBothRegister() throws Exception {
        int builds = 2;
        // Both builds are still looking when either creates: the create race is certain, not likely.
        fx.emulator.faults().on("DescribeModelPackageGroup").next(2).afterApplying().latency(java.time.Duration.ofMillis(300));
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
