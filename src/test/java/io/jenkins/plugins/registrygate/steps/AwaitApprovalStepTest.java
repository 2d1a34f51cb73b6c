package io.jenkins.plugins.registrygate.steps;

import static io.jenkins.plugins.registrygate.testing.ProgramState.load;
import static io.jenkins.plugins.registrygate.testing.ProgramState.save;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.IdMatcher;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.Reviewer;
import io.jenkins.plugins.registrygate.approvals.Vote;
import io.jenkins.plugins.registrygate.audit.ApprovalRecord;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.BuildRecordXml;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestRun;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * awaitApproval through its Step and StepExecution: every way a wait can end, and a restart in the middle. The
 * runtime's timers and I/O run on a scheduler the test advances, so nothing depends on the machine's speed. Run
 * twice, the second time with the emulator answering lower-cased ARNs.
 */
@ParameterizedClass(name = "lowerCaseArns={0}")
@ValueSource(booleans = {false, true})
class AwaitApprovalStepTest extends StepTestSupport {

    static final String GROUP = "Churn-Model";
    static final RegistryWatcher.Settings WATCH = RegistryWatcher.Settings.DEFAULTS;

    ManualScheduledExecutor scheduler = new ManualScheduledExecutor(fx.clock);

    AwaitApprovalStepTest(boolean lowerCaseArns) {
        fx.emulator.backend().lowerCaseArns(lowerCaseArns);
        runtime.close();
        runtime = deterministicRuntime();
    }

    RegistryGateRuntime deterministicRuntime() {
        scheduler = new ManualScheduledExecutor(fx.clock);
        // Simulated time: no real-time rate limit (it would sleep through hours of polling that take a second here).
        return new RegistryGateRuntime(fx.clock, WATCH,
                controllerCredentialsAllowed().withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED)), scheduler, scheduler);
    }

    ModelPackageRef registered(Map<String, String> metrics) {
        RegistrationRequest r = RegistrationRequest.builder(GROUP, RegistryFixture.IMAGE).metrics(metrics).build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "churn#41", "dave")).ref();
    }

    AwaitApprovalStep awaitStep(ModelPackageRef ref) {
        AwaitApprovalStep s = at(new AwaitApprovalStep(ref.arn()));
        s.setApprovers("alice, risk-reviewers");
        return s;
    }

    /** Starts the step and lets its wait read the registry; returns the wait its approval page talks to. */
    ApprovalWait started(StepExecution exec, TestRun run) throws Exception {
        assertFalse(exec.start(), "the wait is asynchronous: no thread or executor is held");
        return live(run);
    }

    ApprovalWait live(TestRun run) {
        scheduler.runDue();
        var wait = run.getAction(RegistryGateAction.class).liveWait("a-1");
        assertTrue(wait.isPresent() && wait.get().summary().isPresent(), "the wait did not start: " + log.text());
        return wait.get();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    static Reviewer user(String id, String... groups) {
        return new Reviewer(id, List.of(groups), false, true);
    }

    ApprovalRecord record(TestRun run) {
        return run.getAction(RegistryGateAction.class).findApproval("a-1").orElseThrow();
    }

    @Test
    void approvalInJenkinsCompletesTheStepWithWhoHowAndWhy() throws Exception {
        ModelPackageRef ref = registered(Map.of("auc", "0.9"));
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        ApprovalWait wait = started(awaitStep(ref).start(ctx), run);

        // What the prompt's POST does once the request is checked: the logged-in user attempts the decision.
        var answer = wait.attempt(user("erin", "risk-reviewers"), Vote.APPROVE, "", "fine", IdMatcher.CASE_INSENSITIVE);

        assertInstanceOf(ApprovalWait.Accepted.class, answer);
        Map<?, ?> result = (Map<?, ?>) ctx.result();
        assertEquals("Approved", result.get("decision"));
        assertEquals("erin", result.get("decidedBy"));
        assertEquals("Jenkins", result.get("path"));
        assertEquals("fine", result.get("comment"));
        assertEquals(List.of(), result.get("warnings"));
        assertEquals("Approved", fx.registry().describe(ref.arn()).ref().approvalStatus());
        assertTrue(log.text().contains("[awaitApproval] Waiting for a decision on " + ref.arn()), log.text());
        assertTrue(log.text().contains("approve or reject at https://jenkins.example.com/job/churn/42/registry-gate/approval/a-1/"), log.text());
    }

    @Test
    void theBuildRecordsThePromptAndTheDecisionForAuditors() throws Exception {
        ModelPackageRef ref = registered(Map.of("auc", "0.9"));
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        ApprovalWait wait = started(awaitStep(ref).start(ctx), run);
        wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE);
        ctx.result();

        RegistryGateAction action = run.getAction(RegistryGateAction.class);
        ApprovalRecord record = record(run);
        assertEquals(ApprovalRecord.State.DECIDED, record.getState());
        assertEquals(List.of("alice", "risk-reviewers"), record.getApprovers());
        Map<String, Object> exported = action.getApprovals().get(0);
        assertEquals("DECIDED", exported.get("state"));
        assertEquals(0.9, ((Map<?, ?>) ((Map<?, ?>) exported.get("candidate")).get("metrics")).get("auc"));
        assertEquals("alice", ((Map<?, ?>) exported.get("decision")).get("decidedBy"));
        assertTrue(action.liveWait("a-1").isEmpty(), "a decided wait is no longer live");
    }

    @Test
    void theRegistrantCannotApproveTheirOwnVersion() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "timer");
        ApprovalWait wait = started(awaitStep(ref).start(context(run)), run);

        var answer = wait.attempt(user("dave", "risk-reviewers"), Vote.APPROVE, "", "", IdMatcher.CASE_INSENSITIVE);

        assertTrue(((ApprovalWait.Refused) answer).reason().startsWith("Separation of duties"));
    }

    @Test
    void rejectionFailsTheStepNamingWhoAndWhy() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        ApprovalWait wait = started(awaitStep(ref).start(ctx), run);

        wait.attempt(user("alice"), Vote.REJECT, "", "AUC regressed on holdout", IdMatcher.CASE_INSENSITIVE);

        Throwable failure = ctx.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().contains("Rejected by alice via Jenkins"), failure.getMessage());
        assertTrue(failure.getMessage().endsWith(": AUC regressed on holdout"), failure.getMessage());
    }

    @Test
    void rejectionIsReturnedWhenFailOnRejectIsFalse() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        AwaitApprovalStep step = awaitStep(ref);
        step.setFailOnReject(false);
        ApprovalWait wait = started(step.start(ctx), run);

        wait.attempt(user("alice"), Vote.REJECT, "", "no", IdMatcher.CASE_INSENSITIVE);

        assertEquals("Rejected", ((Map<?, ?>) ctx.result()).get("decision"));
    }

    @Test
    void approvalInTheRegistryCompletesTheStep() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        started(awaitStep(ref).start(ctx), run);

        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved").approvalDescription("CAB-1234"));
        advance(WATCH.firstLook());

        Map<?, ?> result = (Map<?, ?>) ctx.result();
        assertEquals("Approved", result.get("decision"));
        assertEquals("registry", result.get("path"));
        assertEquals("CAB-1234", result.get("comment"));
        assertEquals(fx.consolePrincipal().arn(), result.get("decidedBy"));
    }

    @Test
    void aTimeoutFailsTheStepDistinctlyFromARejection() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        AwaitApprovalStep step = awaitStep(ref);
        step.setTimeout("2h");
        started(step.start(ctx), run);

        advance(Duration.ofHours(2));

        Throwable failure = ctx.failure();
        assertTrue(failure.getMessage().contains("TimedOut via timeout"), failure.getMessage());
        assertEquals("PendingManualApproval", fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void aTimeoutReturnsTimedOutWhenAsked() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        AwaitApprovalStep step = awaitStep(ref);
        step.setTimeout("1s");
        step.setOnTimeout("return");
        started(step.start(ctx), run);

        advance(Duration.ofSeconds(1));

        Map<?, ?> result = (Map<?, ?>) ctx.result();
        assertEquals("TimedOut", result.get("decision"));
        assertEquals("PendingManualApproval", result.get("approvalStatus"));
    }

    @Test
    void abortingTheBuildStopsTheWaitAndLeavesTheRegistryUntouched() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = awaitStep(ref).start(ctx);
        started(exec, run);
        InterruptedException abort = new InterruptedException("Aborted by dave");
        fx.emulator.clearCalls();

        exec.stop(abort);
        advance(Duration.ofMinutes(1));

        assertSame(abort, ctx.failure());
        assertEquals(0, runtime.watcher().waiterCount());
        assertEquals(ApprovalRecord.State.ABORTED, record(run).getState());
        assertEquals(0, fx.calls("UpdateModelPackage"));
    }

    @Test
    void abortingTheBuildWhileAReviewersDecisionIsWrittenRecordsTheDecisionTheRegistryTook() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = awaitStep(ref).start(ctx);
        ApprovalWait wait = started(exec, run);
        // The registry applies alice's approval; its answer takes a while to come back.
        fx.emulator.faults().on("UpdateModelPackage").call(1).afterApplying().latency(Duration.ofSeconds(2));
        Thread reviewer = new Thread(() -> wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE));
        reviewer.start();
        awaitStatus(ref, "Approved");
        InterruptedException abort = new InterruptedException("Aborted by dave");

        exec.stop(abort);
        reviewer.join(30_000);
        scheduler.runDue();

        assertSame(abort, ctx.failure(), "the build stops as asked");
        ApprovalRecord record = record(run);
        assertEquals(ApprovalRecord.State.DECIDED, record.getState(), "the decision that reached the registry is recorded");
        assertEquals("alice", record.getDecision().orElseThrow().getDecidedBy());
        assertFalse(((List<?>) record.getDecision().orElseThrow().toPipelineMap(ref.arn()).getOrDefault("warnings", List.of())).isEmpty(),
                "and it says the build was aborted meanwhile");
    }

    /** Polls the emulator until the version has {@code status} (a condition, not a time). */
    void awaitStatus(ModelPackageRef ref, String status) throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            if (status.equals(fx.console().describeModelPackage(b -> b.modelPackageName(ref.arn())).modelApprovalStatusAsString())) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the version never became " + status);
    }

    @Test
    void aWaitResumedAfterARestartPicksUpADecisionTakenWhileJenkinsWasDown() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = awaitStep(ref).start(ctx);
        started(exec, run);
        byte[] programState = save(exec);

        runtime.close(); // controller down: no watcher, no timers
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved").approvalDescription("while down"));
        runtime = deterministicRuntime();
        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(programState);
        resumed.onResume();
        advance(WATCH.firstLook());

        Map<?, ?> result = (Map<?, ?>) after.result();
        assertEquals("Approved", result.get("decision"));
        assertEquals("while down", result.get("comment"));
        assertTrue(log.text().contains("[awaitApproval] Resumed waiting for a decision on " + ref.arn()));
    }

    @Test
    void aWaitResumedAfterARestartStillAcceptsJenkinsDecisionsOnTheReloadedBuild() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = awaitStep(ref).start(ctx);
        started(exec, run);
        byte[] programState = save(exec);
        String buildXml = BuildRecordXml.write(run.getAction(RegistryGateAction.class));
        runtime.close();

        // The restarted controller: a new runtime, the build reloaded from build.xml (no live waits), the program.
        runtime = deterministicRuntime();
        TestRun reloaded = run(42, "dave");
        reloaded.addAction(BuildRecordXml.read(buildXml));
        TestStepContext after = ctx.restartAs(reloaded, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(programState);
        resumed.onResume();
        ApprovalWait wait = live(reloaded);
        wait.attempt(user("alice"), Vote.APPROVE, "", "after restart", IdMatcher.CASE_INSENSITIVE);

        assertEquals("alice", ((Map<?, ?>) after.result()).get("decidedBy"));
        assertEquals(ApprovalRecord.State.DECIDED, record(reloaded).getState());
    }

    @Test
    void withoutAnAbsoluteBuildUrlTheRegistryGetsNoLink() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        TestRun run = run(42, "dave");
        EnvVars noUrl = env(42);
        noUrl.remove("BUILD_URL"); // Jenkins sets BUILD_URL only when its root URL is configured
        TestStepContext ctx = new TestStepContext(run, log, noUrl, runtime);
        ApprovalWait wait = started(awaitStep(ref).start(ctx), run);

        wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE);
        ctx.result();

        var inRegistry = fx.registry().describe(ref.arn());
        assertFalse(inRegistry.approvalDescription().contains("job/churn"), inRegistry.approvalDescription());
        assertFalse(inRegistry.customerMetadata().containsKey("approval:build-url"), inRegistry.customerMetadata().toString());
    }

    @Test
    void badInputIsRefusedBeforeAnyAwsCallNamingEveryParameter() throws Exception {
        AwaitApprovalStep s = at(new AwaitApprovalStep("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model"));
        s.setTimeout("soon");
        s.setOnTimeout("ignore");
        s.setOnRuleFailure("maybe");
        s.setApproveIf(List.of("accuracy is high"));
        s.setApprovers("alice");
        s.setTiers(List.of(new ApprovalTierSpec("ml_engineer", "")));

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "dave"))).start());

        for (String parameter : List.of("modelPackageArn", "timeout", "onTimeout", "onRuleFailure", "approveIf", "approvers", "tiers.name", "tiers.approvers")) {
            assertTrue(e.getMessage().contains("\n  - " + parameter), parameter + " missing from: " + e.getMessage());
        }
        assertEquals(0, fx.emulator.calls().size());
    }

    @Test
    void theMapRegisterModelReturnedMustDescribeOneVersion() throws Exception {
        ModelPackageRef ref = registered(Map.of());
        AwaitApprovalStep s = awaitStep(ref);
        s.setModelPackageGroup("other-model");
        s.setModelPackageVersion(7);

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().contains("modelPackageGroup 'other-model': does not match the group in modelPackageArn"), e.getMessage());
        assertTrue(e.getMessage().contains("modelPackageVersion '7': does not match the version"), e.getMessage());
    }
}
