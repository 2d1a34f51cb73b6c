package io.jenkins.plugins.registrygate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.events.EventRefusal.Reason;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the plugin takes as a registry event, and what it refuses, before anything happens. */
class EventParserTest {

    static final Instant T = Instant.parse("2026-03-15T09:00:00Z");
    static final String ARN = EventSamples.arn("churn-model", 7);

    static Reason refusal(String body) {
        return assertThrows(EventRefusal.class, () -> EventParser.parse(body)).reason();
    }

    @Test
    void aModelPackageStateChangeNamesItsVersionAndTheStatusItClaims() throws Exception {
        RegistryEvent e = EventParser.parse(EventSamples.packageStateChange("e-1", T, ARN, "Approved"));

        assertEquals(RegistryEvent.Kind.MODEL_PACKAGE_STATE_CHANGE, e.kind());
        assertEquals("e-1", e.id());
        assertEquals(T, e.time());
        assertEquals(List.of(new ModelPackageRef(ARN, "churn-model", 7, "Approved")), e.packages());
    }

    @Test
    void theAwsDocumentationExampleIsTaken() throws Exception {
        // The 2021 example of the SageMaker developer guide, with its source as a string (the doc repeats it as an array).
        String doc = "{\"version\":\"0\",\"id\":\"844e2571-85d4-695f-b930-0153b71dcb42\",\"detail-type\":\"SageMaker Model Package State Change\","
                + "\"source\":\"aws.sagemaker\",\"account\":\"123456789012\",\"time\":\"2021-02-24T17:00:14Z\",\"region\":\"us-east-2\","
                + "\"resources\":[\"arn:aws:sagemaker:us-east-2:123456789012:model-package/versionedmp-p-idy6c3e1fiqj/2\"],"
                + "\"detail\":{\"ModelPackageGroupName\":\"versionedmp-p-idy6c3e1fiqj\",\"ModelPackageVersion\":2,"
                + "\"ModelPackageArn\":\"arn:aws:sagemaker:us-east-2:123456789012:model-package/versionedmp-p-idy6c3e1fiqj/2\","
                + "\"CreationTime\":\"2021-02-24T17:00:14Z\",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"Rejected\","
                + "\"CertifyForMarketplace\":false,\"LastModifiedTime\":\"2021-02-24T17:00:14Z\"}}";

        RegistryEvent e = EventParser.parse(doc);

        assertEquals("versionedmp-p-idy6c3e1fiqj", e.packages().get(0).group());
        assertEquals("Rejected", e.packages().get(0).approvalStatus());
        assertEquals(Instant.parse("2021-02-24T17:00:14Z"), e.time());
    }

    @Test
    void theTimeMayBeEpochMillisecondsAsANumber() throws Exception {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"time\":\"" + T + "\"", "\"time\":" + T.toEpochMilli());

        assertEquals(T, EventParser.parse(body).time());
    }

    @Test
    void theTimeMayBeEpochMillisecondsWithAFraction() throws Exception {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"time\":\"" + T + "\"", "\"time\":" + T.toEpochMilli() + ".0");

        assertEquals(T, EventParser.parse(body).time());
    }

    @Test
    void theTimeMayBeEpochMillisecondsAsAString() throws Exception {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"time\":\"" + T + "\"", "\"time\":\"" + T.toEpochMilli() + "\"");

        assertEquals(T, EventParser.parse(body).time());
    }

    @Test
    void theTimeMayCarryAnOffset() throws Exception {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"time\":\"" + T + "\"", "\"time\":\"2026-03-15T10:00:00+01:00\"");

        assertEquals(T, EventParser.parse(body).time());
    }

    @Test
    void aTimeThatIsNeitherIsoNorMillisecondsIsMalformed() {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"time\":\"" + T + "\"", "\"time\":\"yesterday\"");

        assertEquals(Reason.MALFORMED, refusal(body));
    }

    @Test
    void withoutDetailModelPackageArnTheVersionComesFromResources() throws Exception {
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace(",\"ModelPackageArn\":\"" + ARN + "\"", "");

        assertEquals(ARN, EventParser.parse(body).packages().get(0).arn());
    }

    @Test
    void aScheduledEventIsAHeartbeatNamingNoVersion() throws Exception {
        RegistryEvent e = EventParser.parse(EventSamples.heartbeat("h-1", T));

        assertEquals(RegistryEvent.Kind.HEARTBEAT, e.kind());
        assertEquals(List.of(), e.packages());
    }

    @Test
    void aModelCardEventNamesTheVersionsItsDetailMentions() throws Exception {
        String body = "{\"id\":\"c-1\",\"detail-type\":\"SageMaker Model Card State Change\",\"source\":\"aws.sagemaker\","
                + "\"time\":\"" + T + "\",\"detail\":{\"ModelCardName\":\"churn-card\",\"ModelCardStatus\":\"Approved\","
                + "\"ModelCardContent\":\"{\\\"model_overview\\\":{\\\"model_id\\\":\\\"" + ARN + "\\\"}}\"}}";

        RegistryEvent e = EventParser.parse(body);

        assertEquals(RegistryEvent.Kind.MODEL_CARD_STATE_CHANGE, e.kind());
        assertEquals(List.of(ARN), e.packages().stream().map(ModelPackageRef::arn).toList());
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal("approve everything"));
    }

    @Test
    void aJsonArrayIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal("[" + EventSamples.packageStateChange("e-1", T, ARN, "Approved") + "]"));
    }

    @Test
    void anEventWithoutAnIdIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"id\":\"e-1\",", "")));
    }

    @Test
    void anIdWithControlCharactersIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal(EventSamples.packageStateChange("e-1\\n[INFO] approved", T, ARN, "Approved")));
    }

    @Test
    void anotherSourceIsUnexpected() {
        assertEquals(Reason.UNEXPECTED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"source\":\"aws.sagemaker\"", "\"source\":\"my.app\"")));
    }

    @Test
    void anotherSageMakerDetailTypeIsUnexpected() {
        assertEquals(Reason.UNEXPECTED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("SageMaker Model Package State Change", "SageMaker Endpoint State Change")));
    }

    @Test
    void anUnversionedModelPackageIsUnexpected() {
        String unversioned = "arn:aws:sagemaker:us-east-1:123456789012:model-package/marketplace-model";
        String body = EventSamples.packageStateChange("e-1", T, ARN, "Approved").replace(ARN, unversioned)
                .replace("\"ModelPackageGroupName\":\"churn-model\",\"ModelPackageVersion\":7,", "");

        assertEquals(Reason.UNEXPECTED, refusal(body));
    }

    @Test
    void aGroupThatContradictsTheArnIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"ModelPackageGroupName\":\"churn-model\"", "\"ModelPackageGroupName\":\"fraud-model\"")));
    }

    @Test
    void aVersionThatContradictsTheArnIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"ModelPackageVersion\":7", "\"ModelPackageVersion\":8")));
    }

    @Test
    void aVersionInAnotherRegionThanTheEventIsMalformed() {
        assertEquals(Reason.MALFORMED, refusal(EventSamples.packageStateChange("e-1", T, ARN, "Approved")
                .replace("\"region\":\"us-east-1\"", "\"region\":\"eu-west-1\"")));
    }

    @Test
    void aBodyOverEventBridgesMaximumEventSizeIsTooLarge() {
        byte[] big = new byte[EventParser.MAX_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        byte[] event = EventSamples.packageStateChange("e-1", T, ARN, "Approved").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(event, 0, big, 0, event.length);

        assertEquals(Reason.TOO_LARGE, assertThrows(EventRefusal.class, () -> EventParser.parse(big)).reason());
    }

    @Test
    void aBodyOfExactlyTheMaximumSizeIsTaken() throws Exception {
        byte[] max = new byte[EventParser.MAX_BYTES];
        Arrays.fill(max, (byte) ' ');
        byte[] event = EventSamples.packageStateChange("e-1", T, ARN, "Approved").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(event, 0, max, 0, event.length);

        assertEquals("e-1", EventParser.parse(max).id());
    }

    @Test
    void refusalsDoNotEchoTheBody() {
        EventRefusal r = assertThrows(EventRefusal.class, () -> EventParser.parse("{\"password\":\"hunter2\""));

        assertFalse(r.getMessage().contains("hunter2"), r.getMessage());
        assertTrue(r.getMessage().contains("not JSON"), r.getMessage());
    }
}
