package io.jenkins.plugins.registrygate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.registrygate.gates.CheckOutcome;
import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.GateCheckResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A deployment record and its gate checks read from a build.xml written before some of their fields existed: XStream
 * leaves an absent field null (no constructor runs), so each fills its defaults on load and no null reaches the build
 * page, the step's result or the REST API.
 */
class DeploymentRecordCompatibilityTest {

    static final Instant STARTED = Instant.parse("2026-03-15T10:00:00Z");
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/7";

    static XStream xstream() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        return x;
    }

    static DeploymentRecord deployed() {
        GateCheckResult card = new GateCheckResult(GateCheck.MODEL_CARD, CheckOutcome.FAILED, "the version has no model card")
                .waived("erin (churn-deploy #42)", "card in legal review, CAB-12");
        return new DeploymentRecord("d-1", "churn-prod", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-prod",
                "churn-model-v7-b42-cfg", "churn-model-v7-b42", ARN, "churn-model", 7, "churn-model-v6-b41-cfg",
                List.of("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/6"),
                List.of(new GateCheckResult(GateCheck.APPROVAL_STATUS, CheckOutcome.PASSED, "Approved"), card), "maria",
                STARTED, Optional.of(STARTED.plusSeconds(600)), "DEPLOYED", "churn-model/7 serves churn-prod",
                List.of("create model churn-model-v7-b42"), List.of("10:00:30 Updating"));
    }

    /** The current build.xml without the elements an older plugin did not write. */
    static String without(String xml, String... elements) {
        String older = xml;
        for (String e : elements) {
            older = older.replaceAll("(?s)\\s*<" + e + ">.*?</" + e + ">", "").replaceAll("\\s*<" + e + "/>", "");
        }
        for (String e : elements) {
            assertFalse(older.contains("<" + e + ">") || older.contains("<" + e + "/>"), older);
        }
        return older;
    }

    @Test
    void aRecordMissingAnyOtherFieldStillLoadsWithoutNulls() {
        // Not a field an older plugin lacked, but a hand-edited or truncated build.xml must not put a null on the page.
        String damaged = without(xstream().toXML(deployed()), "endpointName", "modelName", "modelPackageGroup");

        DeploymentRecord r = (DeploymentRecord) xstream().fromXML(damaged);

        assertEquals("", r.getEndpointName());
        assertEquals("", r.getModelName());
        assertEquals("", r.getModelPackageGroup());
        assertEquals(ARN, r.getModelPackageArn());
        r.toMap().forEach((k, v) -> assertNotNull(v, "the REST API's " + k));
    }

    @Test
    void aDeploymentRecordWithoutTheLaterFieldsLoadsWithEmptyDefaults() {
        String older = without(xstream().toXML(deployed()), "endpointArn", "previousEndpointConfigName", "previousModelPackageArns",
                "gate", "approvedBy", "message", "plan", "timeline");

        DeploymentRecord r = (DeploymentRecord) xstream().fromXML(older);

        assertEquals("", r.getEndpointArn());
        assertEquals("", r.getPreviousEndpointConfigName());
        assertEquals(List.of(), r.getPreviousModelPackageArns());
        assertEquals(List.of(), r.getGate());
        assertEquals("", r.getApprovedBy());
        assertEquals("", r.getMessage());
        assertEquals(List.of(), r.getPlan());
        assertEquals(List.of(), r.getTimeline());
        // What the older file did hold is kept.
        assertEquals("d-1", r.getId());
        assertEquals("churn-prod", r.getEndpointName());
        assertEquals(ARN, r.getModelPackageArn());
        assertEquals(7, r.getModelPackageVersion());
        assertEquals("DEPLOYED", r.getOutcome());
        assertEquals(STARTED, r.getStartedAt());
        assertEquals(Optional.of(STARTED.plusSeconds(600)), r.getEndedAt());
        Map<String, Object> exported = r.toMap();
        exported.forEach((k, v) -> assertNotNull(v, "the REST API's " + k));
        assertEquals("", exported.get("approvedBy"));
        assertEquals(List.of(), exported.get("gate"));
    }

    @Test
    void aDeploymentRecordMissingOnlyOneLaterListStillLoadsItAsEmpty() {
        // Any one absent field is enough for the defaults: here the timeline alone, everything else present.
        DeploymentRecord r = (DeploymentRecord) xstream().fromXML(without(xstream().toXML(deployed()), "timeline"));

        assertEquals(List.of(), r.getTimeline());
        assertEquals(2, r.getGate().size());
        assertEquals("maria", r.getApprovedBy());
        assertEquals(List.of("create model churn-model-v7-b42"), r.getPlan());
    }

    @Test
    void aGateCheckRecordedBeforeWaiversExistedLoadsWithEmptyWaiverFields() {
        String older = without(xstream().toXML(new GateCheckResult(GateCheck.IMAGE, CheckOutcome.PASSED, "churn-serve sha256:4f")),
                "waivedBy", "waiverReason");

        GateCheckResult g = (GateCheckResult) xstream().fromXML(older);

        assertEquals(GateCheck.IMAGE, g.getCheck());
        assertEquals(CheckOutcome.PASSED, g.getOutcome());
        assertEquals("churn-serve sha256:4f", g.getDetail());
        assertEquals("", g.getWaivedBy());
        assertEquals("", g.getWaiverReason());
        assertEquals("image: passed: churn-serve sha256:4f", g.summary());
    }

    @Test
    void aGateCheckWithoutADetailLoadsWithAnEmptyOne() {
        String older = without(xstream().toXML(new GateCheckResult(GateCheck.ALARMS, CheckOutcome.NOT_APPLICABLE, "no alarms given")),
                "detail");

        GateCheckResult g = (GateCheckResult) xstream().fromXML(older);

        assertEquals("", g.getDetail());
        assertEquals("alarms: not applicable", g.summary());
        assertEquals("", g.toMap().get("detail"));
    }
}
