package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** approveIf rules: absolute thresholds and "no worse than the approved version by more than X". */
class MetricRuleTest {

    static final Map<String, Double> CANDIDATE = Map.of("accuracy", 0.93, "auc", 0.87, "loss", 0.21);
    static final Optional<MetricRule.Baseline> APPROVED_V3 = Optional.of(new MetricRule.Baseline(3, Map.of("auc", 0.88, "loss", 0.20)));

    @Test
    void anAbsoluteThresholdHolds() {
        var e = MetricRule.parse("accuracy >= 0.9").evaluate(CANDIDATE, Optional.empty());

        assertTrue(e.passed());
        assertEquals("accuracy >= 0.9: holds, accuracy = 0.93 (limit 0.9)", e.evidence());
    }

    @Test
    void anAbsoluteThresholdFails() {
        assertFalse(MetricRule.parse("accuracy > 0.95").evaluate(CANDIDATE, Optional.empty()).passed());
    }

    @Test
    void noWorseThanApprovedWithinTheMarginHolds() {
        var e = MetricRule.parse("auc >= approved - 0.02").evaluate(CANDIDATE, APPROVED_V3);

        assertTrue(e.passed(), e.evidence());
        assertTrue(e.evidence().contains("approved version 3 has 0.88"), e.evidence());
    }

    @Test
    void worseThanApprovedBeyondTheMarginFails() {
        assertFalse(MetricRule.parse("auc >= approved - 0.005").evaluate(CANDIDATE, APPROVED_V3).passed());
    }

    @Test
    void lowerIsBetterMetricsUseThePlusForm() {
        assertTrue(MetricRule.parse("loss <= approved + 0.02").evaluate(CANDIDATE, APPROVED_V3).passed());
        assertFalse(MetricRule.parse("loss <= approved").evaluate(CANDIDATE, APPROVED_V3).passed());
    }

    @Test
    void aRelativeRuleHoldsWhenNothingIsApprovedYetAndSaysSo() {
        var e = MetricRule.parse("auc >= approved - 0.01").evaluate(CANDIDATE, Optional.empty());

        assertTrue(e.passed());
        assertTrue(e.evidence().contains("no approved version to compare with"));
    }

    @Test
    void aMissingMetricFails() {
        var e = MetricRule.parse("f1 >= 0.5").evaluate(CANDIDATE, Optional.empty());

        assertFalse(e.passed());
        assertTrue(e.evidence().contains("records no metric 'f1'"));
    }

    @Test
    void malformedRulesAreRefusedNamingTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricRule.parse("accuracy is great"));

        assertTrue(e.getMessage().startsWith("approveIf: 'accuracy is great' is not a rule"), e.getMessage());
    }
}
