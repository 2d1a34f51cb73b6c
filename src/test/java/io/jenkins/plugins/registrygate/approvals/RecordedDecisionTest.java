package io.jenkins.plugins.registrygate.approvals;

import static io.jenkins.plugins.registrygate.approvals.FixedSeal.SEAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A decision record names a Jenkins user or the rules only when this controller sealed it. */
class RecordedDecisionTest {

    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/7";
    static final String OTHER_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/8";
    static final Instant AT = Instant.parse("2026-03-14T09:00:00Z");

    static Map<String, String> record(String by, String path) {
        Map<String, String> md = new HashMap<>();
        md.put("approval:decided-by", by);
        md.put("approval:decided-at", AT.toString());
        md.put("approval:path", path);
        return md;
    }

    static Map<String, String> sealedFor(String arn, String status, String by, String path) {
        Map<String, String> md = record(by, path);
        md.put("approval:seal", SEAL.seal(arn, status, by, AT.toString(), path));
        return md;
    }

    static Optional<DecisionPath> current(String arn, Map<String, String> md, String status, String description) {
        return RecordedDecision.current(SEAL, arn, md, status, description, Optional.of(AT.plusMillis(300)));
    }

    @Test
    void aSealedJenkinsRecordIsThePluginsDecision() {
        assertEquals(Optional.of(DecisionPath.JENKINS),
                current(ARN, sealedFor(ARN, "Approved", "bob", "Jenkins"), "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aHandWrittenJenkinsRecordWithoutASealIsNotThePlugins() {
        assertEquals(Optional.empty(), current(ARN, record("bob", "Jenkins"), "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aSealCopiedFromAnotherVersionDoesNotVerify() {
        Map<String, String> copied = record("bob", "Jenkins");
        copied.put("approval:seal", sealedFor(OTHER_ARN, "Approved", "bob", "Jenkins").get("approval:seal"));

        assertEquals(Optional.empty(), current(ARN, copied, "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aSealedRecordWhoseApproverWasAlteredDoesNotVerify() {
        Map<String, String> altered = sealedFor(ARN, "Approved", "alice", "Jenkins");
        altered.put("approval:decided-by", "bob");

        assertEquals(Optional.empty(), current(ARN, altered, "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aSealedRejectionDoesNotVouchForTheVersionApprovedLater() {
        assertEquals(Optional.empty(),
                current(ARN, sealedFor(ARN, "Rejected", "bob", "Jenkins"), "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aSealMadeWithAnotherControllersKeyDoesNotVerify() {
        Map<String, String> md = record("bob", "Jenkins");
        md.put("approval:seal", FixedSeal.OTHER.seal(ARN, "Approved", "bob", AT.toString(), "Jenkins"));

        assertEquals(Optional.empty(), current(ARN, md, "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void aSealedRulesRecordIsTheRulesDecision() {
        assertEquals(Optional.of(DecisionPath.RULE), current(ARN, sealedFor(ARN, "Approved", "approveIf rules", "rule"),
                "Approved", "Approved by approveIf rules in Jenkins"));
    }

    @Test
    void aHandWrittenRulesRecordWithoutASealIsNotTheRules() {
        assertEquals(Optional.empty(), current(ARN, record("approveIf rules", "rule"), "Approved", "Approved by approveIf rules in Jenkins"));
    }

    @Test
    void aRulesSealCopiedFromAnotherVersionDoesNotVerify() {
        Map<String, String> copied = record("approveIf rules", "rule");
        copied.put("approval:seal", sealedFor(OTHER_ARN, "Approved", "approveIf rules", "rule").get("approval:seal"));

        assertEquals(Optional.empty(), current(ARN, copied, "Approved", "Approved by approveIf rules in Jenkins"));
    }

    @Test
    void theArnIsComparedWithoutCase() {
        Map<String, String> md = sealedFor(ARN.toUpperCase(Locale.ROOT).replace("ARN:AWS:SAGEMAKER", "arn:aws:sagemaker"),
                "Approved", "bob", "Jenkins");

        assertEquals(Optional.of(DecisionPath.JENKINS), current(ARN.toLowerCase(Locale.ROOT), md, "Approved", "Approved by Jenkins user bob"));
    }

    @Test
    void theSealIsVersionedHexThatSageMakerAcceptsAsAValue() {
        String seal = SEAL.seal(ARN, "Approved", "bob", AT.toString(), "Jenkins");

        assertTrue(seal.matches("v1:[0-9a-f]{64}"), seal);
        assertFalse(SEAL.verifies(ARN, "Approved", Map.of("approval:seal", seal.substring(3))), "a seal without its version");
    }
}
