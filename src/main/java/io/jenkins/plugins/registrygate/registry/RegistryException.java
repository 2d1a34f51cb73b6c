package io.jenkins.plugins.registrygate.registry;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** A SageMaker call that failed, reported with the operation, the AWS error code, message and request id. */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String errorCode;
    private final String requestId;
    private final String awsMessage;
    private final int httpStatus;

    public RegistryException(String operation, String errorCode, String awsMessage, String requestId, int httpStatus, Throwable cause) {
        super(format(operation, errorCode, awsMessage, requestId), cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.awsMessage = awsMessage;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
    }

    /** Wraps what the SDK threw for {@code operation}, keeping the service's own code and request id. */
    public static RegistryException of(String operation, SdkException e) {
        if (e instanceof AwsServiceException ase) {
            var details = ase.awsErrorDetails();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "HTTP" + ase.statusCode();
            String message = details != null && details.errorMessage() != null ? details.errorMessage() : String.valueOf(ase.getMessage());
            return new RegistryException(operation, code, message, nullToEmpty(ase.requestId()), ase.statusCode(), e);
        }
        // No answer from the service (connection refused or dropped, retries exhausted, bad credentials chain).
        return new RegistryException(operation, "ClientError", String.valueOf(e.getMessage()), "", 0, e);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String format(String operation, String code, String message, String requestId) {
        return "SageMaker " + operation + " failed: " + code + ": " + message
                + (requestId == null || requestId.isEmpty() ? " (no request id: the service did not answer)" : " (request id " + requestId + ")");
    }

    public String operation() {
        return operation;
    }

    public String errorCode() {
        return errorCode;
    }

    public String awsMessage() {
        return awsMessage;
    }

    public String requestId() {
        return requestId;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True for the codes the SDK itself treats as throttling; the watcher slows down on them. */
    public boolean isThrottling() {
        return switch (errorCode) {
            case "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
                    "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
                    "BandwidthLimitExceeded", "RequestThrottled", "SlowDown" -> true;
            default -> false;
        };
    }

    /**
     * Worth retrying later: throttling, a server-side error, or no answer at all. Not-found, validation and
     * authorization errors are not: retrying cannot change them.
     */
    public boolean isTransient() {
        return isThrottling() || httpStatus >= 500 || "ClientError".equals(errorCode)
                || "RequestTimeout".equals(errorCode) || "RequestTimeoutException".equals(errorCode)
                || "InternalFailure".equals(errorCode) || "ServiceUnavailable".equals(errorCode);
    }

    /** SageMaker's registry says "does not exist" with a ValidationException rather than a modelled not-found. */
    public boolean isNotFound() {
        return "ResourceNotFound".equals(errorCode)
                || ("ValidationException".equals(errorCode) && awsMessage.contains("does not exist"));
    }

    /** The answer to creating a model package group whose name is taken. */
    public boolean isGroupAlreadyExists() {
        return "ValidationException".equals(errorCode) && awsMessage.contains("already exists");
    }
}
