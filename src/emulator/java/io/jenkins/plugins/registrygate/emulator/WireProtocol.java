package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one AWS protocol puts a service's operations on HTTP (AWS JSON 1.0/1.1, the query protocol, REST-XML): it reads
 * the operation and its input document out of a request and writes the output document or an error back. The
 * documents are Jackson trees shaped like the model's input and output shapes, whatever the wire format.
 */
public interface WireProtocol {

    /** An operation and its input, read off the wire (not validated yet). */
    record Call(String operation, JsonNode input) {}

    /**
     * The operation this request names, if the protocol can tell it cheaply (for routing and fault rules), before
     * the body is decoded.
     */
    String operationOf(WireRequest request);

    /** Decodes the request; throws a {@link ServiceError} (for example a serialization error) when it is malformed. */
    Call read(WireRequest request);

    /** The successful answer; {@code output} is {@code null} for an operation without output shape. */
    WireAnswer write(String operation, ObjectNode output, String requestId);

    WireAnswer writeError(ServiceError error, String requestId);
}
