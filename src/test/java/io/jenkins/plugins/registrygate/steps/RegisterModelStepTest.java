package io.jenkins.plugins.registrygate.steps;

import static io.jenkins.plugins.registrygate.testing.ProgramState.load;
import static io.jenkins.plugins.registrygate.testing.ProgramState.save;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestRun;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import io.jenkins.plugins.registrygate.registration.RetryingRegistration;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.testing.ManualScheduler;
import io.jenkins.plugins.registrygate.testing.TestJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/** registerModel through its Step and StepExecution, as Pipeline drives it. */
class RegisterModelStepTest extends StepTestSupport {

    RegisterModelStep churn() {
        RegisterModelStep s = at(new RegisterModelStep("churn-model", RegistryFixture.IMAGE));
        s.setModelDataUrl("s3://models/churn/42/model.tar.gz");
        s.setMetrics(List.of("auc=0.91", "accuracy=0.93"));
        s.setCustomerMetadata(List.of("team=risk"));
        s.setDataVersion("s3v-2026-03-01");
        s.setTags(List.of("cost-center=ml"));
        return s;
    }

    @Test
    void parametersArriveAndTheVersionIsReturned() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);

        StepExecution exec = churn().start(ctx);
        assertFalse(exec.start(), "registration runs off the Pipeline thread");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ctx.result();
        assertEquals("churn-model", result.get("modelPackageGroup"));
        assertEquals(1, result.get("modelPackageVersion"));
        assertEquals("PendingManualApproval", result.get("approvalStatus"));
        String arn = (String) result.get("modelPackageArn");
        var d = fx.registry().describe(arn);
        assertEquals("0.91", d.customerMetadata().get("metric:auc"));
        assertEquals("risk", d.customerMetadata().get("team"));
        assertEquals("s3v-2026-03-01", d.customerMetadata().get("data:version"));
        assertEquals("dave", d.customerMetadata().get("jenkins:registered-by"));
        assertEquals("https://jenkins.example.com/job/churn/42/", d.customerMetadata().get("jenkins:build-url"));
    }

    @Test
    void theConsoleSaysWhatWasRegisteredAndWhichLineageWasUsed() throws Exception {
        TestStepContext ctx = context(run(42, "dave"));
        churn().start(ctx).start();
        String arn = (String) ((Map<?, ?>) ctx.result()).get("modelPackageArn");

        String console = log.text();
        assertTrue(console.contains("[registerModel] Registered churn-model version 1 (PendingManualApproval): " + arn), console);
        assertTrue(console.contains("[registerModel] Created model package group churn-model"), console);
        assertTrue(console.contains("lineage: gitCommit = 9fceb02d0ae598e95dc970b74767f19372d61af8 (captured from $GIT_COMMIT)"), console);
        assertTrue(console.contains("lineage: dataVersion = s3v-2026-03-01 (given as the dataVersion parameter)"), console);
    }

    @Test
    void theRegistrationIsRecordedInTheBuildAction() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        churn().start(ctx).start();
        ctx.result();

        RegistryGateAction action = run.getAction(RegistryGateAction.class);
        RegistrationRecord r = action.registrationRecords().get(0);
        assertEquals(1, r.getVersion());
        assertTrue(r.isGroupCreated());
        assertEquals("dave", r.getRegisteredBy());
        assertEquals(r.getModelPackageArn(), action.getRegistrations().get(0).get("modelPackageArn"));
    }

    @Test
    void badInputFailsTheStepBeforeAnyAwsCall() throws Exception {
        RegisterModelStep s = at(new RegisterModelStep("bad_name!", RegistryFixture.IMAGE));
        s.setMetrics(List.of("auc"));
        s.setApprovalStatus("Approvedd");
        StepExecution exec = s.start(context(run(42, "dave")));

        AbortException e = assertThrows(AbortException.class, exec::start);

        assertTrue(e.getMessage().startsWith("registerModel: 3 invalid parameters:"), e.getMessage());
        assertTrue(e.getMessage().contains("metrics 'auc': each entry must be 'key=value'"), e.getMessage());
        assertTrue(e.getMessage().contains("modelPackageGroup 'bad_name!'"), e.getMessage());
        assertEquals(0, fx.emulator.calls().size());
    }

    @Test
    void badConnectionParametersAreRefusedToo() throws Exception {
        RegisterModelStep s = churn();
        s.setRegion("Europe");
        s.setEndpointUrl("https://user:pw@sagemaker.example.com");
        s.setExternalId("ext-1");

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().contains("region 'Europe': must be an AWS region code"), e.getMessage());
        assertTrue(e.getMessage().contains("endpointUrl"), e.getMessage());
        assertTrue(e.getMessage().contains("externalId: only applies together with roleArn"), e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), "the credential in the URL is not echoed: " + e.getMessage());
    }

    @Test
    void anAwsErrorNamesTheOperationTheCodeAndTheRequestId() throws Exception {
        fx.emulator.faults().on("CreateModelPackage").every().error(400, "AccessDeniedException", "not authorized to sagemaker:CreateModelPackage");
        TestStepContext ctx = context(run(42, "dave"));
        churn().start(ctx).start();

        Throwable failure = ctx.failure();

        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("SageMaker CreateModelPackage failed: AccessDeniedException: not authorized"), failure.getMessage());
        assertTrue(failure.getMessage().matches(".*\\(request id [0-9a-f-]{36}\\)"), failure.getMessage());
    }

    @Test
    void anExecutionSerializedAfterRegisteringResumesWithTheSameResultAndNoCalls() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = churn().start(ctx);
        exec.start();
        Object first = ctx.result();
        byte[] saved = save(exec);
        fx.emulator.clearCalls();

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        assertEquals(first, after.result());
        assertEquals(0, fx.emulator.calls().size());
    }

    /**
     * Starts registerModel into an existing group; the service creates the version, but every answer is lost and the
     * controller goes down (program state saved) while the step waits to try again. The version really exists
     * before the restart, so the resume must not create another. Returns the saved execution.
     */
    byte[] interruptedMidCreate(TestStepContext ctx) throws Exception {
        return interruptedMidCreate(ctx, churn());
    }

    byte[] interruptedMidCreate(TestStepContext ctx, RegisterModelStep step) throws Exception {
        fx.console().createModelPackageGroup(b -> b.modelPackageGroupName("churn-model"));
        ManualScheduler neverFires = new ManualScheduler(fx.clock);
        var lostAnswers = fx.emulator.faults().on("CreateModelPackage").every().afterApplying().dropConnection();
        StepExecution exec = step.start(ctx.with(RetryingRegistration.Scheduler.class, neverFires));
        exec.start();
        neverFires.awaitPending();
        assertEquals(1, versionsInRegistry(), "the service applied the create before the restart");
        byte[] saved = save(exec);
        restartController();
        lostAnswers.remove();
        assertFalse(ctx.isDone(), "the first run never learned the outcome");
        fx.emulator.clearCalls();
        return saved;
    }

    int versionsInRegistry() {
        return fx.console().listModelPackages(b -> b.modelPackageGroupName("churn-model")).modelPackageSummaryList().size();
    }

    String firstClientTokenSent() {
        return fx.emulator.calls("CreateModelPackage").get(0).request().path("ClientToken").asText();
    }

    @Test
    void anExecutionInterruptedMidCallResumesWithoutASecondVersion() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        byte[] saved = interruptedMidCreate(ctx);

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        Map<?, ?> result = (Map<?, ?>) after.result();
        assertEquals(1, result.get("modelPackageVersion"));
        assertEquals(1, versionsInRegistry());
        assertEquals(1, run.getAction(RegistryGateAction.class).registrationRecords().size());
    }

    @Test
    void aResumeAfterSageMakerForgotTheTokenFindsTheVersionByItsMarker() throws Exception {
        fx.emulator.backend().clientTokenLifetime(Duration.ofHours(1));
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        byte[] saved = interruptedMidCreate(ctx);
        fx.clock.advance(Duration.ofHours(8)); // the controller stayed down overnight

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        assertEquals(1, ((Map<?, ?>) after.result()).get("modelPackageVersion"));
        assertEquals(1, versionsInRegistry());
        assertEquals(0, fx.calls("CreateModelPackage"), "found by its marker, not created again");
        assertTrue(log.text().contains("[registerModel] found version 1 that this registration created earlier"), log.text());
    }

    @Test
    void aResumeSendsTheTokenSavedAtFirstStartEvenAfterTheJobWasRenamed() throws Exception {
        ManualScheduler timer = new ManualScheduler(fx.clock);
        var throttled = fx.emulator.faults().on("CreateModelPackage").every().throttle(); // nothing created; the step waits
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run).with(RetryingRegistration.Scheduler.class, timer);
        StepExecution exec = churn().start(ctx);
        exec.start();
        timer.awaitPending();
        String firstToken = fx.emulator.calls("CreateModelPackage").get(0).request().path("ClientToken").asText();
        byte[] saved = save(exec);
        restartController();
        throttled.remove();
        TestRun moved = new TestRun(new TestJob("ml-team/churn"), 42, "dave"); // the job moved into a folder meanwhile

        TestStepContext after = ctx.restartAs(moved, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();
        after.result();

        List<String> sent = fx.emulator.calls("CreateModelPackage").stream()
                .map(c -> c.request().path("ClientToken").asText()).distinct().toList();
        assertEquals(List.of(firstToken), sent, "before and after the restart, one token");
        assertEquals(firstToken, moved.getAction(RegistryGateAction.class).registrationRecords().get(0).getClientToken());
        assertEquals(1, versionsInRegistry());
    }

    @Test
    void aResumeUsesTheRegionResolvedAtFirstStartEvenIfTheDefaultChanged() throws Exception {
        String before = System.getProperty("aws.region");
        try {
            System.setProperty("aws.region", fx.emulator.region());
            RegisterModelStep step = churn();
            step.setRegion(""); // neither the step nor the global configuration names one: the SDK's chain does
            TestRun run = run(42, "dave");
            TestStepContext ctx = context(run);
            byte[] saved = interruptedMidCreate(ctx, step);
            System.setProperty("aws.region", "eu-west-1"); // the controller comes back configured for another region

            TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
            StepExecution resumed = (StepExecution) load(saved);
            resumed.onResume();
            after.result();

            assertEquals(1, runtime.clients().size());
            ConnectionSettings firstTarget = new ConnectionSettings(fx.emulator.region(), fx.emulator.endpoint().toString(), "", "", "");
            runtime.clients().clientFor(firstTarget, id -> Optional.empty());
            assertEquals(1, runtime.clients().size(), "the resumed registration's client is the one for " + fx.emulator.region());
            assertEquals(1, versionsInRegistry());
        } finally {
            if (before == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", before);
            }
        }
    }

    @Test
    void theProgramStateKeepsNoCredentialFromTheGitUrl() throws Exception {
        TestRun run = run(42, "dave");
        var env = env(42);
        env.put("GIT_URL", "https://ci-bot:s3cr3t-token@git.example.com/ml/churn.git");
        TestStepContext ctx = new TestStepContext(run, log, env, runtime);
        RegisterModelStep step = churn();
        step.setGitUrl("https://deploy:hunter2@git.example.com/ml/churn.git");
        StepExecution exec = step.start(ctx);
        exec.start();
        ctx.result();

        String programDat = new String(save(exec), StandardCharsets.ISO_8859_1);

        assertFalse(programDat.contains("s3cr3t-token"), "captured GIT_URL");
        assertFalse(programDat.contains("hunter2"), "gitUrl parameter");
        assertTrue(programDat.contains("https://git.example.com/ml/churn.git"));
    }

    @Test
    void transientFaultsBeyondTheSdksAttemptsAreRiddenOut() throws Exception {
        ManualScheduler timer = new ManualScheduler(fx.clock);
        var throttled = fx.emulator.faults().on("CreateModelPackage").every().throttle();
        TestStepContext ctx = context(run(42, "dave")).with(RetryingRegistration.Scheduler.class, timer);
        churn().start(ctx).start();
        timer.awaitPending(); // the SDK gave up; the step did not
        throttled.remove();

        Duration waited = timer.runNext();
        assertTrue(waited.toMillis() >= 1600 && waited.toMillis() <= 2400, "the default back-off, 2 s ± 20%, on the timer: " + waited);

        assertEquals(1, ((Map<?, ?>) ctx.result()).get("modelPackageVersion"));
        assertTrue(log.text().contains("[registerModel] SageMaker CreateModelPackage failed: ThrottlingException: Rate exceeded"), log.text());
        assertTrue(log.text().contains("; trying again in 2 s (attempt 2)"), log.text());
    }

    @Test
    void aResumeAfterJenkinsMovedToAnotherUrlSendsTheSameRequestAgain() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        byte[] saved = interruptedMidCreate(ctx);
        var moved = env(42);
        moved.put("BUILD_URL", "https://ci.example.org/job/churn/42/");

        TestStepContext after = ctx.restartAs(run, log, moved, runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        assertEquals(1, ((Map<?, ?>) after.result()).get("modelPackageVersion"));
        assertEquals(1, versionsInRegistry());
        assertEquals("https://jenkins.example.com/job/churn/42/",
                fx.registry().describe((String) ((Map<?, ?>) after.result()).get("modelPackageArn")).customerMetadata().get("jenkins:build-url"));
    }
}
