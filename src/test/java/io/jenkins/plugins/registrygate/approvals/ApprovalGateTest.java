package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may decide: approvers, groups, separation of duties, administrator overrides and tiers. */
class ApprovalGateTest {

    static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    static final IdMatcher IDS = IdMatcher.CASE_INSENSITIVE;

    static Reviewer user(String id, String... groups) {
        return new Reviewer(id, List.of(groups), false, true);
    }

    static Reviewer admin(String id) {
        return new Reviewer(id, List.of(), true, true);
    }

    static ApprovalGate gate(List<String> approvers, boolean allowSelf, List<ApprovalTier> tiers, String... requesters) {
        return new ApprovalGate(new ApprovalPolicy(approvers, allowSelf, tiers, List.of(), ApprovalPolicy.OnRuleFailure.HUMANS),
                List.of(requesters));
    }

    static final List<ApprovalTier> THREE_TIERS = List.of(
            new ApprovalTier("ml-engineer", List.of("alice", "ml-team")),
            new ApprovalTier("fairness", List.of("bob", "ml-team")),
            new ApprovalTier("compliance", List.of("carol")));

    @Test
    void aNamedApproverApproves() {
        var a = gate(List.of("alice"), false, List.of(), "dave").attempt(user("alice"), Vote.APPROVE, "", "ok", NOW, IDS);

        var d = assertInstanceOf(ApprovalGate.Decided.class, a);
        assertEquals(ApprovalOutcome.APPROVED, d.outcome());
        assertFalse(d.administratorOverride());
    }

    @Test
    void approverIdsMatchWithTheRealmsStrategy() {
        var a = gate(List.of("Alice"), false, List.of()).attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        assertInstanceOf(ApprovalGate.Decided.class, a);
    }

    @Test
    void membersOfAnApproverGroupApprove() {
        var a = gate(List.of("risk-reviewers"), false, List.of()).attempt(user("erin", "risk-reviewers"), Vote.APPROVE, "", "", NOW, IDS);

        assertInstanceOf(ApprovalGate.Decided.class, a);
    }

    @Test
    void someoneNotListedIsRefusedAndNothingChanges() {
        ApprovalGate g = gate(List.of("alice"), false, List.of());

        var a = g.attempt(user("mallory"), Vote.APPROVE, "", "", NOW, IDS);

        var r = assertInstanceOf(ApprovalGate.Refused.class, a);
        assertTrue(r.reason().contains("mallory is not allowed"), r.reason());
        assertFalse(g.isDecided());
    }

    @Test
    void withoutApproversAnyoneWhoMayBuildTheJobDecides() {
        assertInstanceOf(ApprovalGate.Decided.class,
                gate(List.of(), false, List.of()).attempt(user("erin"), Vote.REJECT, "", "bad", NOW, IDS));
        assertInstanceOf(ApprovalGate.Refused.class, gate(List.of(), false, List.of())
                .attempt(new Reviewer("reader", List.of(), false, false), Vote.APPROVE, "", "", NOW, IDS));
    }

    @Test
    void whoeverStartedTheBuildCannotApproveIt() {
        var a = gate(List.of("alice"), false, List.of(), "alice").attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        var r = assertInstanceOf(ApprovalGate.Refused.class, a);
        assertTrue(r.reason().startsWith("Separation of duties"), r.reason());
    }

    @Test
    void theRegistrantAddedLaterCannotApproveEither() {
        ApprovalGate g = gate(List.of("alice", "bob"), false, List.of(), "alice");
        g.addRequester("bob");

        assertInstanceOf(ApprovalGate.Refused.class, g.attempt(user("BOB"), Vote.APPROVE, "", "", NOW, IDS));
    }

    @Test
    void selfApprovalIsAllowedWhenTheJenkinsfileOptsOut() {
        assertInstanceOf(ApprovalGate.Decided.class,
                gate(List.of("alice"), true, List.of(), "alice").attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS));
    }

    @Test
    void theRequesterMayStillRejectTheirOwnVersion() {
        assertInstanceOf(ApprovalGate.Decided.class,
                gate(List.of("alice"), false, List.of(), "alice").attempt(user("alice"), Vote.REJECT, "", "oops", NOW, IDS));
    }

    @Test
    void anAdministratorOverrideIsRecordedAsSuch() {
        var a = gate(List.of("alice"), false, List.of(), "root").attempt(admin("root"), Vote.APPROVE, "", "hotfix", NOW, IDS);

        assertTrue(assertInstanceOf(ApprovalGate.Decided.class, a).administratorOverride());
    }

    @Test
    void aDecidedGateRefusesFurtherAttempts() {
        ApprovalGate g = gate(List.of("alice", "bob"), false, List.of());
        g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        var r = assertInstanceOf(ApprovalGate.Refused.class, g.attempt(user("bob"), Vote.REJECT, "", "late", NOW, IDS));
        assertTrue(r.reason().contains("already been decided"));
    }

    @Test
    void tiersSignInOrderAndTheLastSignatureApproves() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);

        var first = assertInstanceOf(ApprovalGate.Signed.class, g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS));
        assertEquals("ml-engineer", first.signoff().getTier());
        assertEquals(List.of("fairness", "compliance"), first.remainingTiers());
        assertInstanceOf(ApprovalGate.Signed.class, g.attempt(user("bob"), Vote.APPROVE, "", "", NOW, IDS));
        var last = assertInstanceOf(ApprovalGate.Decided.class, g.attempt(user("carol"), Vote.APPROVE, "", "", NOW, IDS));
        assertEquals(ApprovalOutcome.APPROVED, last.outcome());
        assertEquals(3, g.signoffs().size());
    }

    @Test
    void aLaterTierCannotSignBeforeAnEarlierOne() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);

        var r = assertInstanceOf(ApprovalGate.Refused.class, g.attempt(user("carol"), Vote.APPROVE, "compliance", "", NOW, IDS));
        assertTrue(r.reason().contains("signs after 'ml-engineer'"), r.reason());
        assertTrue(g.signoffs().isEmpty());
    }

    @Test
    void theNextTierRefusesSomeoneNotOnIt() {
        var r = assertInstanceOf(ApprovalGate.Refused.class,
                gate(List.of(), false, THREE_TIERS).attempt(user("carol"), Vote.APPROVE, "", "", NOW, IDS));

        assertTrue(r.reason().contains("may not sign tier 'ml-engineer'"), r.reason());
    }

    @Test
    void nobodySignsTwoTiersEvenWhenOnBothLists() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);
        g.attempt(user("dan", "ml-team"), Vote.APPROVE, "", "", NOW, IDS);

        var r = assertInstanceOf(ApprovalGate.Refused.class, g.attempt(user("dan", "ml-team"), Vote.APPROVE, "", "", NOW, IDS));
        assertTrue(r.reason().contains("nobody may sign two tiers"), r.reason());
    }

    @Test
    void administratorsCannotSignTwoTiersEither() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);
        g.attempt(admin("root"), Vote.APPROVE, "", "", NOW, IDS);

        assertInstanceOf(ApprovalGate.Refused.class, g.attempt(admin("root"), Vote.APPROVE, "", "", NOW, IDS));
    }

    @Test
    void oneRejectFromAnyTierRejects() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);
        g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        var d = assertInstanceOf(ApprovalGate.Decided.class, g.attempt(user("carol"), Vote.REJECT, "", "bias too high", NOW, IDS));
        assertEquals(ApprovalOutcome.REJECTED, d.outcome());
    }

    @Test
    void undoTakesBackASignoffWhoseRegistryWriteFailed() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);
        var signed = g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        g.undo(signed);

        assertEquals(List.of("ml-engineer", "fairness", "compliance"), g.remainingTiers());
    }

    @Test
    void afterARestartMidWriteOnlySignoffsTheRegistryConfirmedRemain() {
        ApprovalGate g = gate(List.of(), false, THREE_TIERS);
        g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);
        g.attempt(user("bob"), Vote.APPROVE, "", "", NOW, IDS); // its write never reached the registry

        g.reconcile(java.util.Set.of("ml-engineer"));

        assertEquals(List.of("fairness", "compliance"), g.remainingTiers());
        assertInstanceOf(ApprovalGate.Signed.class, g.attempt(user("bob"), Vote.APPROVE, "", "", NOW, IDS));
    }

    @Test
    void afterARestartMidWriteAnUnconfirmedDecisionIsTakenBack() {
        ApprovalGate g = gate(List.of("alice", "bob"), false, List.of());
        g.attempt(user("alice"), Vote.APPROVE, "", "", NOW, IDS);

        g.reconcile(java.util.Set.of());

        assertFalse(g.isDecided());
        assertInstanceOf(ApprovalGate.Decided.class, g.attempt(user("bob"), Vote.REJECT, "", "no", NOW, IDS));
    }

    @Test
    void mayActTellsWhetherToShowTheButtons() {
        ApprovalGate g = gate(List.of("alice"), false, List.of());

        assertTrue(g.mayAct(user("alice"), IDS));
        assertFalse(g.mayAct(user("mallory"), IDS));
        assertTrue(g.mayAct(admin("root"), IDS));
    }
}
