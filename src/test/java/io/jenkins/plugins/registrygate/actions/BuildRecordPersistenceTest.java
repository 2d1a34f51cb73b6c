package io.jenkins.plugins.registrygate.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalOutcome;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.ApprovalTier;
import io.jenkins.plugins.registrygate.approvals.CandidateSummary;
import io.jenkins.plugins.registrygate.approvals.DecisionPath;
import io.jenkins.plugins.registrygate.approvals.TierSignoff;
import io.jenkins.plugins.registrygate.audit.ApprovalRecord;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The build's record survives build.xml: Jenkins writes actions with XStream, which on Java 17 cannot rebuild
 * records or JDK immutable collections, so the record types are plain classes holding plain collections.
 */
class BuildRecordPersistenceTest {

    static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
    static final String ARN = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model/7";

    static XStream xstream() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        return x;
    }

    static RegistryGateAction recordedBuild() {
        RegistryGateAction action = new RegistryGateAction();
        action.addRegistration(new RegistrationRecord(ARN, "churn-model", 7, "PendingManualApproval", true, "mrg-abc",
                List.of("gitCommit = 9fceb02 (captured from $GIT_COMMIT)"), "dave", AT));
        ApprovalPolicy policy = new ApprovalPolicy(List.of(), false,
                List.of(new ApprovalTier("ml-engineer", List.of("alice")), new ApprovalTier("compliance", List.of("carol"))),
                List.of("auc >= approved - 0.01"), ApprovalPolicy.OnRuleFailure.HUMANS);
        ApprovalRecord record = action.approvalRecord(new ApprovalRecord("a-1", ARN, "churn-model", policy, AT, Optional.of(AT.plusSeconds(3600))));
        record.prepared(new CandidateSummary(new ModelPackageDetails(
                new ModelPackageRef(ARN, "churn-model", 7, "PendingManualApproval"), "<script>alert(1)</script>", "",
                Map.of("metric:auc", "0.91", "team", "risk"), "Draft", "{\"model_overview\": {}}", "", Optional.empty(), AT,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:7", "s3://models/7.tar.gz"), Optional.empty()));
        TierSignoff first = new TierSignoff("ml-engineer", "alice", AT.plusSeconds(60), "ok", false);
        TierSignoff second = new TierSignoff("compliance", "carol", AT.plusSeconds(120), "<b>compliant</b>", false);
        record.decided(new ApprovalDecision(ApprovalOutcome.APPROVED, "Approved", "carol", AT.plusSeconds(120),
                DecisionPath.JENKINS, "<b>compliant</b>", false, List.of(first, second), List.of("auc >= approved - 0.01: holds")));
        return action;
    }

    @Test
    void theRecordRoundTripsThroughXStreamAsJenkinsStoresIt() {
        String xml = xstream().toXML(recordedBuild());

        RegistryGateAction loaded = (RegistryGateAction) xstream().fromXML(xml);

        RegistrationRecord r = loaded.registrationRecords().get(0);
        assertEquals(7, r.getVersion());
        assertEquals(List.of("gitCommit = 9fceb02 (captured from $GIT_COMMIT)"), r.getLineage());
        ApprovalRecord a = loaded.findApproval("a-1").orElseThrow();
        assertEquals(ApprovalRecord.State.DECIDED, a.getState());
        assertEquals(List.of("ml-engineer (alice)", "compliance (carol)"), a.getTiers());
        assertEquals(Map.of("auc", 0.91), a.getSummary().orElseThrow().getMetrics());
        assertEquals("<script>alert(1)</script>", a.getSummary().orElseThrow().getDescription(), "stored as text, escaped when shown");
        ApprovalDecision d = a.getDecision().orElseThrow();
        assertEquals("carol", d.getDecidedBy());
        assertEquals(AT.plusSeconds(120), d.getDecidedAt());
        assertEquals(2, d.getSignoffs().size());
        assertEquals("alice", d.getSignoffs().get(0).getUserId());
    }

    @Test
    void build_xmlHoldsPlainCollectionsAndNoLiveObjects() {
        String xml = xstream().toXML(recordedBuild());

        assertFalse(xml.contains("ImmutableCollections"), "JDK immutable collections do not survive XStream on Java 17");
        assertFalse(xml.contains("ApprovalWait"), "live waits are transient: the program state holds them, not build.xml");
        assertFalse(xml.contains("<run"), "the owning build is transient");
        assertTrue(xml.contains("&lt;b&gt;compliant&lt;/b&gt;"), "text is stored as text");
    }

    @Test
    void aRegistrationFromAnOlderBuildXmlReadsBackWithDefaultsForFieldsItLacks() {
        String current = xstream().toXML(recordedBuild());
        // As an earlier version wrote it: no token, lineage or registrant yet.
        String older = current.replaceAll("(?s)\\s*<clientToken>.*?</clientToken>", "")
                .replaceAll("(?s)\\s*<lineage>.*?</lineage>", "")
                .replaceAll("(?s)\\s*<registeredBy>.*?</registeredBy>", "");
        assertFalse(older.contains("clientToken") || older.contains("<lineage>") || older.contains("registeredBy"), older);

        RegistryGateAction loaded = (RegistryGateAction) xstream().fromXML(older);

        RegistrationRecord r = loaded.registrationRecords().get(0);
        assertEquals(ARN, r.getModelPackageArn());
        assertEquals(7, r.getVersion());
        assertEquals("", r.getClientToken());
        assertEquals(List.of(), r.getLineage());
        assertEquals("", r.getRegisteredBy());
        assertEquals(AT, r.getAt());
        assertEquals("", loaded.getRegistrations().get(0).get("registeredBy"), "the REST API shows it");
        loaded.addRegistration(new RegistrationRecord(ARN, "churn-model", 7, "PendingManualApproval", true, "mrg-abc",
                List.of(), "dave", AT)); // compares tokens with the loaded record
        assertEquals(2, loaded.registrationRecords().size());
    }
}
