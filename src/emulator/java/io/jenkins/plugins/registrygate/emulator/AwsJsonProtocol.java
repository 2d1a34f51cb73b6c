package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS JSON 1.0 and 1.1 (SageMaker, ECR, KMS, SQS): {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>} and
 * a JSON object body; answers carry {@code x-amzn-RequestId}; errors carry {@code X-Amzn-ErrorType: <Code>} and the
 * body {@code {"__type":"<Code>","Message":"…"}}; an operation without output answers 200 with an empty body.
 *
 * <p>A target outside the model, or a method other than POST, is answered with {@code UnknownOperationException}
 * (what Coral-based services answer for an unknown target); a body that is not JSON is a
 * {@code SerializationException}. Services marked {@code awsQueryCompatible} in their model (SQS) also send the
 * {@code x-amzn-query-error: <Code>;<Sender|Receiver>} header their query-protocol clients read, with the error's
 * query-protocol code ({@link ServiceError#queryCode()}), which the SDK reports as the exception's error code.
 */
public final class AwsJsonProtocol implements WireProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceModel model;
    private final String targetPrefix;
    private final String contentType;
    private final boolean queryCompatible;

    public AwsJsonProtocol(ServiceModel model) {
        this.model = model;
        this.targetPrefix = model.targetPrefix() + ".";
        this.contentType = "application/x-amz-json-" + (model.jsonVersion().isEmpty() ? "1.1" : model.jsonVersion());
        this.queryCompatible = model.isQueryCompatible();
    }

    /** A request with an {@code X-Amz-Target} header, or an AWS JSON content type. */
    @Override
    public boolean recognises(WireRequest request) {
        return !request.header("X-Amz-Target").isEmpty()
                || request.header("Content-Type").startsWith("application/x-amz-json");
    }

    @Override
    public String operationOf(WireRequest request) {
        String target = request.header("X-Amz-Target");
        return target.startsWith(targetPrefix) ? target.substring(targetPrefix.length()) : target;
    }

    @Override
    public Call read(WireRequest request) {
        String target = request.header("X-Amz-Target");
        String operation = operationOf(request);
        if (!"POST".equals(request.method()) || !target.startsWith(targetPrefix) || model.operation(operation) == null) {
            throw ServiceError.unknownOperation(target.isEmpty()
                    ? "Missing X-Amz-Target header (expected POST / with X-Amz-Target: " + targetPrefix + "<Operation>)."
                    : "Unknown operation " + target + ".");
        }
        String body = request.bodyText();
        try {
            JsonNode input = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            return new Call(operation, input);
        } catch (JsonProcessingException e) {
            throw ServiceError.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public WireAnswer write(String operation, ObjectNode output, String requestId) {
        return WireAnswer.of(200, contentType, output == null ? "" : output.toString())
                .withHeader("x-amzn-RequestId", requestId);
    }

    @Override
    public WireAnswer writeError(ServiceError error, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", error.errorCode());
        body.put("Message", error.getMessage());
        WireAnswer answer = WireAnswer.of(error.httpStatus(), contentType, body.toString())
                .withHeader("x-amzn-RequestId", requestId)
                .withHeader("X-Amzn-ErrorType", error.errorCode());
        return queryCompatible
                ? answer.withHeader("x-amzn-query-error", error.queryCode() + ";" + error.faultType())
                : answer;
    }
}
