package io.jenkins.plugins.registrygate.registry;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A SageMaker call that failed, reported with the operation, the AWS error code, message and request id; or a call
 * that was never made because its credentials could not be loaded or the administrator's rules refuse the
 * connection. {@link #isTransient()} says whether retrying later can help.
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A credentials id that no AWS credential visible to the build has. */
    public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";
    /** Credentials that could not be loaded without an AWS answer to say why (no keys, empty SDK chain). */
    public static final String CREDENTIALS_UNAVAILABLE = "CredentialsUnavailable";
    /** The administrator's rules refuse the connection (controller credentials, role or endpoint allow-lists). */
    public static final String REFUSED_BY_POLICY = "NotAllowedByAdministrator";
    /** The plugin's own rate limit refused to queue the call. */
    public static final String CALL_RATE_EXCEEDED = "CallRateExceeded";

    private enum Kind { CALL, CREDENTIALS, POLICY }

    private final String operation;
    private final String errorCode;
    private final String requestId;
    private final String awsMessage;
    private final int httpStatus;
    private final Kind kind;
    /** For credentials failures only: the answer came from STS and says "later" (throttling, 5xx), or none came. */
    private final boolean transientCredentialsFailure;

    public RegistryException(String operation, String errorCode, String awsMessage, String requestId, int httpStatus, Throwable cause) {
        this(format(operation, errorCode, awsMessage, requestId), operation, errorCode, awsMessage, requestId, httpStatus,
                Kind.CALL, false, cause);
    }

    private RegistryException(String message, String operation, String errorCode, String awsMessage, String requestId,
                              int httpStatus, Kind kind, boolean transientCredentialsFailure, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.awsMessage = awsMessage;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
        this.kind = kind;
        this.transientCredentialsFailure = transientCredentialsFailure;
    }

    /** Makes one SageMaker call; what the SDK throws comes out as a {@link RegistryException} for {@code operation}. */
    public static <T> T call(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw of(operation, e);
        }
    }

    /** Wraps what the SDK threw for {@code operation}, keeping the service's own code and request id. */
    public static RegistryException of(String operation, SdkException e) {
        CredentialsLoadException credentials = causeOfType(e, CredentialsLoadException.class);
        if (credentials != null) {
            return credentialsFailure(operation, credentials);
        }
        if (causeOfType(e, CallRateExceededException.class) != null) {
            return new RegistryException(operation, CALL_RATE_EXCEEDED, String.valueOf(e.getMessage()), "", 0, e);
        }
        if (e instanceof AwsServiceException ase) {
            var details = ase.awsErrorDetails();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "HTTP" + ase.statusCode();
            String message = details != null && details.errorMessage() != null ? details.errorMessage() : String.valueOf(ase.getMessage());
            return new RegistryException(operation, code, message, nullToEmpty(ase.requestId()), ase.statusCode(), e);
        }
        // No answer from the service (connection refused or dropped, retries exhausted, timeouts).
        return new RegistryException(operation, "ClientError", String.valueOf(e.getMessage()), "", 0, e);
    }

    /**
     * The credentials for {@code operation} could not be loaded. When STS answered (AssumeRole refused, expired or
     * invalid keys), its code and request id are kept. Retrying cannot help, unless STS was throttling, failing on its
     * side, or did not answer while the connection's role was being assumed.
     */
    static RegistryException credentialsFailure(String operation, CredentialsLoadException e) {
        AwsServiceException sts = causeOfType(e.getCause(), AwsServiceException.class);
        String message = "could not load the credentials (" + e.source() + "): ";
        if (sts != null) {
            var details = sts.awsErrorDetails();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "HTTP" + sts.statusCode();
            String said = details != null && details.errorMessage() != null ? details.errorMessage() : String.valueOf(sts.getMessage());
            boolean later = sts.isThrottlingException() || sts.statusCode() >= 500;
            return new RegistryException(format(operation, code, message + said, nullToEmpty(sts.requestId())), operation, code,
                    message + said, nullToEmpty(sts.requestId()), sts.statusCode(), Kind.CREDENTIALS, later, e);
        }
        String said = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        // Assuming the role without an answer from STS (unreachable, timed out) may work later; base credentials that
        // do not load (no keys, an empty SDK chain) will not.
        boolean unreachable = e.isRoleAssumption();
        return new RegistryException(format(operation, CREDENTIALS_UNAVAILABLE, message + said, ""), operation,
                CREDENTIALS_UNAVAILABLE, message + said, "", 0, Kind.CREDENTIALS, unreachable, e);
    }

    /**
     * What another AWS service (S3, ECR, IAM, CloudWatch, KMS…) threw for {@code operation}, classified the same way
     * and worded with that service's name.
     */
    public static RegistryException of(String service, String operation, SdkException e) {
        RegistryException r = of(operation, e);
        if (r.kind != Kind.CALL) {
            return r;
        }
        return new RegistryException(format(operation, r.errorCode, r.awsMessage, r.requestId).replaceFirst("^SageMaker ", service + " "),
                operation, r.errorCode, r.awsMessage, r.requestId, r.httpStatus, Kind.CALL, false, e);
    }

    /**
     * A failed call of another AWS service in the same words: the service, the operation, the error code, the message
     * and the request id.
     */
    public static String describe(String service, String operation, SdkException e) {
        return of(service, operation, e).getMessage();
    }

    /** No AWS credential with this id is visible to the build: nothing was called. */
    public static RegistryException credentialsNotFound(String credentialsId) {
        String message = "credentialsId: no AWS credentials with id '" + credentialsId
                + "' are visible to this build (Jenkins credentials of kind 'AWS Credentials')";
        return new RegistryException(message, "", CREDENTIALS_NOT_FOUND, message, "", 0, Kind.CREDENTIALS, false, null);
    }

    /** The administrator's rules refuse the connection: nothing was looked up, built or called. */
    public static RegistryException refusedByPolicy(String refusals) {
        return new RegistryException("Not allowed by the administrator: " + refusals, "", REFUSED_BY_POLICY, refusals, "", 0,
                Kind.POLICY, false, null);
    }

    private static <T extends Throwable> T causeOfType(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String format(String operation, String code, String message, String requestId) {
        return "SageMaker " + operation + " failed: " + code + ": " + message
                + (requestId == null || requestId.isEmpty() ? " (no request id: the service did not answer)" : " (request id " + requestId + ")");
    }

    /** The SageMaker operation, or empty when the failure came before any call (credentials id, administrator's rules). */
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

    /** The call's credentials could not be loaded (id not found, no keys, SDK chain empty, AssumeRole failed). */
    public boolean isCredentialsFailure() {
        return kind == Kind.CREDENTIALS;
    }

    /** The administrator's rules refuse the connection. */
    public boolean isRefusedByPolicy() {
        return kind == Kind.POLICY;
    }

    /**
     * True for the codes the SDK itself treats as throttling, and for the plugin's own rate limit; the watcher slows
     * down on them.
     */
    public boolean isThrottling() {
        return switch (errorCode) {
            case "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
                    "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
                    "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", CALL_RATE_EXCEEDED -> true;
            default -> false;
        };
    }

    /**
     * Worth retrying later: throttling, a server-side error, or no answer at all. Not-found, validation and
     * authorization errors are not: retrying cannot change them. Neither can credentials that do not load (unless
     * STS was throttling, failing or unreachable) nor a connection the administrator's rules refuse.
     */
    public boolean isTransient() {
        return switch (kind) {
            case POLICY -> false;
            case CREDENTIALS -> transientCredentialsFailure;
            case CALL -> isThrottling() || httpStatus >= 500 || "ClientError".equals(errorCode)
                    || "RequestTimeout".equals(errorCode) || "RequestTimeoutException".equals(errorCode)
                    || "InternalFailure".equals(errorCode) || "ServiceUnavailable".equals(errorCode);
        };
    }

    /** SageMaker's registry says "does not exist" with a ValidationException rather than a modelled not-found. */
    public boolean isNotFound() {
        return kind == Kind.CALL && ("ResourceNotFound".equals(errorCode)
                || ("ValidationException".equals(errorCode) && awsMessage.contains("does not exist")));
    }

    /** The answer to creating a model package group whose name is taken. */
    public boolean isGroupAlreadyExists() {
        return kind == Kind.CALL && "ValidationException".equals(errorCode) && awsMessage.contains("already exists");
    }
}
