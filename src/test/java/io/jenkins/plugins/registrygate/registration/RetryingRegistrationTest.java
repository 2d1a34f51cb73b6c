package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.testing.ManualScheduler;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * How a registration rides out transient faults and where it stops: deterministic, the waits go to a hand-driven
 * timer and every attempt runs on the test thread.
 */
class RetryingRegistrationTest {

    static final RetryingRegistration.Policy POLICY =
            new RetryingRegistration.Policy(Duration.ofSeconds(2), Duration.ofSeconds(16), Duration.ofMinutes(1), 0);

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduler timer = new ManualScheduler(fx.clock);
    final List<String> console = new ArrayList<>();
    final List<String> accounts = new ArrayList<>();

    @AfterEach
    void close() {
        fx.close();
    }

    ModelRegistration.Prepared prepared() {
        return ModelRegistration.prepare(RegistrationIdempotencyTest.request(), ModelRegistrationTest.BUILD_ENV, "churn#42", "");
    }

    RetryingRegistration registration(Supplier<ModelRegistry> registry, String knownAccount) {
        return new RetryingRegistration(registry, prepared(), fx.clock.instant(), knownAccount,
                new RetryingRegistration.Environment(Runnable::run, timer, fx.clock, new Random(1), POLICY),
                new RetryingRegistration.Progress() {
                    @Override public void log(String line) { console.add(line); }
                    @Override public void accountLearned(String accountId) { accounts.add(accountId); }
                    @Override public void groupCreated() {}
                });
    }

    CompletableFuture<ModelRegistration.Result> start() {
        return registration(fx::registry, "").start(RetryingRegistration.Start.FIRST);
    }

    static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(0, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aFaultBeyondTheSdksAttemptsIsTriedAgainAfterTheFirstDelay() throws Exception {
        var throttled = fx.emulator.faults().on("CreateModelPackage").every().throttle();

        CompletableFuture<ModelRegistration.Result> done = start();

        assertFalse(done.isDone(), "the SDK gave up; the registration waits instead of failing");
        throttled.remove();
        timer.runNext();
        assertEquals(1, done.get(0, TimeUnit.SECONDS).ref().version());
        assertEquals(List.of(Duration.ofSeconds(2)), timer.delays());
        assertTrue(console.get(0).startsWith("SageMaker CreateModelPackage failed: ThrottlingException: Rate exceeded (request id "), console.get(0));
        assertTrue(console.get(0).endsWith("; trying again in 2 s (attempt 2)"), console.get(0));
    }

    @Test
    void theDelayDoublesUpToItsMaximumAndTheRegistrationGivesUpAtTheDeadline() throws Exception {
        fx.emulator.faults().on("CreateModelPackage").every().serviceUnavailable();

        CompletableFuture<ModelRegistration.Result> done = start();
        for (int waits = 0; waits < 50 && !done.isDone(); waits++) {
            timer.runNext();
        }

        // 2 + 4 + 8 + 16 + 16 = 46 s; the last wait is cut to the 14 s left of the minute.
        assertEquals(List.of(2L, 4L, 8L, 16L, 16L, 14L), timer.delays().stream().map(Duration::toSeconds).toList());
        Throwable f = failure(done);
        assertInstanceOf(RetryingRegistration.Failure.class, f);
        assertTrue(f.getMessage().matches("SageMaker CreateModelPackage failed: ServiceUnavailable: .* \\(request id [0-9a-f-]{36}\\); "
                + "still failing after 7 attempts over 60 s, gave up"), f.getMessage());
    }

    @Test
    void jitterSpreadsTheDelaysWithinItsBounds() {
        RetryingRegistration.Policy p = new RetryingRegistration.Policy(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2);
        fx.emulator.faults().on("CreateModelPackage").every().throttle();
        RetryingRegistration r = new RetryingRegistration(fx::registry, prepared(), fx.clock.instant(), "",
                new RetryingRegistration.Environment(Runnable::run, timer, fx.clock, new Random(7), p),
                new RetryingRegistration.Progress() {
                    @Override public void log(String line) {}
                    @Override public void accountLearned(String accountId) {}
                    @Override public void groupCreated() {}
                });

        r.start(RetryingRegistration.Start.FIRST);

        Duration d = timer.delays().get(0);
        assertTrue(d.toMillis() >= 8000 && d.toMillis() <= 12000 && d.toMillis() != 10000, "10 s ± 20%: " + d);
        r.cancel();
    }

    @Test
    void anErrorThatRetryingCannotChangeFailsAtOnceWithOperationCodeAndRequestId() {
        fx.emulator.faults().on("CreateModelPackage").every().error(400, "AccessDeniedException", "not authorized to sagemaker:CreateModelPackage");

        CompletableFuture<ModelRegistration.Result> done = start();

        Throwable f = failure(done);
        assertTrue(f.getMessage().matches("SageMaker CreateModelPackage failed: AccessDeniedException: not authorized to "
                + "sagemaker:CreateModelPackage \\(request id [0-9a-f-]{36}\\)"), f.getMessage());
        assertEquals(List.of(), timer.delays());
        assertEquals(1, fx.calls("CreateModelPackage"));
    }

    @Test
    void aValidationErrorIsNotRetried() {
        fx.emulator.faults().on("CreateModelPackage").every().error(400, "ValidationException", "Image digest does not match the image");

        Throwable f = failure(start());

        assertTrue(f.getMessage().startsWith("SageMaker CreateModelPackage failed: ValidationException: Image digest"), f.getMessage());
        assertEquals(List.of(), timer.delays());
    }

    @Test
    void credentialsThatCannotBeFoundFailAtOnce() {
        CompletableFuture<ModelRegistration.Result> done = registration(() -> {
            throw new IllegalArgumentException("credentialsId: no AWS credentials with id 'aws-ml' are visible to this build");
        }, "").start(RetryingRegistration.Start.FIRST);

        assertEquals("credentialsId: no AWS credentials with id 'aws-ml' are visible to this build", failure(done).getMessage());
        assertEquals(List.of(), timer.delays());
    }

    @Test
    void anSdkVersionClashFailsTheRegistrationInsteadOfLeavingItWaiting() {
        CompletableFuture<ModelRegistration.Result> done = registration(() -> {
            throw new NoSuchMethodError("software.amazon.awssdk.core.client.config.ClientOverrideConfiguration$Builder.retryStrategy");
        }, "").start(RetryingRegistration.Start.FIRST);

        assertTrue(failure(done).getMessage().startsWith("java.lang.NoSuchMethodError: software.amazon.awssdk"), failure(done).getMessage());
    }

    @Test
    void aCallAbortedByAShutdownNeitherFailsNorSchedulesAnotherAttempt() {
        // What the SDK throws when the controller stops the registration's thread: the step resumes after the restart.
        CompletableFuture<ModelRegistration.Result> done = registration(() -> {
            throw RegistryException.of("CreateModelPackage", AbortedException.builder().message("Thread was interrupted").build());
        }, "").start(RetryingRegistration.Start.FIRST);

        assertFalse(done.isDone());
        assertEquals(List.of(), timer.delays());
    }

    @Test
    void aCancelledRegistrationStartsNoFurtherAttempt() throws Exception {
        fx.emulator.faults().on("CreateModelPackage").every().throttle();
        RetryingRegistration r = registration(fx::registry, "");
        CompletableFuture<ModelRegistration.Result> done = r.start(RetryingRegistration.Start.FIRST);
        long calls = fx.emulator.calls().size();

        r.cancel();
        timer.runNext();

        assertEquals(calls, fx.emulator.calls().size());
        assertFalse(done.isDone());
    }

    @Test
    void theAccountIsLearnedFromTheFirstArnTheServiceReturns() throws Exception {
        registration(fx::registry, "").start(RetryingRegistration.Start.FIRST).get(0, TimeUnit.SECONDS);

        assertEquals(List.of(fx.emulator.accountId()), accounts);
    }

    @Test
    void aResumeAnsweredFromAnotherAccountStopsBeforeCreatingAnything() {
        new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(
                RegistrationIdempotencyTest.request(), Map.of(), "churn#41", "")); // a version of another build
        fx.emulator.clearCalls();

        CompletableFuture<ModelRegistration.Result> done = registration(fx::registry, "210987654321")
                .start(RetryingRegistration.Start.RESUMED);

        String message = failure(done).getMessage();
        assertTrue(message.startsWith("registerModel: this registration started in AWS account 210987654321 but SageMaker "
                + "now answers from account " + fx.emulator.accountId()), message);
        assertTrue(message.endsWith("nothing was created there"), message);
        assertEquals(0, fx.calls("CreateModelPackage"));
    }

    @Test
    void aLookUpThatIsRefusedFallsBackOnTheClientToken() throws Exception {
        ModelRegistration.Result first = registration(fx::registry, "").start(RetryingRegistration.Start.FIRST).get(0, TimeUnit.SECONDS);
        fx.emulator.faults().on("ListModelPackages").every().error(400, "AccessDeniedException", "not authorized to sagemaker:ListModelPackages");

        ModelRegistration.Result resumed = registration(fx::registry, "").start(RetryingRegistration.Start.RESUMED).get(0, TimeUnit.SECONDS);

        assertEquals(first.ref().arn(), resumed.ref().arn());
        assertTrue(console.stream().anyMatch(l -> l.startsWith("could not look for a version this registration may already have created")
                && l.endsWith("relying on its ClientToken")), console.toString());
    }

    @Test
    void theAccountOfAnArn() {
        assertEquals("210987654321", RetryingRegistration.accountOf("arn:aws:iam::210987654321:role/model-registry-gate"));
        assertEquals("123456789012", RetryingRegistration.accountOf("arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/churn/3"));
        assertEquals("", RetryingRegistration.accountOf("churn-model"));
    }
}
