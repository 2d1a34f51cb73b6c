package io.jenkins.plugins.registrygate.emulator;

/**
 * An error the emulated service answers with: an AWS error code, a message and an HTTP status. The backend throws it;
 * the front turns it into {@code X-Amzn-ErrorType} and {@code {"__type":...,"Message":...}}.
 */
public final class SageMakerServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String VALIDATION = "ValidationException";
    public static final String SERIALIZATION = "SerializationException";
    public static final String CONFLICT = "ConflictException";
    public static final String THROTTLING = "ThrottlingException";
    public static final String INTERNAL_FAILURE = "InternalFailure";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String UNKNOWN_OPERATION = "UnknownOperationException";

    private final String errorCode;
    private final int httpStatus;

    public SageMakerServiceException(int httpStatus, String errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public static SageMakerServiceException validation(String message) {
        return new SageMakerServiceException(400, VALIDATION, message);
    }

    public static SageMakerServiceException serialization(String message) {
        return new SageMakerServiceException(400, SERIALIZATION, message);
    }

    public static SageMakerServiceException conflict(String message) {
        return new SageMakerServiceException(400, CONFLICT, message);
    }

    public static SageMakerServiceException unknownOperation(String message) {
        return new SageMakerServiceException(400, UNKNOWN_OPERATION, message);
    }

    public String errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
