package io.jenkins.plugins.registrygate.approvals;

import static io.jenkins.plugins.registrygate.testing.Serialization.deserialize;
import static io.jenkins.plugins.registrygate.testing.Serialization.serialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A build waiting for a decision from Jenkins, the registry, rules or the clock, end to end against the emulator. */
class ApprovalWaitTest {

    final WaitHarness h = new WaitHarness();
    final WaitHarness.Recorder rec = new WaitHarness.Recorder();

    @AfterEach
    void close() {
        h.close();
    }

    ApprovalWait waitFor(ModelPackageRef ref, ApprovalPolicy policy, Optional<Duration> timeout, String... requesters) {
        return new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(policy, List.of(requesters)),
                timeout.map(t -> h.fx.clock.instant().plus(t)), true);
    }

    static Reviewer user(String id) {
        return new Reviewer(id, List.of(), false, true);
    }

    @Test
    void approvalInJenkinsIsWrittenToTheRegistryWithWhoWhenAndWhy() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of("auc", "0.9"), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();

        var answer = wait.attempt(user("alice"), Vote.APPROVE, "", "metrics look good", IdMatcher.CASE_INSENSITIVE);

        assertInstanceOf(ApprovalWait.Accepted.class, answer);
        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.JENKINS, d.getPath());
        assertEquals("alice", d.getDecidedBy());
        ModelPackageDetails inRegistry = h.fx.registry().describe(ref.arn());
        assertEquals("Approved", inRegistry.ref().approvalStatus());
        assertEquals("Approved by Jenkins user alice in " + WaitHarness.BUILD_URL + ": metrics look good", inRegistry.approvalDescription());
        assertEquals("alice", inRegistry.customerMetadata().get("approval:decided-by"));
        assertEquals("Jenkins", inRegistry.customerMetadata().get("approval:path"));
        assertEquals(d.getDecidedAt().toString(), inRegistry.customerMetadata().get("approval:decided-at"));
    }

    @Test
    void rejectionInJenkinsIsWrittenToTheRegistry() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();

        wait.attempt(user("alice"), Vote.REJECT, "", "drift on segment B", IdMatcher.CASE_INSENSITIVE);

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("Rejected", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void aRefusedAttemptChangesNothingInTheRegistry() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();
        h.fx.emulator.clearCalls();

        var answer = wait.attempt(user("mallory"), Vote.APPROVE, "", "", IdMatcher.CASE_INSENSITIVE);

        assertInstanceOf(ApprovalWait.Refused.class, answer);
        assertEquals(0, h.fx.calls("UpdateModelPackage"));
        assertFalse(rec.finished.isDone());
    }

    @Test
    void approvalInTheRegistryEndsTheWaitAttributedToTheRegistryUser() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();

        h.approveInConsole(ref, "Approved", "approved in the SageMaker console");

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.REGISTRY, d.getPath());
        assertEquals(h.fx.consolePrincipal().arn(), d.getDecidedBy());
        assertEquals("approved in the SageMaker console", d.getComment());
    }

    @Test
    void rejectionInTheRegistryEndsTheWait() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of()), Optional.empty());
        wait.begin(h.environment(rec));
        rec.summary();

        h.approveInConsole(ref, "Rejected", "fails fairness review");

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("fails fairness review", rec.decision().getComment());
    }

    @Test
    void aDecisionTakenBeforeTheWaitStartedIsPickedUpAtOnce() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        h.approveInConsole(ref, "Approved", "pre-approved");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of()), Optional.empty());

        wait.begin(h.environment(rec));

        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome());
        assertEquals(0, h.watcher.waiterCount());
    }

    @Test
    void timeoutEndsTheWaitAsTimedOutAndLeavesTheRegistryUntouched() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMillis(300)));
        wait.begin(h.environment(rec));
        rec.summary();
        h.fx.emulator.clearCalls();

        ApprovalDecision d = rec.decision();

        assertEquals(ApprovalOutcome.TIMED_OUT, d.getOutcome());
        assertEquals(DecisionPath.TIMEOUT, d.getPath());
        assertEquals("PendingManualApproval", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
        assertEquals(0, h.fx.calls("UpdateModelPackage"));
    }

    @Test
    void abortStopsWaitingAndLeavesTheRegistryUntouched() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMillis(300)));
        wait.begin(h.environment(rec));
        rec.summary();
        awaitWaiters(1);

        wait.abort();

        assertEquals(0, h.watcher.waiterCount());
        Thread.sleep(500); // past the deadline: the cancelled timer must not fire
        assertFalse(rec.finished.isDone());
        assertInstanceOf(ApprovalWait.Refused.class, wait.attempt(user("alice"), Vote.APPROVE, "", "", IdMatcher.CASE_INSENSITIVE));
        assertEquals("PendingManualApproval", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void aWaitSurvivesSerializationAndPicksUpADecisionTakenWhileJenkinsWasDown() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();
        byte[] saved = serialize(wait);
        // The controller goes down: its watcher stops; someone approves in the console meanwhile.
        h.watcher.shutdown();
        h.approveInConsole(ref, "Approved", "approved while Jenkins was down");
        h.watcher = new RegistryWatcher(h.timers, java.time.Clock.systemUTC(), WaitHarness.FAST, new java.util.Random(1));
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved);
        resumed.resume(h.environment(afterRestart));

        assertEquals(ref.arn(), resumed.packageArn());
        assertEquals("approved while Jenkins was down", afterRestart.decision().getComment());
        assertEquals(DecisionPath.REGISTRY, afterRestart.decision().getPath());
    }

    @Test
    void aJenkinsDecisionWrittenJustBeforeARestartIsAttributedToTheJenkinsUser() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        byte[] saved = serialize(wait);
        wait.begin(h.environment(rec));
        rec.summary();
        wait.attempt(user("alice"), Vote.APPROVE, "", "ship it", IdMatcher.CASE_INSENSITIVE);
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved); // the state saved before the decision
        resumed.resume(h.environment(afterRestart));

        assertEquals("alice", afterRestart.decision().getDecidedBy());
        assertEquals(DecisionPath.JENKINS, afterRestart.decision().getPath());
    }

    @Test
    void tierSignoffsAreWrittenToTheRegistryAsTheyHappen() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalPolicy tiers = new ApprovalPolicy(List.of(), false, ApprovalGateTest.THREE_TIERS, List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
        ApprovalWait wait = waitFor(ref, tiers, Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();

        wait.attempt(user("alice"), Vote.APPROVE, "", "", IdMatcher.CASE_INSENSITIVE);
        wait.attempt(user("bob"), Vote.APPROVE, "", "", IdMatcher.CASE_INSENSITIVE);

        Map<String, String> md = h.fx.registry().describe(ref.arn()).customerMetadata();
        assertTrue(md.get("approval:tier:ml-engineer").startsWith("alice "), md.toString());
        assertTrue(md.get("approval:tier:fairness").startsWith("bob "), md.toString());
        assertEquals("PendingManualApproval", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
        wait.attempt(user("carol"), Vote.APPROVE, "", "compliant", IdMatcher.CASE_INSENSITIVE);
        assertEquals(3, rec.decision().getSignoffs().size());
        assertEquals("Approved", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void rulesThatHoldApproveAndRecordTheEvidence() throws Exception {
        ModelPackageRef v1 = h.register("churn#41", Map.of("auc", "0.88"), "dave");
        h.approveInConsole(v1, "Approved", "baseline");
        ModelPackageRef v2 = h.register("churn#42", Map.of("auc", "0.875", "accuracy", "0.93"), "dave");
        ApprovalPolicy rules = new ApprovalPolicy(List.of(), false, List.of(),
                List.of("accuracy >= 0.9", "auc >= approved - 0.01"), ApprovalPolicy.OnRuleFailure.REJECT);
        ApprovalWait wait = waitFor(v2, rules, Optional.empty());

        wait.begin(h.environment(rec));

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.RULE, d.getPath());
        assertEquals(2, d.getEvidence().size());
        assertTrue(d.getEvidence().get(1).contains("approved version 1 has 0.88"), d.getEvidence().toString());
        assertTrue(h.fx.registry().describe(v2.arn()).approvalDescription().startsWith("Approved by approveIf rules"));
    }

    @Test
    void rulesThatFailRejectWhenToldTo() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.80"), "dave");
        ApprovalWait wait = waitFor(ref, new ApprovalPolicy(List.of(), false, List.of(), List.of("accuracy >= 0.9"),
                ApprovalPolicy.OnRuleFailure.REJECT), Optional.empty());

        wait.begin(h.environment(rec));

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("Rejected", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void rulesThatFailLeaveTheDecisionToHumansWhenToldTo() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.80"), "dave");
        ApprovalWait wait = waitFor(ref, new ApprovalPolicy(List.of("alice"), false, List.of(), List.of("accuracy >= 0.9"),
                ApprovalPolicy.OnRuleFailure.HUMANS), Optional.empty());
        wait.begin(h.environment(rec));
        awaitWaiters(1);

        assertFalse(rec.finished.isDone());
        wait.attempt(user("alice"), Vote.APPROVE, "", "accepted despite accuracy", IdMatcher.CASE_INSENSITIVE);
        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome());
        assertTrue(rec.decision().getEvidence().get(0).contains("fails"), rec.decision().getEvidence().toString());
    }

    @Test
    void oncePromptedAReviewerCanActAtOnceEvenWithRules() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.80"), "dave");
        ApprovalWait wait = waitFor(ref, new ApprovalPolicy(List.of("alice"), false, List.of(), List.of("accuracy >= 0.9"),
                ApprovalPolicy.OnRuleFailure.HUMANS), Optional.empty());
        wait.begin(h.environment(rec));
        rec.summary(); // the prompt is shown now

        var answer = wait.attempt(user("alice"), Vote.REJECT, "", "accuracy too low", IdMatcher.CASE_INSENSITIVE);

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        assertEquals(1, rec.decision().getEvidence().size(), "the rules had spoken before the prompt appeared");
    }

    @Test
    void theSummaryComparesMetricsWithTheApprovedVersion() throws Exception {
        ModelPackageRef v1 = h.register("churn#41", Map.of("auc", "0.80"), "dave");
        h.approveInConsole(v1, "Approved", "baseline");
        ModelPackageRef v2 = h.register("churn#42", Map.of("auc", "0.85"), "dave");
        ApprovalWait wait = waitFor(v2, WaitHarness.policy(List.of()), Optional.empty());

        wait.begin(h.environment(rec));

        CandidateSummary s = rec.summary();
        assertEquals(1, s.getBaselineVersion());
        assertEquals(0.05, s.getMetricDeltas().get("auc"), 1e-9);
        assertEquals("dave", s.getRegisteredBy());
    }

    @Test
    void aWaitOnAPackageThatDoesNotExistFailsWithTheAwsError() throws Exception {
        ModelPackageRef ghost = ModelPackageRef.fromArn(
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/99", "PendingManualApproval");
        h.fx.registry().ensureGroup("churn-model", "", Map.of());
        ApprovalWait wait = waitFor(ghost, WaitHarness.policy(List.of()), Optional.empty());

        wait.begin(h.environment(rec));

        Exception e = rec.failed.get(10, TimeUnit.SECONDS);
        assertTrue(e.getMessage().contains("DescribeModelPackage failed: ValidationException"), e.getMessage());
        assertTrue(e.getMessage().contains("request id"), e.getMessage());
    }

    @Test
    void aJenkinsApprovalNeverOverwritesADecisionAlreadyTakenInTheRegistry() throws Exception {
        h.slowWatcher();
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        awaitWaiters(1);
        h.approveInConsole(ref, "Rejected", "risk officer: drift on segment B");

        var answer = wait.attempt(user("alice"), Vote.APPROVE, "", "looks fine", IdMatcher.CASE_INSENSITIVE);

        assertTrue(((ApprovalWait.Refused) answer).reason().contains("already Rejected in the registry"), answer.toString());
        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
        assertEquals("Rejected", h.fx.registry().describe(ref.arn()).ref().approvalStatus());
        assertEquals(1, h.fx.calls("UpdateModelPackage"), "only the console's update");
    }

    @Test
    void aResumedWaitThatAlreadyHoldsItsDecisionDeliversItAgain() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();
        wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE);
        rec.decision();
        // The program was saved with the decision, and the controller stopped before the step completed.
        byte[] saved = serialize(wait);
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ((ApprovalWait) deserialize(saved)).resume(h.environment(afterRestart));

        assertEquals("alice", afterRestart.decision().getDecidedBy());
        assertEquals(1, h.fx.calls("UpdateModelPackage"), "delivered again, not decided again");
    }

    @Test
    void anAbortWhileADecisionIsBeingWrittenCompletesNothingLater() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec));
        rec.summary();
        h.fx.emulator.faults().on("UpdateModelPackage").call(1).afterApplying().latency(Duration.ofMillis(400));

        Thread reviewer = new Thread(() -> wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE));
        reviewer.start();
        Thread.sleep(150);
        wait.abort();
        reviewer.join(5000);

        assertFalse(rec.finished.isDone(), "an aborted wait never reports a decision");
        assertTrue(wait.isEnded());
    }

    @Test
    void aThrottledRegistryAtTheStartIsRetriedNotFailed() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        // More throttling than the SDK's three attempts absorb: the wait itself must back off and retry.
        h.fx.emulator.faults().on("DescribeModelPackage").next(3).throttle();
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");

        wait.begin(h.environment(rec));

        assertEquals(ref.arn(), rec.summary().getModelPackageArn());
        assertFalse(rec.failed.isDone());
        assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("The registry did not answer; retrying with back-off")), rec.log.toString());
    }

    @Test
    void aJenkinsDecisionTheRegistryRefusedLeavesTheTimeoutArmed() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMillis(800)), "dave");
        wait.begin(h.environment(rec));
        rec.summary();
        h.fx.emulator.faults().on("UpdateModelPackage").every().error(400, "AccessDeniedException", "not authorized");

        var answer = wait.attempt(user("alice"), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE);

        assertTrue(((ApprovalWait.Refused) answer).reason().startsWith("The registry did not take the decision"), answer.toString());
        assertEquals(ApprovalOutcome.TIMED_OUT, rec.decision().getOutcome());
    }

    void awaitWaiters(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.watcher.waiterCount() != n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(n, h.watcher.waiterCount());
    }
}
