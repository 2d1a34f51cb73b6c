package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS JSON 1.1 envelope, seen with a plain HTTP client. */
class WireProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SageMakerEmulator emu;

    @BeforeEach
    void start() {
        emu = SageMakerEmulator.start(new MutableClock(EmulatorTestSupport.T0));
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void successAnswersJson11WithARequestId() throws Exception {
        HttpResponse<String> r = post("SageMaker.CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");

        assertEquals(200, r.statusCode());
        assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").orElseThrow());
        UUID.fromString(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn",
                json(r).get("ModelPackageGroupArn").asText());
    }

    @Test
    void errorsCarryErrorTypeHeaderAndTypedBody() throws Exception {
        HttpResponse<String> r = post("SageMaker.CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"bad_name!\"}");

        assertEquals(400, r.statusCode());
        assertEquals("ValidationException", r.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
        assertEquals("ValidationException", json(r).get("__type").asText());
        assertTrue(json(r).get("Message").asText().startsWith("1 validation error detected: "));
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void unknownTargetIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = post("SageMaker.LaunchRocket", "{}");

        assertEquals(400, r.statusCode());
        assertEquals("UnknownOperationException", r.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void missingTargetIsUnknownOperationException() throws Exception {
        assertEquals("UnknownOperationException", json(post(null, "{}")).get("__type").asText());
    }

    @Test
    void modelledButUnemulatedOperationSaysSo() throws Exception {
        HttpResponse<String> r = post("SageMaker.CreateTrainingJob", "{}");

        assertEquals("UnknownOperationException", json(r).get("__type").asText());
        assertTrue(json(r).get("Message").asText().contains("not implemented by the emulator"));
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        HttpResponse<String> r = post("SageMaker.ListModelPackageGroups", "{not json");

        assertEquals(400, r.statusCode());
        assertEquals("SerializationException", json(r).get("__type").asText());
    }

    @Test
    void wrongJsonTypeIsSerializationException() throws Exception {
        HttpResponse<String> r = post("SageMaker.ListModelPackageGroups", "{\"MaxResults\":\"ten\"}");

        assertEquals("SerializationException", json(r).get("__type").asText());
    }

    @Test
    void unknownMembersAreIgnored() throws Exception {
        HttpResponse<String> r = post("SageMaker.CreateModelPackageGroup",
                "{\"ModelPackageGroupName\":\"churn\",\"FutureMember\":{\"x\":1}}");

        assertEquals(200, r.statusCode());
    }

    @Test
    void timestampsAreEpochSecondNumbers() throws Exception {
        post("SageMaker.CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");

        JsonNode d = json(post("SageMaker.DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}"));

        assertTrue(d.get("CreationTime").isNumber());
        assertEquals(EmulatorTestSupport.T0.getEpochSecond(), d.get("CreationTime").asLong());
    }

    @Test
    void requestTimestampsAreReadAsEpochSeconds() throws Exception {
        post("SageMaker.CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");
        long t0 = EmulatorTestSupport.T0.getEpochSecond();

        assertEquals(1, json(post("SageMaker.ListModelPackageGroups", "{\"CreationTimeAfter\":" + (t0 - 0.5) + "}"))
                .get("ModelPackageGroupSummaryList").size());
        assertEquals(0, json(post("SageMaker.ListModelPackageGroups", "{\"CreationTimeAfter\":" + t0 + "}"))
                .get("ModelPackageGroupSummaryList").size());
    }

    @Test
    void operationWithoutOutputAnswersAnEmptyBody() throws Exception {
        post("SageMaker.CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");

        HttpResponse<String> r = post("SageMaker.DeleteModelPackageGroup", "{\"ModelPackageGroupName\":\"churn\"}");

        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void emptyBodyCountsAsEmptyObject() throws Exception {
        assertEquals(200, post("SageMaker.ListModelPackageGroups", "").statusCode());
    }

    @Test
    void getIsNotAnOperation() throws Exception {
        // Signed for SageMaker: an unsigned GET / would be S3's (ListBuckets), which shares the port.
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/")).GET()
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=EMULATORACCESSKEY/20260105/us-east-1/sagemaker/"
                        + "aws4_request, SignedHeaders=host, Signature=0").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, r.statusCode());
        assertEquals("UnknownOperationException", r.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
    }

    @Test
    void listensOnLoopbackOnly() {
        // The address the server socket is bound to, not the URL the emulator prints.
        assertTrue(emu.boundAddress().getAddress().isLoopbackAddress(), emu.boundAddress().toString());
        assertEquals(emu.boundAddress().getPort(), emu.endpoint().getPort());
        assertEquals(emu.boundAddress().getAddress().getHostAddress(), emu.endpoint().getHost());
    }
}
