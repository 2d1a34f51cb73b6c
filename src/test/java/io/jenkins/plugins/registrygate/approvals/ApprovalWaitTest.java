package io.jenkins.plugins.registrygate.approvals;

import static io.jenkins.plugins.registrygate.testing.Serialization.deserialize;
import static io.jenkins.plugins.registrygate.testing.Serialization.serialize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.ClientHooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A build waiting for a decision from Jenkins, the registry, rules or the clock, end to end against the emulator;
 * run twice, the second time with the emulator answering lower-cased ARNs.
 */
@ParameterizedClass(name = "lowerCaseArns={0}")
@ValueSource(booleans = {false, true})
class ApprovalWaitTest {

    final WaitHarness h;
    final WaitHarness.Recorder rec = new WaitHarness.Recorder();

    ApprovalWaitTest(boolean lowerCaseArns) {
        h = new WaitHarness(lowerCaseArns);
    }

    @AfterEach
    void close() {
        assertTrue(rec.endings.size() <= 1, "one terminal report at most: " + rec.endings);
        h.close();
    }

    ApprovalWait waitFor(ModelPackageRef ref, ApprovalPolicy policy, Optional<Duration> timeout, String... requesters) {
        return new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(policy, List.of(requesters)),
                timeout.map(t -> h.fx.clock.instant().plus(t)), true);
    }

    /** Starts a wait and lets it read the registry and show its prompt. */
    ApprovalWait started(ModelPackageRef ref, ApprovalPolicy policy, Optional<Duration> timeout, String... requesters) {
        ApprovalWait wait = waitFor(ref, policy, timeout, requesters);
        wait.begin(h.environment(rec));
        h.settle();
        return wait;
    }

    static Reviewer user(String id) {
        return new Reviewer(id, List.of(), false, true);
    }

    static Reviewer admin(String id) {
        return new Reviewer(id, List.of(), true, true);
    }

    ApprovalWait.Answer approve(ApprovalWait wait, Reviewer who, String comment) {
        return wait.attempt(who, Vote.APPROVE, "", comment, IdMatcher.CASE_INSENSITIVE);
    }

    ModelPackageDetails inRegistry(ModelPackageRef ref) {
        return h.fx.registry().describe(ref.arn());
    }

    @SuppressWarnings("unchecked")
    static List<String> warnings(ApprovalDecision d) {
        Object w = d.toPipelineMap("arn").get("warnings");
        return w == null ? List.of() : (List<String>) w;
    }

    // ---------------------------------------------------------------- decisions from every path

    @Test
    void approvalInJenkinsIsWrittenToTheRegistryWithWhoWhenAndWhy() {
        ModelPackageRef ref = h.register("churn#42", Map.of("auc", "0.9"), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        rec.summary();

        var answer = approve(wait, user("alice"), "metrics look good");

        assertInstanceOf(ApprovalWait.Accepted.class, answer);
        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.JENKINS, d.getPath());
        assertEquals("alice", d.getDecidedBy());
        ModelPackageDetails r = inRegistry(ref);
        assertEquals("Approved", r.ref().approvalStatus());
        assertEquals("Approved by Jenkins user alice in " + WaitHarness.BUILD_URL + ": metrics look good", r.approvalDescription());
        assertEquals("alice", r.customerMetadata().get("approval:decided-by"));
        assertEquals("Jenkins", r.customerMetadata().get("approval:path"));
        assertEquals(d.getDecidedAt().toString(), r.customerMetadata().get("approval:decided-at"));
        assertEquals(List.of(), warnings(d));
    }

    @Test
    void rejectionInJenkinsIsWrittenToTheRegistry() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");

        wait.attempt(user("alice"), Vote.REJECT, "", "drift on segment B", IdMatcher.CASE_INSENSITIVE);

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("Rejected", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void aRefusedAttemptChangesNothingInTheRegistry() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.clearCalls();

        var answer = approve(wait, user("mallory"), "");

        assertInstanceOf(ApprovalWait.Refused.class, answer);
        assertEquals(0, h.fx.calls("UpdateModelPackage"));
        assertFalse(rec.finished.isDone());
    }

    @Test
    void approvalInTheRegistryEndsTheWaitAttributedToTheRegistryUser() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        rec.summary();

        h.decideInConsole(ref, "Approved", "approved in the SageMaker console");
        h.advance(WaitHarness.WATCH.firstLook());

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.REGISTRY, d.getPath());
        assertEquals(h.fx.consolePrincipal().arn(), d.getDecidedBy());
        assertEquals("approved in the SageMaker console", d.getComment());
    }

    @Test
    void aJenkinsDecisionIsSealedInTheSameWriteAsItsRecord() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");

        approve(wait, user("alice"), "");

        assertEquals(1, h.fx.calls("UpdateModelPackage"));
        assertTrue(FixedSeal.SEAL.verifies(ref.arn(), "Approved", inRegistry(ref).customerMetadata()), inRegistry(ref).customerMetadata().toString());
    }

    @Test
    void aHandWrittenJenkinsRecordWithoutTheSealIsAttributedToTheRegistryIdentityThatWroteIt() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        rec.summary();

        String at = h.fx.clock.instant().toString();
        h.fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved")
                .approvalDescription("Approved by Jenkins user bob")
                .customerMetadataProperties(Map.of("approval:decided-by", "bob", "approval:decided-at", at, "approval:path", "Jenkins")));
        h.advance(WaitHarness.WATCH.firstLook());

        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
        assertEquals(h.fx.consolePrincipal().arn(), rec.decision().getDecidedBy());
    }

    @Test
    void rejectionInTheRegistryEndsTheWait() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        started(ref, WaitHarness.policy(List.of()), Optional.empty());

        h.decideInConsole(ref, "Rejected", "fails fairness review");
        h.advance(WaitHarness.WATCH.firstLook());

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("fails fairness review", rec.decision().getComment());
    }

    @Test
    void aDecisionTakenBeforeTheWaitStartedIsPickedUpAtOnce() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        h.decideInConsole(ref, "Approved", "pre-approved");

        started(ref, WaitHarness.policy(List.of()), Optional.empty());

        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome());
        assertEquals(0, h.watcher.waiterCount());
    }

    @Test
    void timeoutEndsTheWaitAsTimedOutAndLeavesTheRegistryUntouched() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        started(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMinutes(5)));
        h.fx.emulator.clearCalls();

        h.advance(Duration.ofMinutes(4));
        assertFalse(rec.finished.isDone(), "not before the deadline");
        h.advance(Duration.ofMinutes(1));

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.TIMED_OUT, d.getOutcome());
        assertEquals(DecisionPath.TIMEOUT, d.getPath());
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        assertEquals(0, h.fx.calls("UpdateModelPackage"));
    }

    @Test
    void aDecisionInTheRegistryJustBeforeTheDeadlineStillCounts() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        started(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMinutes(5)));
        h.advance(Duration.ofMinutes(4).plusSeconds(59));

        h.decideInConsole(ref, "Approved", "just in time");
        h.advance(Duration.ofSeconds(1));

        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome());
        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
    }

    @Test
    void abortStopsWaitingAndLeavesTheRegistryUntouched() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMinutes(5)));
        assertEquals(1, h.watcher.waiterCount());

        wait.abort();
        h.advance(Duration.ofMinutes(10)); // past the deadline: the cancelled timer must not fire

        assertEquals(0, h.watcher.waiterCount());
        assertFalse(rec.finished.isDone());
        assertInstanceOf(ApprovalWait.Refused.class, approve(wait, user("alice"), ""));
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
    }

    // ---------------------------------------------------------------- tiers and rules

    @Test
    void tierSignoffsAreWrittenToTheRegistryAsTheyHappen() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");

        approve(wait, user("alice"), "");
        approve(wait, user("bob"), "");

        Map<String, String> md = inRegistry(ref).customerMetadata();
        assertTrue(md.get("approval:tier:ml-engineer").startsWith("alice "), md.toString());
        assertTrue(md.get("approval:tier:fairness").startsWith("bob "), md.toString());
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        approve(wait, user("carol"), "compliant");
        assertEquals(3, rec.decision().getSignoffs().size());
        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void rulesThatHoldApproveAndRecordTheEvidence() {
        ModelPackageRef v1 = h.register("churn#41", Map.of("auc", "0.88"), "dave");
        h.decideInConsole(v1, "Approved", "baseline");
        ModelPackageRef v2 = h.register("churn#42", Map.of("auc", "0.875", "accuracy", "0.93"), "dave");

        started(v2, WaitHarness.rules(List.of("accuracy >= 0.9", "auc >= approved - 0.01"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()),
                Optional.empty());

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.RULE, d.getPath());
        assertEquals(2, d.getEvidence().size());
        assertTrue(d.getEvidence().get(1).contains("approved version 1 has 0.88"), d.getEvidence().toString());
        assertTrue(inRegistry(v2).approvalDescription().startsWith("Approved by approveIf rules"));
    }

    @Test
    void rulesThatFailRejectWhenToldTo() {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.80"), "dave");

        started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()), Optional.empty());

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals("Rejected", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void rulesThatFailLeaveTheDecisionToHumansWhenToldTo() {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.80"), "dave");
        ApprovalWait wait = started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.HUMANS,
                List.of("alice")), Optional.empty());
        assertEquals(1, h.watcher.waiterCount());
        assertFalse(rec.finished.isDone());

        var answer = approve(wait, user("alice"), "accepted despite accuracy");

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome());
        assertTrue(rec.decision().getEvidence().get(0).contains("fails"), rec.decision().getEvidence().toString());
    }

    @Test
    void theSummaryComparesMetricsWithTheApprovedVersion() {
        ModelPackageRef v1 = h.register("churn#41", Map.of("auc", "0.80"), "dave");
        h.decideInConsole(v1, "Approved", "baseline");
        ModelPackageRef v2 = h.register("churn#42", Map.of("auc", "0.85"), "dave");

        started(v2, WaitHarness.policy(List.of()), Optional.empty());

        CandidateSummary s = rec.summary();
        assertEquals(1, s.getBaselineVersion());
        assertEquals(0.05, s.getMetricDeltas().get("auc"), 1e-9);
        assertEquals("dave", s.getRegisteredBy());
    }

    // ---------------------------------------------------------------- the registry decides first

    @Test
    void aJenkinsApprovalNeverOverwritesADecisionAlreadyTakenInTheRegistry() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.decideInConsole(ref, "Rejected", "risk officer: drift on segment B"); // the watcher has not looked yet

        var answer = approve(wait, user("alice"), "looks fine");

        assertTrue(((ApprovalWait.Refused) answer).reason().contains("already Rejected in the registry"), answer.toString());
        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
        assertEquals("Rejected", inRegistry(ref).ref().approvalStatus());
        assertEquals(1, h.fx.calls("UpdateModelPackage"), "only the console's update");
    }

    @Test
    void theRulesNeverOverwriteAVersionRejectedInTheRegistryMeanwhile() {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");
        // The risk officer rejects while the wait prepares, after it read the version (it is comparing metrics).
        h.hooks.before("ListModelPackages", 1, () -> h.decideInConsole(ref, "Rejected", "risk officer: no"));

        started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()), Optional.empty());

        assertEquals("Rejected", inRegistry(ref).ref().approvalStatus(), "the registry's rejection stands");
        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
        assertEquals(1, h.fx.calls("UpdateModelPackage"), "only the console's update");
    }

    @Test
    void aChangeInTheRegistryRightAfterJenkinsWroteIsReportedAndTheRegistryStands() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        // Between Jenkins' write and its read-back, the risk officer rejects in the console.
        h.hooks.after("UpdateModelPackage", 1, () -> h.decideInConsole(ref, "Rejected", "risk officer: no"));

        approve(wait, user("alice"), "ok");

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.REJECTED, d.getOutcome(), "the build tells what the registry says");
        assertEquals("Rejected", d.getFinalStatus());
        assertFalse(warnings(d).isEmpty(), "the result says the registry changed");
        assertTrue(warnings(d).get(0).contains("alice"), warnings(d).toString());
        assertTrue(rec.log.stream().anyMatch(l -> l.contains("registry changed")), rec.log.toString());
    }

    @Test
    void metadataAddedInTheRegistryBetweenJenkinsReadAndWriteIsReported() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.hooks.before("UpdateModelPackage", 1, () -> h.setMetadataInConsole(ref, Map.of("cab:ticket", "CAB-7")));

        approve(wait, user("alice"), "ok");

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertTrue(warnings(d).stream().anyMatch(w -> w.contains("cab:ticket")), warnings(d).toString());
    }

    @Test
    void aChangeSeenWhenATierWasSignedIsReportedInTheDecision() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");
        h.hooks.before("UpdateModelPackage", 1, () -> h.setMetadataInConsole(ref, Map.of("cab:ticket", "CAB-7")));

        var first = approve(wait, user("alice"), "");
        approve(wait, user("bob"), "");
        approve(wait, user("carol"), "");

        assertTrue(((ApprovalWait.Accepted) first).message().contains("cab:ticket"), first.toString());
        assertTrue(warnings(rec.decision()).stream().anyMatch(w -> w.contains("cab:ticket")), warnings(rec.decision()).toString());
    }

    // ---------------------------------------------------------------- faults on the writes

    @Test
    void aThrottledRulesWriteIsRetriedAfterReadingTheVersionAgain() {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");
        // Throttled on every attempt the SDK makes for the first write.
        h.fx.emulator.faults().on("UpdateModelPackage").next(3).throttle();

        started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()), Optional.empty());
        assertFalse(rec.failed.isDone(), "a throttled registry does not fail the build: " + rec.endings);
        assertFalse(rec.finished.isDone());
        h.fx.emulator.clearCalls();
        h.advance(Duration.ofMinutes(1));

        assertEquals(DecisionPath.RULE, rec.decision().getPath());
        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
        List<String> ops = h.operations();
        assertTrue(ops.indexOf("DescribeModelPackage") >= 0 && ops.indexOf("DescribeModelPackage") < ops.indexOf("UpdateModelPackage"),
                "the retry reads the version before writing again: " + ops);
    }

    @Test
    void aDecisionWhoseAnswerWasLostOnADroppedConnectionIsConfirmedByReadingBack() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        // Applied, but every answer is lost (the SDK's retries are applied and lost too).
        h.fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();

        var answer = approve(wait, admin("alice"), "ship it");

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        ApprovalDecision d = rec.decision();
        assertEquals(DecisionPath.JENKINS, d.getPath());
        assertEquals("alice", d.getDecidedBy());
        assertEquals("ship it", d.getComment());
    }

    @Test
    void aDecisionWhoseAnswerWasAServerErrorIsConfirmedByReadingBack() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "alice");
        h.fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().internalError();

        // An administrator approving their own build: the override must survive the lost answer.
        var answer = approve(wait, admin("alice"), "hotfix");

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        assertTrue(rec.decision().isAdministratorOverride());
        assertEquals(DecisionPath.JENKINS, rec.decision().getPath());
    }

    @Test
    void aTierSignoffWhoseAnswerWasLostIsKept() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").next(3).afterApplying().dropConnection();

        var answer = approve(wait, user("alice"), "fine");

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        assertEquals(List.of("ml-engineer"), wait.gate().signoffs().stream().map(TierSignoff::getTier).toList());
        assertEquals(1, rec.signed.size());
        assertInstanceOf(ApprovalWait.Accepted.class, approve(wait, user("bob"), ""), "bob signs the next tier");
        assertEquals(List.of("ml-engineer", "fairness"), wait.gate().signoffs().stream().map(TierSignoff::getTier).toList());
    }

    @Test
    void aDecisionTheRegistryRefusedIsNotRecordedAndTheTimeoutStaysArmed() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.of(Duration.ofMinutes(5)), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").every().error(400, "AccessDeniedException", "not authorized");

        var answer = approve(wait, user("alice"), "ok");
        h.advance(Duration.ofMinutes(5));

        assertTrue(((ApprovalWait.Refused) answer).reason().startsWith("The registry did not take the decision"), answer.toString());
        assertEquals(ApprovalOutcome.TIMED_OUT, rec.decision().getOutcome());
    }

    @Test
    void aThrottledRegistryAtTheStartIsRetriedNotFailed() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        // More throttling than the SDK's three attempts absorb: the wait itself must back off and retry.
        h.fx.emulator.faults().on("DescribeModelPackage").next(3).throttle();

        started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.advance(Duration.ofSeconds(2));

        assertEquals(ref.arn(), rec.summary().getModelPackageArn());
        assertFalse(rec.failed.isDone());
        assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("The registry did not answer; retrying with back-off")), rec.log.toString());
    }

    @Test
    void aWaitOnAPackageThatDoesNotExistFailsWithTheAwsError() {
        h.fx.registry().ensureGroup(WaitHarness.GROUP, "", Map.of());
        ModelPackageRef ghost = ModelPackageRef.fromArn(
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/" + WaitHarness.GROUP + "/99", "PendingManualApproval");

        started(ghost, WaitHarness.policy(List.of()), Optional.empty());

        Exception e = rec.failure();
        assertTrue(e.getMessage().contains("DescribeModelPackage failed: ValidationException"), e.getMessage());
        assertTrue(e.getMessage().contains("request id"), e.getMessage());
    }

    @Test
    void aDecisionWhoseFateIsUnknownIsReadAgainAndRecordedWhenItLanded() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeModelPackage").calls(2, 4).internalError(); // the read-back fails too

        var answer = approve(wait, user("alice"), "ok");

        assertInstanceOf(ApprovalWait.Unconfirmed.class, answer, answer.toString());
        assertEquals(WaitState.CONFIRMING, wait.state());
        assertInstanceOf(ApprovalWait.Refused.class, approve(wait, user("bob"), ""), "one writer at a time");
        h.advance(Duration.ofSeconds(2));
        assertEquals(DecisionPath.JENKINS, rec.decision().getPath());
        assertEquals("alice", rec.decision().getDecidedBy());
    }

    @Test
    void aDecisionWhoseFateWasUnknownAndDidNotLandLetsReviewersActAgain() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").next(3).dropConnection(); // never reaches the service
        h.fx.emulator.faults().on("DescribeModelPackage").calls(2, 4).internalError();

        assertInstanceOf(ApprovalWait.Unconfirmed.class, approve(wait, user("alice"), "ok"));
        h.advance(Duration.ofSeconds(2));

        assertEquals(WaitState.WAITING, wait.state());
        assertFalse(rec.finished.isDone());
        assertTrue(rec.log.stream().anyMatch(l -> l.contains("did not reach the registry; nothing was recorded")), rec.log.toString());
        assertInstanceOf(ApprovalWait.Accepted.class, approve(wait, user("alice"), "ok"), "alice can decide again");
    }

    @Test
    void theRulesWriteAgainWhenTheirFirstWriteTurnsOutNotToHaveLanded() {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").next(3).dropConnection();
        // The wait reads the version (call 1), the writer reads it again (2); the read-back (3 to 5) fails.
        h.fx.emulator.faults().on("DescribeModelPackage").calls(3, 5).internalError();

        ApprovalWait wait = started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()),
                Optional.empty());
        assertEquals(WaitState.CONFIRMING, wait.state());
        h.advance(Duration.ofSeconds(2));

        assertEquals(DecisionPath.RULE, rec.decision().getPath());
        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void aDeadlineThatPassesWhileATierIsBeingSignedTimesOutOnceTheSignoffIsWritten() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.of(Duration.ofMinutes(5)), "dave");
        ClientHooks.Pause writing = h.hooks.pauseBefore("UpdateModelPackage", 1);
        Thread reviewer = new Thread(() -> approve(wait, user("alice"), ""));
        reviewer.start();
        writing.awaitReached();

        h.advance(Duration.ofMinutes(5)); // the deadline passes while alice's sign-off is on its way
        assertFalse(rec.finished.isDone(), "the write's outcome comes first");
        writing.release();
        reviewer.join(30_000);
        h.settle();

        assertEquals(List.of("ml-engineer"), rec.signed.stream().map(TierSignoff::getTier).toList());
        assertEquals(ApprovalOutcome.TIMED_OUT, rec.decision().getOutcome());
        assertEquals(1, rec.decision().getSignoffs().size(), "the sign-off is part of the record");
    }

    @Test
    void aRegistryDecisionSeenWhileATierIsBeingSignedEndsTheWaitAfterTheWrite() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");
        ClientHooks.Pause written = h.hooks.pauseAfter("UpdateModelPackage", 1);
        Thread reviewer = new Thread(() -> approve(wait, user("alice"), ""));
        reviewer.start();
        written.awaitReached();
        h.decideInConsole(ref, "Rejected", "withdrawn");

        h.advance(WaitHarness.WATCH.firstLook()); // the watcher sees it while the sign-off's answer is on its way
        written.release();
        reviewer.join(30_000);
        h.settle();

        assertEquals(ApprovalOutcome.REJECTED, rec.decision().getOutcome());
        assertEquals(DecisionPath.REGISTRY, rec.decision().getPath());
    }

    // ---------------------------------------------------------------- aborts

    @Test
    void anAbortDuringAReviewersWriteEndsWithWhatReachedTheRegistry() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        ClientHooks.Pause written = h.hooks.pauseAfter("UpdateModelPackage", 1);
        Thread reviewer = new Thread(() -> approve(wait, user("alice"), "ok"));
        reviewer.start();
        written.awaitReached(); // the registry applied alice's approval; its answer is on the way

        wait.abort();
        written.release();
        reviewer.join(30_000);
        h.settle();

        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome(), "what reached the registry ends the wait");
        assertEquals(1, rec.endings.size(), "exactly one ending: " + rec.endings);
        assertTrue(wait.isEnded());
    }

    @Test
    void anAbortDuringTheRulesWriteEndsWithWhatReachedTheRegistry() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()),
                Optional.empty());
        ClientHooks.Pause written = h.hooks.pauseAfter("UpdateModelPackage", 1);
        wait.begin(h.environment(rec));
        Thread io = new Thread(h::settle);
        io.start();
        written.awaitReached();

        wait.abort();
        written.release();
        io.join(30_000);
        h.settle();

        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
        assertEquals(DecisionPath.RULE, rec.decision().getPath());
        assertEquals(1, rec.endings.size(), "exactly one ending: " + rec.endings);
    }

    @Test
    void anAbortDuringAWriteTheRegistryRefusedEndsAborted() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").every().error(400, "AccessDeniedException", "not authorized");
        ClientHooks.Pause writing = h.hooks.pauseBefore("UpdateModelPackage", 1);
        Thread reviewer = new Thread(() -> approve(wait, user("alice"), "ok"));
        reviewer.start();
        writing.awaitReached();

        wait.abort();
        writing.release();
        reviewer.join(30_000);
        h.settle();

        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        assertFalse(rec.finished.isDone());
        assertTrue(wait.isEnded());
    }

    @Test
    void anAbortWhileAWritesFateIsUnknownLooksOnceMoreAndRecordsWhatLanded() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeModelPackage").calls(2, 4).internalError();
        assertInstanceOf(ApprovalWait.Unconfirmed.class, approve(wait, user("alice"), "ok"));

        assertEquals(ApprovalWait.AbortResult.AFTER_WRITE, wait.abort("Build stopped"));
        h.settle();

        assertEquals(ApprovalOutcome.APPROVED, rec.decision().getOutcome(), "the approval reached the registry");
        assertTrue(rec.decision().getWarnings().stream().anyMatch(w -> w.contains("aborted")), rec.decision().getWarnings().toString());
    }

    @Test
    void anAbortWhileTheRegistryCannotSayEndsAbortedAndSaysTheWritesFateIsUnknown() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        h.fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeModelPackage").calls(2, 7).internalError(); // the read-back and one more look
        assertInstanceOf(ApprovalWait.Unconfirmed.class, approve(wait, user("alice"), "ok"));

        wait.abort("Build stopped");
        h.settle();

        assertTrue(rec.aborted.join().contains("is unknown"), rec.aborted.join());
        assertFalse(rec.finished.isDone());
    }

    @Test
    void anAbortWhileTheVersionIsBeingReadEndsAbortedAndTheReadChangesNothing() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        h.decideInConsole(ref, "Approved", "approved in the console");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        ClientHooks.Pause read = h.hooks.pauseAfter("DescribeModelPackage", 1);
        wait.begin(h.environment(rec));
        java.util.concurrent.FutureTask<Void> io = new java.util.concurrent.FutureTask<>(h::settle, null);
        new Thread(io).start();
        read.awaitReached(); // the wait has read "Approved"; the build is stopped before it acts on it

        assertEquals(ApprovalWait.AbortResult.ABORTED, wait.abort("Build stopped"));
        read.release();
        io.get(30, java.util.concurrent.TimeUnit.SECONDS); // the read's outcome must not fail or end the wait again

        assertEquals(List.of("aborted Build stopped"), rec.endings);
        assertEquals(WaitState.ABORTED, wait.state());
    }

    @Test
    void aReviewerAfterTheDecisionIsRefusedAndNothingIsWritten() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice", "bob")), Optional.empty(), "dave");
        approve(wait, user("alice"), "ok");
        h.fx.emulator.clearCalls();

        var late = wait.attempt(user("bob"), Vote.REJECT, "", "no", IdMatcher.CASE_INSENSITIVE);

        assertTrue(((ApprovalWait.Refused) late).reason().startsWith("This approval has already been decided"), late.toString());
        assertEquals(List.of(), h.operations());
    }

    // ---------------------------------------------------------------- restarts

    @Test
    void aWaitSurvivesSerializationAndPicksUpADecisionTakenWhileJenkinsWasDown() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        byte[] saved = serialize(wait);
        // The controller goes down: its watcher stops; someone approves in the console meanwhile.
        h.watcher.shutdown();
        h.decideInConsole(ref, "Approved", "approved while Jenkins was down");
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, WaitHarness.WATCH, new java.util.Random(1));
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved);
        resumed.resume(h.environment(afterRestart));
        h.advance(WaitHarness.WATCH.firstLook());

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
        h.settle();
        approve(wait, user("alice"), "ship it");
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved); // the state saved before the decision
        resumed.resume(h.environment(afterRestart));
        h.advance(WaitHarness.WATCH.firstLook());

        assertEquals("alice", afterRestart.decision().getDecidedBy());
        assertEquals(DecisionPath.JENKINS, afterRestart.decision().getPath());
    }

    @Test
    void aResumedWaitThatAlreadyHoldsItsDecisionDeliversItAgain() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        approve(wait, user("alice"), "ok");
        rec.decision();
        // The program was saved with the decision, and the controller stopped before the step completed.
        byte[] saved = serialize(wait);
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ((ApprovalWait) deserialize(saved)).resume(h.environment(afterRestart));
        h.settle();

        assertEquals("alice", afterRestart.decision().getDecidedBy());
        assertEquals(1, h.fx.calls("UpdateModelPackage"), "delivered again, not decided again");
    }

    @Test
    void aResumedWaitWhoseFailureWasNotDeliveredDeliversIt() throws Exception {
        h.fx.registry().ensureGroup(WaitHarness.GROUP, "", Map.of());
        ModelPackageRef ghost = ModelPackageRef.fromArn(
                "arn:aws:sagemaker:us-east-1:123456789012:model-package/" + WaitHarness.GROUP + "/99", "PendingManualApproval");
        ApprovalWait wait = started(ghost, WaitHarness.policy(List.of()), Optional.empty());
        rec.failure();
        // The program was saved with the failure; the controller stopped before the step failed.
        byte[] saved = serialize(wait);
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ((ApprovalWait) deserialize(saved)).resume(h.environment(afterRestart));
        h.advance(Duration.ofMinutes(1));

        assertTrue(afterRestart.failure().getMessage().contains("does not exist"), afterRestart.endings.toString());
    }

    @Test
    void signoffsTheRegistryHoldsButTheBuildLacksAreRestoredOnResume() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");
        byte[] saved = serialize(wait); // saved before alice signed
        approve(wait, user("alice"), "fine");
        // The controller stops before the build saved alice's sign-off.
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, WaitHarness.WATCH, new java.util.Random(1));
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved);
        resumed.resume(h.environment(afterRestart));
        h.advance(WaitHarness.WATCH.firstLook());

        assertEquals(List.of("ml-engineer"), resumed.gate().signoffs().stream().map(TierSignoff::getTier).toList());
        assertEquals(List.of("ml-engineer"), afterRestart.signed.stream().map(TierSignoff::getTier).toList(),
                "the build record is told about the restored sign-off");
        assertInstanceOf(ApprovalWait.Refused.class, approve(resumed, user("alice"), ""), "alice cannot sign a second tier");
        assertInstanceOf(ApprovalWait.Accepted.class, approve(resumed, user("bob"), ""));
        assertTrue(inRegistry(ref).customerMetadata().containsKey("approval:tier:fairness"));
    }

    @Test
    void tierSignoffsABuildWroteByHandAreNeitherRestoredNorCounted() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        // A Jenkinsfile binds the build's AWS credentials and writes two tiers' sign-offs itself.
        String at = h.fx.clock.instant().toString();
        h.fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn())
                .customerMetadataProperties(Map.of("approval:tier:ml-engineer", "alice " + at, "approval:tier:fairness", "bob " + at)));
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "dave");

        assertEquals(List.of(), wait.gate().signoffs(), "nothing restored");
        assertInstanceOf(ApprovalWait.Accepted.class, approve(wait, user("alice"), "fine"), "ml-engineer is still to be signed");
        assertInstanceOf(ApprovalWait.Refused.class, approve(wait, user("carol"), "compliant"), "fairness is not signed");

        assertEquals(List.of("ml-engineer"), wait.gate().signoffs().stream().map(TierSignoff::getTier).toList());
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void aRegistryReadThatStartedBeforeASignoffNeverDropsIt() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.tiers(), Optional.empty(), "dave");
        byte[] saved = serialize(wait);
        WaitHarness.Recorder first = new WaitHarness.Recorder();
        ApprovalWait resumed = (ApprovalWait) deserialize(saved);
        // The resumed wait reads the version; its answer is delayed while alice signs through the prompt.
        ClientHooks.Pause read = h.hooks.pauseAfter("DescribeModelPackage", 1);
        resumed.resume(h.environment(first));
        Thread io = new Thread(h::settle);
        io.start();
        read.awaitReached();

        ApprovalWait.Answer answer = approve(resumed, user("alice"), "fine");
        read.release();
        io.join(30_000);
        h.settle();

        boolean inRegistry = inRegistry(ref).customerMetadata().containsKey("approval:tier:ml-engineer");
        boolean inBuild = resumed.gate().signoffs().stream().anyMatch(s -> s.getTier().equals("ml-engineer"));
        assertEquals(inRegistry, inBuild, "the build and the registry tell one story; answer was " + answer);
        assertEquals(answer instanceof ApprovalWait.Accepted, inBuild, "an accepted sign-off is kept, a refused one is not written");
    }

    @Test
    void aResumeOfManyWaitingBuildsCostsOnePollPerGroupNotReadsPerBuild() throws Exception {
        List<ModelPackageRef> refs = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            refs.add(h.register(WaitHarness.GROUP, "churn#" + i, Map.of(), "dave"));
            refs.add(h.register("Fraud-Model", "fraud#" + i, Map.of(), "dave"));
        }
        List<byte[]> saved = new java.util.ArrayList<>();
        for (ModelPackageRef ref : refs) {
            saved.add(serialize(started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave")));
        }
        h.watcher.shutdown();
        h.decideInConsole(refs.get(0), "Approved", "while down");
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, WaitHarness.WATCH, new java.util.Random(1));
        h.fx.emulator.clearCalls();
        List<WaitHarness.Recorder> resumed = new java.util.ArrayList<>();

        for (byte[] state : saved) {
            WaitHarness.Recorder r = new WaitHarness.Recorder();
            resumed.add(r);
            ((ApprovalWait) deserialize(state)).resume(h.environment(r));
        }
        h.advance(WaitHarness.WATCH.firstLook());

        assertEquals(4, h.fx.calls("ListModelPackages"), "one poll of each group: " + h.operations());
        assertEquals(1, h.fx.calls("DescribeModelPackage"), "one read, for the one version decided meanwhile");
        assertEquals("while down", resumed.get(0).decision().getComment());
        assertEquals(1, resumed.stream().filter(r -> r.finished.isDone()).count());
    }

    @Test
    void aResumedTieredWaitReadsOnlyItsVersionAndKeepsTheComparisonReviewersSaw() throws Exception {
        ModelPackageRef v1 = h.register("churn#41", Map.of("auc", "0.88"), "dave");
        h.decideInConsole(v1, "Approved", "baseline");
        ModelPackageRef v2 = h.register("churn#42", Map.of("auc", "0.91"), "dave");
        byte[] saved = serialize(started(v2, WaitHarness.tiers(), Optional.empty(), "dave"));
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, WaitHarness.WATCH, new java.util.Random(1));
        h.fx.emulator.clearCalls();

        ApprovalWait resumed = (ApprovalWait) deserialize(saved);
        resumed.resume(h.environment(new WaitHarness.Recorder()));
        h.advance(WaitHarness.WATCH.firstLook());

        // The version is read to restore sign-offs; the baseline is part of the saved summary and is not looked up again.
        assertEquals(List.of("DescribeModelPackage", "ListModelPackages", "ListModelPackages"), h.operations(),
                "one read of the version, then the group's poll (Approved, Rejected)");
        assertEquals(1, resumed.summary().orElseThrow().getBaselineVersion());
        assertEquals(Map.of("auc", 0.88), resumed.summary().orElseThrow().getBaselineMetrics());
    }

    @Test
    void theWatcherReachesTheRegistryOnlyThroughTheAccessThatHoldsNoBuild() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        java.util.concurrent.atomic.AtomicInteger asBuild = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger asWatcher = new java.util.concurrent.atomic.AtomicInteger();
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(new ApprovalWait.Environment(h.watcher, h.scheduler, h.scheduler, h.fx.clock,
                () -> { asBuild.incrementAndGet(); return h.registry(); },
                () -> { asWatcher.incrementAndGet(); return h.registry(); }, WaitHarness.BUILD_URL, FixedSeal.SEAL, rec));
        h.settle();
        int buildsBefore = asBuild.get();

        h.advance(Duration.ofMinutes(3)); // several polls

        assertEquals(buildsBefore, asBuild.get(), "polls never use the build's own access");
        assertTrue(asWatcher.get() >= 3, "subscribing and each poll use the watcher's: " + asWatcher.get());
    }

    // ---------------------------------------------------------------- the version itself

    @Test
    void aVersionStillInProgressCannotBeApprovedAndTheWaitSaysWhy() {
        h.fx.emulator.backend().completionDelay(Duration.ofMinutes(10));
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");

        var early = approve(wait, user("alice"), "ok");

        assertInstanceOf(ApprovalWait.Refused.class, early, early.toString());
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        assertTrue(rec.log.stream().anyMatch(l -> l.contains("InProgress")), rec.log.toString());
        h.advance(Duration.ofMinutes(11));
        assertInstanceOf(ApprovalWait.Accepted.class, approve(wait, user("alice"), "ok"));
        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
    }

    @Test
    void rulesDoNotApproveAVersionThatIsNotCompleted() {
        h.fx.emulator.backend().completionDelay(Duration.ofMinutes(10));
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");

        started(ref, WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()), Optional.empty());

        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        assertFalse(rec.finished.isDone());
        h.advance(Duration.ofMinutes(11));
        assertEquals(DecisionPath.RULE, rec.decision().getPath());
    }

    @Test
    void aFailedVersionFailsTheWaitAndIsNeverApproved() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        h.fx.emulator.backend().failModelPackage(ref.arn(), "image scan found critical vulnerabilities");

        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        approve(wait, user("alice"), "ok");

        assertTrue(rec.failure().getMessage().contains("Failed"), rec.failure().getMessage());
        assertEquals("PendingManualApproval", inRegistry(ref).ref().approvalStatus());
        assertEquals(0, h.fx.calls("UpdateModelPackage"));
    }

    @Test
    void writesKeepTheVersionsMetadataWhenTheServiceReplacesTheMap() {
        h.fx.emulator.backend().metadataUpdates(io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry.MetadataUpdates.REPLACE);
        ModelPackageRef ref = h.register("churn#42", Map.of("auc", "0.9"), "dave");
        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty(), "erin");

        approve(wait, user("alice"), "");
        approve(wait, user("bob"), "");
        approve(wait, user("carol"), "");

        Map<String, String> md = inRegistry(ref).customerMetadata();
        assertEquals("Approved", inRegistry(ref).ref().approvalStatus());
        assertEquals("0.9", md.get("metric:auc"), md.toString());
        assertEquals("dave", md.get("jenkins:registered-by"), md.toString());
        for (String tier : List.of("ml-engineer", "fairness", "compliance")) {
            assertTrue(md.containsKey("approval:tier:" + tier), tier + " missing: " + md);
        }
    }

    @Test
    void aVersionWithoutRoomForTheApprovalsMetadataIsRefusedBeforeAnyoneSigns() {
        Map<String, String> crowded = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 44; i++) {
            crowded.put("team:key-" + i, "v" + i);
        }
        ModelPackageRef ref = h.registerElsewhere(crowded);

        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty());
        approve(wait, user("alice"), "");

        String message = rec.failure().getMessage();
        assertTrue(message.contains("44") && message.contains("50"), message);
        assertEquals(0, h.fx.calls("UpdateModelPackage"), "the wait wrote nothing");
    }

    @Test
    void aVersionWithRoomForTheRecordButNotForItsSealIsRefusedBeforeAnyoneSigns() {
        Map<String, String> crowded = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 43; i++) {
            crowded.put("team:key-" + i, "v" + i);
        }
        ModelPackageRef ref = h.registerElsewhere(crowded); // 43 + 7 = 50 without the seal, 51 with it

        ApprovalWait wait = started(ref, WaitHarness.tiers(), Optional.empty());
        approve(wait, user("alice"), "");

        String message = rec.failure().getMessage();
        assertTrue(message.contains("needs 8 more") && message.contains("approval:seal"), message);
        assertEquals(0, h.fx.calls("UpdateModelPackage"), "the wait wrote nothing");
    }

    // ---------------------------------------------------------------- what reviewers and the registry send

    @Test
    void aCommentWithLineBreaksIsRecordedOnOneLine() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");

        var answer = approve(wait, user("alice"), "holdout ok\r\nfairness report:\tML-311\u2028done");

        assertInstanceOf(ApprovalWait.Accepted.class, answer, answer.toString());
        assertEquals("holdout ok fairness report: ML-311 done", rec.decision().getComment());
        assertTrue(inRegistry(ref).approvalDescription().endsWith(": holdout ok fairness report: ML-311 done"),
                inRegistry(ref).approvalDescription());
    }

    @Test
    void metricsThatAreNotFiniteAreIgnoredByTheSummaryAndTheRules() {
        ModelPackageRef ref = h.register("churn#42", Map.of("f1", "0.8"), "dave");
        h.setMetadataInConsole(ref, Map.of("metric:auc", "Infinity", "metric:loss", "NaN"));

        ApprovalWait wait = started(ref, WaitHarness.rules(List.of("auc >= 0.9"), ApprovalPolicy.OnRuleFailure.HUMANS, List.of("alice")),
                Optional.empty());

        assertEquals(Map.of("f1", 0.8), rec.summary().getMetrics());
        assertFalse(rec.finished.isDone(), "Infinity does not pass auc >= 0.9");
        assertTrue(wait.ruleEvidence().get(0).contains("records no metric 'auc'"), wait.ruleEvidence().toString());
    }

    @Test
    void theRegistrantIsRefusedEvenWhenTheRegistryStoresTheirIdSanitised() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "CORP\\alice");
        assertEquals("CORP_alice", inRegistry(ref).customerMetadata().get("jenkins:registered-by"));
        ApprovalWait wait = started(ref, WaitHarness.policy(List.of()), Optional.empty());

        var answer = approve(wait, user("CORP\\alice"), "mine");

        assertTrue(((ApprovalWait.Refused) answer).reason().startsWith("Separation of duties"), answer.toString());
    }

    @Test
    void aSignoffRestoredFromTheRegistryStillStopsItsSignerFromSigningASecondTier() throws Exception {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalPolicy twoTiers = new ApprovalPolicy(List.of(), false, List.of(
                new ApprovalTier("ml-engineer", List.of("CORP\\alice")), new ApprovalTier("fairness", List.of("CORP\\alice", "bob"))),
                List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
        ApprovalWait wait = started(ref, twoTiers, Optional.empty(), "dave");
        byte[] saved = serialize(wait);
        approve(wait, user("CORP\\alice"), "");
        WaitHarness.Recorder afterRestart = new WaitHarness.Recorder();
        ApprovalWait resumed = (ApprovalWait) deserialize(saved); // the build lost alice's sign-off; the registry has it
        resumed.resume(h.environment(afterRestart));
        h.settle();
        assertEquals("CORP_alice", resumed.gate().signoffs().get(0).getUserId(), "restored as the registry stores it");

        var second = approve(resumed, user("CORP\\alice"), "");

        assertTrue(((ApprovalWait.Refused) second).reason().contains("nobody may sign two tiers"), second.toString());
    }

    @Test
    void aRelativeBuildLinkNeverReachesTheRegistry() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = waitFor(ref, WaitHarness.policy(List.of("alice")), Optional.empty(), "dave");
        wait.begin(h.environment(rec, "job/churn/42/"));
        h.settle();

        approve(wait, user("alice"), "ok");

        ModelPackageDetails r = inRegistry(ref);
        assertFalse(r.approvalDescription().contains("job/churn/42"), r.approvalDescription());
        assertFalse(r.customerMetadata().containsKey("approval:build-url"), r.customerMetadata().toString());
    }
}
