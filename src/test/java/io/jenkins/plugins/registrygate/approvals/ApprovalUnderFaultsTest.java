package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.FaultInjector;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on every operation between the wait and the registry (throttling, 5xx, connections dropped before and after
 * the service applied the call), about a third of the calls, chosen by a seed: whatever happens, the wait ends in one
 * terminal state, the build and the registry tell the same story, and a reviewer told "nothing was recorded" really
 * has nothing in the registry.
 */
class ApprovalUnderFaultsTest {

    static final List<String> OPERATIONS = List.of("DescribeModelPackage", "UpdateModelPackage", "ListModelPackages");

    final WaitHarness h = new WaitHarness(false);
    final WaitHarness.Recorder rec = new WaitHarness.Recorder();

    @AfterEach
    void close() {
        h.close();
    }

    static List<Integer> seeds() {
        List<Integer> seeds = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            seeds.add(i);
        }
        return seeds;
    }

    /** About a third of the next 30 calls of each operation faulted, each with a fault drawn from the seed. */
    int injectFaults(long seed) {
        Random r = new Random(seed);
        int faults = 0;
        for (String op : OPERATIONS) {
            for (int call = 1; call <= 30; call++) {
                if (r.nextInt(3) != 0) {
                    continue;
                }
                faults++;
                FaultInjector.RuleBuilder rule = h.fx.emulator.faults().on(op).call(call);
                switch (r.nextInt(5)) {
                    case 0 -> rule.throttle();
                    case 1 -> rule.internalError();
                    case 2 -> rule.serviceUnavailable();
                    case 3 -> rule.dropConnection();
                    default -> rule.afterApplying().dropConnection();
                }
            }
        }
        return faults;
    }

    /** The registry's own view, straight from the emulator's backend (no HTTP, so no injected fault). */
    JsonNode registryView(ModelPackageRef ref) {
        return h.fx.emulator.backend().invoke("DescribeModelPackage",
                h.fx.emulator.backend().callerFor(EmulatorClients.ACCESS_KEY_ID),
                JsonNodeFactory.instance.objectNode().put("ModelPackageName", ref.arn()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aReviewersDecisionUnderFaultsLeavesTheBuildAndTheRegistryTellingOneStory(int seed) {
        ModelPackageRef ref = h.register("churn#42", Map.of("auc", "0.9"), "dave");
        ApprovalWait wait = new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(WaitHarness.policy(List.of("alice")), List.of("dave")),
                Optional.empty(), true);
        int faults = injectFaults(seed);
        wait.begin(h.environment(rec));
        List<ApprovalWait.Answer> answers = new ArrayList<>();

        for (int round = 0; round < 40 && !wait.isEnded(); round++) {
            h.advance(Duration.ofSeconds(15));
            if (wait.state() == WaitState.WAITING) {
                ApprovalWait.Answer a = wait.attempt(new Reviewer("alice", List.of(), false, true), Vote.APPROVE, "", "ok",
                        IdMatcher.CASE_INSENSITIVE);
                answers.add(a);
                if (a instanceof ApprovalWait.Refused r && r.reason().startsWith("The registry did not take the decision")) {
                    assertNotEquals("Approved", registryView(ref).path("ModelApprovalStatus").asText(),
                            "told 'nothing was recorded' while the registry holds the approval (seed " + seed + ")");
                }
            }
        }
        h.fx.emulator.faults().clear();
        h.advance(Duration.ofMinutes(2));
        if (!wait.isEnded()) {
            answers.add(wait.attempt(new Reviewer("alice", List.of(), false, true), Vote.APPROVE, "", "ok", IdMatcher.CASE_INSENSITIVE));
        }

        String story = "seed " + seed + ", " + faults + " faults, answers " + answers + ", log " + rec.log;
        assertEquals(List.of("finished"), rec.endings.stream().map(e -> e.split(" ")[0]).toList(), story);
        ApprovalDecision d = rec.decision();
        JsonNode registry = registryView(ref);
        assertEquals("Approved", registry.path("ModelApprovalStatus").asText(), story);
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome(), story);
        assertEquals(DecisionPath.JENKINS, d.getPath(), story);
        assertEquals(registry.path("CustomerMetadataProperties").path("approval:decided-at").asText(), d.getDecidedAt().toString(), story);
        assertEquals("alice", registry.path("CustomerMetadataProperties").path("approval:decided-by").asText(), story);
        assertEquals("0.9", registry.path("CustomerMetadataProperties").path("metric:auc").asText(), "metrics kept: " + story);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRulesDecisionUnderFaultsIsWrittenOnceAndRecorded(int seed) {
        ModelPackageRef ref = h.register("churn#42", Map.of("accuracy", "0.95"), "dave");
        ApprovalWait wait = new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(
                WaitHarness.rules(List.of("accuracy >= 0.9"), ApprovalPolicy.OnRuleFailure.REJECT, List.of()), List.of()),
                Optional.empty(), true);
        int faults = injectFaults(seed);
        wait.begin(h.environment(rec));

        h.advance(Duration.ofMinutes(30));

        String story = "seed " + seed + ", " + faults + " faults, log " + rec.log;
        assertTrue(wait.isEnded(), story);
        ApprovalDecision d = rec.decision();
        JsonNode registry = registryView(ref);
        assertEquals("Approved", registry.path("ModelApprovalStatus").asText(), story);
        assertEquals(DecisionPath.RULE, d.getPath(), story);
        assertEquals(registry.path("CustomerMetadataProperties").path("approval:decided-at").asText(), d.getDecidedAt().toString(), story);
        assertEquals(1, rec.endings.size(), story);
    }
}
