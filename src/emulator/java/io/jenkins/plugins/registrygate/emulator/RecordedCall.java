package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.time.Instant;

/**
 * One HTTP request the emulator received (each SDK retry is a call of its own), in order of completion.
 *
 * @param operation     the operation the request names (its {@code X-Amz-Target} without the service's prefix, its
 *                      query {@code Action}, or the operation its REST binding matches; "" when it names none)
 * @param requestBody   the request body as sent (JSON, a query-protocol form, XML or an object's bytes)
 * @param httpStatus    the status answered, or 0 when the connection was dropped
 * @param errorCode     the error code answered (as the service words it), "" on success or a dropped connection
 * @param requestId     the request id answered ({@code x-amzn-RequestId}, {@code x-amz-request-id})
 * @param at            when the request arrived (the emulator's clock)
 * @param accessKeyId   the access key id of the SigV4 {@code Authorization} header, "" when unsigned
 * @param invocationId  the SDK's {@code amz-sdk-invocation-id} (the same on every retry of one SDK call), "" if absent
 * @param fault         labels of the injected faults that acted on this call, comma-separated, "" if none
 * @param responseBody  the response body sent ("" for none or a dropped connection)
 * @param service       the signing name of the service that served it ({@code sagemaker}, {@code s3}, …)
 */
public record RecordedCall(String operation, String requestBody, int httpStatus, String errorCode, String requestId,
                           Instant at, String accessKeyId, String invocationId, String fault, String responseBody,
                           String service) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request body as a JSON tree ({@link MissingNode} when it is not JSON). */
    public JsonNode request() {
        return parse(requestBody);
    }

    /** The response body as a JSON tree ({@link MissingNode} when empty or not JSON). */
    public JsonNode response() {
        return parse(responseBody);
    }

    /**
     * The request body as query-protocol parameters ({@code Action=AssumeRole&RoleArn=…}), each name with its first
     * value; empty when the body is no form.
     */
    public java.util.Map<String, String> form() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (requestBody != null && !requestBody.isEmpty() && !requestBody.startsWith("{")) {
            WireRequest.parseForm(requestBody).forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        }
        return out;
    }

    /** Whether the answer was a success (2xx). */
    public boolean succeeded() {
        return httpStatus >= 200 && httpStatus < 300;
    }

    public boolean connectionDropped() {
        return httpStatus == 0;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
