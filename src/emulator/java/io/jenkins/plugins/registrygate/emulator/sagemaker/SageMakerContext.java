package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.Neighbours;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What every SageMaker resource family shares: the service model, the region and account of the ARNs, the clock, the
 * other services it may look things up in ({@link Neighbours}), the one lock every operation runs under, and a
 * sequence that orders resources created within the same millisecond.
 */
public final class SageMakerContext {

    private final ServiceModel model;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Object lock;
    private volatile Neighbours neighbours = Neighbours.PERMISSIVE;
    private volatile boolean lowerCaseRegistryArns;
    private long sequence;

    public SageMakerContext(ServiceModel model, String region, String accountId, Clock clock, Object lock) {
        this.model = Objects.requireNonNull(model, "model");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lock = Objects.requireNonNull(lock, "lock");
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("An AWS account id has 12 digits: " + accountId);
        }
        if (!region.matches("[a-z0-9\\-]{9,16}")) {
            throw new IllegalArgumentException("The model's ARN patterns need a region of 9-16 of [a-z0-9-]: "
                    + region);
        }
    }

    public ServiceModel model() {
        return model;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Clock clock() {
        return clock;
    }

    /** The lock every operation of the service runs under; test hooks that change state take it too. */
    public Object lock() {
        return lock;
    }

    public Neighbours neighbours() {
        return neighbours;
    }

    public void neighbours(Neighbours n) {
        this.neighbours = Objects.requireNonNull(n, "neighbours");
    }

    /** Registry and model card ARNs with lower-cased names (hosting ARNs are always lower-cased). */
    public void lowerCaseRegistryArns(boolean lower) {
        this.lowerCaseRegistryArns = lower;
    }

    /** Now, to the millisecond (what the wire's epoch-second timestamps carry). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    long nextSequence() {
        synchronized (lock) {
            return ++sequence;
        }
    }

    /** {@code arn:aws:sagemaker:<region>:<account>:<type>/<resource>}, the resource as given. */
    String arn(String type, String resource) {
        return "arn:aws:sagemaker:" + region + ":" + accountId + ":" + type + "/" + resource;
    }

    /** The ARN of a registry or model card resource: the name keeps its case unless lower-cased ARNs are on. */
    String registryArn(String type, String name) {
        return arn(type, lowerCaseRegistryArns ? Members.key(name) : name);
    }

    /** The ARN of a model, endpoint configuration or endpoint: hosting ARNs carry the name lower-cased. */
    String hostingArn(String type, String name) {
        return arn(type, Members.key(name));
    }

    /** {@code CreatedBy}/{@code LastModifiedBy}: the caller's IAM identity as AWS reports it. */
    static ObjectNode userContext(Caller caller) {
        ObjectNode uc = Members.NODES.objectNode();
        uc.putObject("IamIdentity")
                .put("Arn", caller.principal().arn())
                .put("PrincipalId", caller.principal().principalId());
        return uc;
    }
}
