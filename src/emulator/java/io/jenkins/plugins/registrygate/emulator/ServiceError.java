package io.jenkins.plugins.registrygate.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error an emulated service answers with: the AWS error code, a message and an HTTP status. Backends throw it; the
 * wire protocol of the service writes it as that protocol does ({@code X-Amzn-ErrorType} and
 * {@code {"__type":…,"Message":…}} for AWS JSON, an {@code <ErrorResponse>} document for the query protocol, an
 * {@code <Error>} document for S3).
 */
public final class ServiceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String VALIDATION = "ValidationException";
    public static final String SERIALIZATION = "SerializationException";
    public static final String CONFLICT = "ConflictException";
    public static final String THROTTLING = "ThrottlingException";
    public static final String INTERNAL_FAILURE = "InternalFailure";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String UNKNOWN_OPERATION = "UnknownOperationException";
    public static final String ACCESS_DENIED = "AccessDeniedException";
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

    private final String errorCode;
    private final int httpStatus;
    private final Map<String, String> details = new LinkedHashMap<>();
    /** The code of the service's former query protocol, when it differs from {@link #errorCode} (SQS). */
    private String queryCode;

    public ServiceError(int httpStatus, String errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /**
     * Adds a detail some protocols put next to the code and message (S3's error document carries, for example,
     * {@code <Key>}, {@code <BucketName>} or {@code <Resource>}); others ignore it.
     */
    public ServiceError with(String name, String value) {
        details.put(name, value);
        return this;
    }

    /** The details added with {@link #with}, in order. */
    public Map<String, String> details() {
        return Collections.unmodifiableMap(details);
    }

    /** The same error with another code, status and message, keeping the details (a service's own wording). */
    public ServiceError reworded(int status, String code, String message) {
        ServiceError e = new ServiceError(status, code, message);
        e.details.putAll(details);
        return e;
    }

    public static ServiceError validation(String message) {
        return new ServiceError(400, VALIDATION, message);
    }

    public static ServiceError serialization(String message) {
        return new ServiceError(400, SERIALIZATION, message);
    }

    public static ServiceError conflict(String message) {
        return new ServiceError(400, CONFLICT, message);
    }

    public static ServiceError unknownOperation(String message) {
        return new ServiceError(400, UNKNOWN_OPERATION, message);
    }

    /** A modelled or service-specific error with HTTP 400 (what AWS uses for client faults). */
    public static ServiceError of(String code, String message) {
        return new ServiceError(400, code, message);
    }

    public String errorCode() {
        return errorCode;
    }

    /**
     * The code a service that moved from the query protocol to AWS JSON ({@code awsQueryCompatible}, SQS) still puts
     * in its {@code x-amzn-query-error} header, where it differs from the error type (SQS's
     * {@code QueueDoesNotExist} is {@code AWS.SimpleQueueService.NonExistentQueue} there).
     */
    public ServiceError withQueryCode(String code) {
        this.queryCode = code;
        return this;
    }

    /** The query-protocol code: the one given to {@link #withQueryCode}, else the error code. */
    public String queryCode() {
        return queryCode == null ? errorCode : queryCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** {@code Sender} for client faults, {@code Receiver} for server faults (the query protocol's error type). */
    public String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }
}
