package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalOutcome;
import io.jenkins.plugins.registrygate.approvals.DecisionPath;
import io.jenkins.plugins.registrygate.approvals.TierSignoff;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code deployApproved(decision + [endpointName: …])} is the documented way to deploy what {@code awaitApproval}
 * decided, and {@code registerModel}'s map can be passed the same way. Pipeline binds each key of such a map to a
 * parameter of the step and warns about (or, with strict checking, refuses) a key that is none: every key the earlier
 * steps return must be a {@code deployApproved} parameter that takes its value's type.
 */
class EarlierStepsResultsTest {

    static final String ARN = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model/7";

    static void assertEveryKeyIsAParameter(Map<String, Object> result) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Object> e : result.entrySet()) {
            String setter = "set" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1);
            Method found = null;
            for (Method m : DeployApprovedStep.class.getMethods()) {
                if (m.getName().equals(setter) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class)) {
                    found = m;
                }
            }
            if (found == null) {
                missing.add(e.getKey() + " (no @DataBoundSetter " + setter + ")");
            } else if (!accepts(found.getParameterTypes()[0], e.getValue())) {
                missing.add(e.getKey() + " (" + setter + " takes " + found.getParameterTypes()[0].getSimpleName() + ", the map holds "
                        + e.getValue().getClass().getSimpleName() + ")");
            }
        }
        assertEquals(List.of(), missing, "keys deployApproved would not take");
    }

    static boolean accepts(Class<?> type, Object value) {
        if (type == int.class) {
            return value instanceof Integer;
        }
        if (type == boolean.class) {
            return value instanceof Boolean;
        }
        return type.isInstance(value);
    }

    @Test
    void everyKeyOfAwaitApprovalsResultIsADeployApprovedParameter() {
        ApprovalDecision decision = new ApprovalDecision(ApprovalOutcome.APPROVED, "Approved", "carol",
                Instant.parse("2026-03-15T10:00:00Z"), DecisionPath.JENKINS, "ok", false,
                List.of(new TierSignoff("compliance", "carol", Instant.parse("2026-03-15T10:00:00Z"), "ok", false)),
                List.of("auc >= 0.9: holds"), List.of("the registry changed while Jenkins wrote"));
        Map<String, Object> result = decision.toPipelineMap(ARN);
        assertTrue(result.containsKey("warnings") && result.containsKey("modelPackageArn"), result.keySet().toString());

        assertEveryKeyIsAParameter(result);
    }

    @Test
    void everyKeyOfRegisterModelsResultIsADeployApprovedParameter() {
        assertEveryKeyIsAParameter(ModelPackageRef.fromArn(ARN, "PendingManualApproval").toPipelineMap());
    }
}
