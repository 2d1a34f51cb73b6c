package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one AWS protocol puts a service's operations on HTTP (AWS JSON 1.0/1.1, the query protocol, REST-XML): it reads
 * the operation and its input document out of a request and writes the output document or an error back. The
 * documents are Jackson trees shaped like the model's input and output shapes, whatever the wire format, with the
 * values AWS JSON gives them (timestamps as epoch seconds; see {@link WireValues}).
 */
public interface WireProtocol {

    /** An operation and its input, read off the wire (not validated yet). */
    record Call(String operation, JsonNode input) {}

    /**
     * Whether the request is in this protocol, for a service that speaks several (CloudWatch: the query protocol to
     * AWS SDK for Java v2, AWS JSON 1.0 to botocore). The front asks a service's protocols in order and takes the
     * first that recognises the request, else the first.
     */
    default boolean recognises(WireRequest request) {
        return true;
    }

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
