package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One emulated AWS service, with no knowledge of HTTP: its official model, and a handler per operation it
 * implements. {@link #invoke} validates every request against the operation's input shape before any handler sees it,
 * and runs handlers one at a time under the service's lock, so concurrent callers see a serial order.
 *
 * <p>The front ({@link SageMakerEmulator}) routes a request to a service by its SigV4 signing name and turns the
 * service's wire protocol into calls of {@link #invoke}.
 */
public abstract class ModelledService {

    /** What one operation does with a validated request; {@code null} for an operation without output. */
    @FunctionalInterface
    protected interface Handler {
        ObjectNode apply(Caller caller, ObjectNode request);
    }

    private final ServiceModel model;
    private final ShapeValidator validator;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    /** Held while a handler runs; subclasses that share state with another service may pass a common lock. */
    protected final Object lock;

    protected ModelledService(ServiceModel model) {
        this(model, new Object());
    }

    protected ModelledService(ServiceModel model, Object lock) {
        this.model = Objects.requireNonNull(model, "model");
        this.validator = new ShapeValidator(model);
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Registers the handler of a modelled operation. */
    protected final void on(String operation, Handler handler) {
        if (model.operation(operation) == null) {
            throw new IllegalStateException("The " + model.signingName() + " model has no operation " + operation);
        }
        handlers.put(operation, handler);
    }

    public final ServiceModel model() {
        return model;
    }

    public final ShapeValidator validator() {
        return validator;
    }

    /** The SigV4 signing name requests for this service carry. */
    public String signingName() {
        return model.signingName();
    }

    /**
     * The IAM action an operation needs, for {@link Identities#deny}: {@code <prefix>:<Operation>} by default, with the
     * prefix IAM uses for the service (which is not always the signing name: CloudWatch signs as {@code monitoring}).
     * "" for an operation that needs no permission (STS {@code GetCallerIdentity}).
     */
    public String iamAction(String operation) {
        return model.signingName() + ":" + operation;
    }

    /**
     * The ARN of the resource a request acts on, as IAM policies name it, for {@link Identities#deny(Principal, String,
     * String)} and the access-denied message; {@code "*"} by default. {@code input} is the request as read off the
     * wire, not validated yet.
     */
    public String resourceArn(String operation, JsonNode input) {
        return "*";
    }

    /** The error this service answers when IAM does not allow the action (each service words it its own way). */
    public ServiceError accessDenied(Caller caller, String action, String resource) {
        return new ServiceError(400, ServiceError.ACCESS_DENIED, "User: " + caller.principal().arn()
                + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action");
    }

    /**
     * Refuses the call with {@link #accessDenied} when the caller may not perform the action on this resource, for
     * the checks only the service can make (the front checks every operation's action on every resource first).
     */
    protected final void requireAllowed(Identities identities, Caller caller, String action, String resourceArn) {
        if (identities.isDenied(caller.principal(), action, resourceArn)) {
            throw accessDenied(caller, action, resourceArn);
        }
    }

    /**
     * The error as this service puts it on the wire. The front passes every error through here: the validator's
     * {@code ValidationException}s and {@code SerializationException}s, unknown operations and unrecognized access
     * keys, and the throttling, 500 and 503 answers of the {@link FaultInjector}, all of which carry the codes of the
     * AWS JSON services. Services whose API words them otherwise (the query services' {@code ValidationError} and
     * {@code Throttling}, S3's {@code SlowDown}) translate them; the default keeps them.
     */
    public ServiceError translate(ServiceError error) {
        return error;
    }

    /** An error the model defines, with its modelled code and HTTP status. */
    protected final ServiceError modelled(String errorShape, String message) {
        return model.error(errorShape, message);
    }

    /** Operations this service implements. */
    public final Set<String> supportedOperations() {
        return Collections.unmodifiableSet(handlers.keySet());
    }

    /**
     * Runs one operation: validates the request against the operation's input shape, then applies it.
     *
     * @return the output document, or {@code null} for an operation without output shape
     * @throws ServiceError the service's error answer
     */
    public final ObjectNode invoke(String operation, Caller caller, JsonNode request) {
        Handler h = handlers.get(operation);
        ServiceModel.Operation op = model.operation(operation);
        if (h == null || op == null) {
            throw ServiceError.unknownOperation(op == null
                    ? "Operation " + operation + " is not part of the " + model.signingName() + " API."
                    : "Operation " + operation + " is not implemented by the emulator.");
        }
        ObjectNode validated = validator.checkRequest(op, request);
        synchronized (lock) {
            ObjectNode out = h.apply(caller, validated);
            return op.outputShape() == null ? null : out;
        }
    }
}
