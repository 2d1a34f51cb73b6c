package io.jenkins.plugins.registrygate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.CandidateSummary;
import io.jenkins.plugins.registrygate.approvals.TierSignoff;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * build.xml written by an older version of the plugin lacks fields added since: Jenkins reads it with XStream, which
 * leaves them null (no constructor, no field initialiser runs), so every class stored there fills defaults on load.
 */
class ApprovalRecordCompatibilityTest {

    static final String ARN = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model/7";

    static XStream xstream() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        return x;
    }

    /** An approval record as a first version could have written it: only the fields it knew, and a NaN metric. */
    static final String OLD_RECORD = """
            <io.jenkins.plugins.registrygate.audit.ApprovalRecord>
              <id>a-1</id>
              <modelPackageArn>%s</modelPackageArn>
              <modelPackageGroup>churn-model</modelPackageGroup>
              <startedAtMillis>1773568800000</startedAtMillis>
              <deadlineMillis>0</deadlineMillis>
              <state>DECIDED</state>
              <summary>
                <modelPackageArn>%s</modelPackageArn>
                <version>7</version>
                <metrics>
                  <entry><string>auc</string><double>NaN</double></entry>
                  <entry><string>f1</string><double>0.8</double></entry>
                </metrics>
              </summary>
              <decision>
                <outcome>APPROVED</outcome>
                <finalStatus>Approved</finalStatus>
                <decidedBy>alice</decidedBy>
                <decidedAtMillis>1773568860000</decidedAtMillis>
                <path>JENKINS</path>
              </decision>
            </io.jenkins.plugins.registrygate.audit.ApprovalRecord>
            """.formatted(ARN, ARN);

    @Test
    void anApprovalRecordFromAnOlderBuildXmlLoadsWithDefaults() {
        ApprovalRecord r = (ApprovalRecord) xstream().fromXML(OLD_RECORD);

        assertEquals(List.of(), r.getApprovers());
        assertEquals(List.of(), r.getTiers());
        assertEquals(List.of(), r.getRules());
        assertEquals(List.of(), r.getSignoffs());
        assertEquals("", r.getFailure());
        ApprovalDecision d = r.getDecision().orElseThrow();
        assertEquals("", d.getComment());
        assertEquals(List.of(), d.getSignoffs());
        assertEquals(List.of(), d.getEvidence());
        assertEquals(List.of(), d.getWarnings());
        CandidateSummary s = r.getSummary().orElseThrow();
        assertEquals(Map.of("f1", 0.8), s.getMetrics(), "a NaN stored before is dropped");
        assertEquals("", s.getDescription());
        assertEquals(Map.of(), s.getCustomerMetadata());
        assertEquals(Map.of(), s.getMetricDeltas());
        Map<String, Object> exported = r.toExportMap();
        assertEquals("alice", ((Map<?, ?>) exported.get("decision")).get("decidedBy"));
        assertOnlyFiniteNumbers(exported);
    }

    @Test
    void aTierSignoffAndAPolicyFromAnOlderFileLoadWithDefaults() {
        TierSignoff so = (TierSignoff) xstream().fromXML("""
                <io.jenkins.plugins.registrygate.approvals.TierSignoff>
                  <tier>ml-engineer</tier><userId>alice</userId><atMillis>1773568860000</atMillis>
                </io.jenkins.plugins.registrygate.approvals.TierSignoff>""");
        ApprovalPolicy p = (ApprovalPolicy) xstream().fromXML("""
                <io.jenkins.plugins.registrygate.approvals.ApprovalPolicy>
                  <allowSelfApproval>false</allowSelfApproval>
                </io.jenkins.plugins.registrygate.approvals.ApprovalPolicy>""");

        assertEquals("", so.getComment());
        assertEquals("ml-engineer signed by alice at 2026-03-15T10:01:00Z", so.toString());
        assertEquals(List.of(), p.getApprovers());
        assertEquals(List.of(), p.getTiers());
        assertEquals(List.of(), p.getRules());
        assertEquals(ApprovalPolicy.OnRuleFailure.HUMANS, p.getOnRuleFailure());
        assertFalse(p.isTiered());
    }

    @Test
    void metricsThatAreNotFiniteNeverReachTheRestApi() {
        ModelPackageDetails details = new ModelPackageDetails(new ModelPackageRef(ARN, "churn-model", 7, "PendingManualApproval"),
                "", "", Map.of("metric:auc", "NaN", "metric:loss", "Infinity", "metric:lift", "-Infinity", "metric:f1", "0.8",
                        "metric:huge", "1e400"),
                "", "", "", Optional.empty(), Instant.EPOCH, "", "");
        ApprovalRecord r = new ApprovalRecord("a-1", ARN, "churn-model",
                new ApprovalPolicy(List.of(), false, List.of(), List.of(), ApprovalPolicy.OnRuleFailure.HUMANS), Instant.EPOCH, Optional.empty());

        r.prepared(new CandidateSummary(details, Optional.of(details)));

        assertEquals(Map.of("f1", 0.8), r.getSummary().orElseThrow().getMetrics());
        assertOnlyFiniteNumbers(r.toExportMap());
        assertTrue(r.getSummary().orElseThrow().getCustomerMetadata().containsKey("metric:auc"), "still shown as text");
    }

    static void assertOnlyFiniteNumbers(Object o) {
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(ApprovalRecordCompatibilityTest::assertOnlyFiniteNumbers);
        } else if (o instanceof Collection<?> c) {
            c.forEach(ApprovalRecordCompatibilityTest::assertOnlyFiniteNumbers);
        } else if (o instanceof Double d) {
            assertTrue(Double.isFinite(d), "not finite: " + d);
        }
    }
}
