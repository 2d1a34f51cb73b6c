package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.instant;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.key;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.lower;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.Neighbours;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Kind;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Phase;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Hosting's endpoints and their asynchronous status machine: {@code CreateEndpoint}, {@code UpdateEndpoint},
 * {@code DescribeEndpoint}, {@code ListEndpoints}, {@code DeleteEndpoint}.
 *
 * <p><b>Time.</b> No thread moves an endpoint: its state is computed from the emulator's clock whenever an operation
 * looks at it, so a test that owns the clock decides exactly when each transition happens. Each operation on an
 * endpoint is a {@link Rollout} of phases whose lengths come from {@link EndpointTimings} (what the service decides)
 * and from the request (bakes, termination wait, timeout; {@link DeploymentPolicy}).
 *
 * <p><b>States</b> (shared/sagemaker/README.md §4; model documentation of {@code EndpointStatus}):
 * <ul>
 *   <li>{@code Creating} → {@code InService}; or → {@code Failed} with a {@code FailureReason} when, at the end of
 *       the launch, the execution role, an image (ECR) or the model data (S3) does not exist ({@link Neighbours}):
 *       CreateModel succeeded, the endpoint fails later, as the real one does. The texts are the service's, from
 *       public reports: "Please make sure all images included in the model for the production variant … exist …",
 *       "Failed to download model data for container "container_N" from URL: "…". Please ensure …". Model data
 *       given as an {@code S3Prefix} data source is missing when no object is under the prefix (design choice: the
 *       wording follows the one for a URL).</li>
 *   <li>{@code Updating} → {@code InService} on the new configuration. While it lasts, {@code EndpointConfigName} and
 *       {@code ProductionVariants} are still the old fleet's and {@code PendingDeploymentSummary} shows the new one,
 *       with {@code VariantStatus} ({@code Creating}, {@code ActivatingTraffic}, {@code Baking}) and the weights of the
 *       traffic shift; {@code LastDeploymentConfig} echoes the update's {@code DeploymentConfig}.</li>
 *   <li>{@code Updating} → {@code RollingBack} → {@code InService} on the old configuration, with a
 *       {@code FailureReason}, when an alarm of {@code AutoRollbackConfiguration} is in ALARM during a bake, when
 *       {@code MaximumExecutionTimeoutInSeconds} runs out, or when the new fleet's artifacts are missing (a failed
 *       update leaves the endpoint in service on the old configuration with a failure reason, as public reports of
 *       the ACK controller and Terraform provider describe; the reason is cleared by the next update).</li>
 *   <li>{@code RollingBack} → {@code UpdateRollbackFailed} when a test made the endpoint's rollbacks fail
 *       ({@link #failRollbacks}); the endpoint then keeps serving the mix of both fleets, shown as the old fleet's
 *       variants and the new fleet's pending variants. {@code Failed} is reachable at any time with {@link #fail}.</li>
 *   <li>{@code Deleting} → gone ({@code DescribeEndpoint}: "Could not find endpoint", which the SDK's
 *       {@code EndpointDeleted} waiter takes as success).</li>
 * </ul>
 * {@code UpdateEndpoint} and {@code DeleteEndpoint} of an endpoint in {@code Creating}, {@code Updating},
 * {@code RollingBack} or {@code Deleting} are refused with the service's
 * {@code Cannot update in-progress endpoint "<arn>".}; {@code UpdateEndpoint} of a {@code Failed} endpoint with
 * {@code Cannot update failed endpoint "<arn>".} (only deletion is allowed, per the model documentation).
 *
 * <p><b>Alarms</b> are read only when the endpoint is looked at (no thread watches them). An alarm seen in ALARM is
 * taken to have fired at the earliest moment of a bake since the endpoint was last looked at, and the rollback starts
 * then; a test that moves the clock into a bake, sets the alarm and looks at the endpoint sees the rollback at once.
 *
 * <p>Other <b>design choices</b>:
 * <ul>
 *   <li>Endpoint names are unique regardless of case and keep their case; ARNs carry them lower-cased (field
 *       evidence). A name is taken until its endpoint is gone, also while it is {@code Deleting}.</li>
 *   <li>An update needs a configuration other than the one serving ("a new EndpointConfig is required for each
 *       update"): the same one is a {@code ValidationException}. {@code DeploymentConfig} together with
 *       {@code RetainDeploymentConfig=true} is a {@code ValidationException}; {@code RetainDeploymentConfig} alone
 *       reuses the last one. {@code RetainAllVariantProperties} keeps instance counts and weights of variants of the
 *       same name unless {@code ExcludeRetainedVariantProperties} names them.</li>
 *   <li>{@code CreateEndpoint} stores its {@code DeploymentConfig} (checked for structure) for later updates; the
 *       creation itself is not guarded. Models and configurations must exist when an endpoint is created or updated
 *       ({@code Could not find …}); the endpoint keeps a copy, so deleting them afterwards changes nothing it
 *       shows.</li>
 *   <li>During {@code Creating}, {@code ProductionVariants} is absent and {@code PendingDeploymentSummary} shows the
 *       fleet launching. {@code LastModifiedTime} moves with every transition.</li>
 *   <li>{@code ListEndpoints}: {@code SortBy} Name|CreationTime|Status (default CreationTime), {@code SortOrder}
 *       default Descending (the model); {@code NameContains} ignores case; {@code CreationTimeAfter} is inclusive
 *       (the model: "greater than or equal"), the other time filters strict.</li>
 *   <li>{@code ShadowProductionVariants} of a configuration are not deployed.</li>
 *   <li>Not emulated: the eventually consistent read of a new configuration by CreateEndpoint (a configuration is
 *       visible at once), quotas ({@code ResourceLimitExceeded}), {@code SystemUpdating}, {@code OutOfService}.</li>
 * </ul>
 */
public final class Endpoints implements ResourceFamily {

    private static final Set<String> IN_PROGRESS = Set.of("Creating", "Updating", "RollingBack", "Deleting",
            "SystemUpdating");

    private final SageMakerContext context;
    private final EndpointConfigs configs;
    private final Models models;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private volatile EndpointTimings timings = EndpointTimings.immediate();

    public Endpoints(SageMakerContext context, EndpointConfigs configs, Models models) {
        this.context = context;
        this.configs = configs;
        this.models = models;
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("CreateEndpoint", this::create);
        table.accept("UpdateEndpoint", this::update);
        table.accept("DescribeEndpoint", (caller, r) -> require(r.get("EndpointName").asText()).describe());
        table.accept("ListEndpoints", this::list);
        table.accept("DeleteEndpoint", this::delete);
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        return "endpoint".equals(arn.type()) ? Optional.of(require(arn.resource()).tags) : Optional.empty();
    }

    @Override
    public void reset() {
        endpoints.clear();
    }

    /** How long the phases the service decides take, from now on (operations already started keep their plan). */
    public void timings(EndpointTimings t) {
        this.timings = Objects.requireNonNull(t, "timings");
    }

    public EndpointTimings timings() {
        return timings;
    }

    /** Test hook: the endpoint is {@code Failed} from now on, with this reason (only DeleteEndpoint works then). */
    public void fail(String endpointName, String reason) {
        synchronized (context.lock()) {
            Endpoint e = require(endpointName);
            e.rollout = null;
            e.settled = "Failed";
            e.failureReason = reason;
            e.lastModified = context.now();
        }
    }

    /**
     * Test hook: every rollback of the endpoint from now on fails, ending in {@code UpdateRollbackFailed} with this
     * reason instead of {@code InService}.
     */
    public void failRollbacks(String endpointName, String reason) {
        synchronized (context.lock()) {
            require(endpointName).rollbackFailure = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Names of the existing endpoints (as of now on the clock), in creation order. */
    public List<String> names() {
        synchronized (context.lock()) {
            advanceAll();
            return endpoints.values().stream().map(e -> e.name).toList();
        }
    }

    // ------------------------------------------------------------ operations

    private ObjectNode create(Caller caller, ObjectNode r) {
        String name = r.get("EndpointName").asText();
        String arn = context.hostingArn("endpoint", name);
        if (find(name).isPresent()) {
            throw ServiceError.validation("Cannot create already existing endpoint \"" + arn + "\".");
        }
        Fleet fleet = Fleet.of(configs.require(r.get("EndpointConfigName").asText()), models);
        JsonNode deployment = r.get("DeploymentConfig");
        DeploymentPolicy.of(deployment); // stored for later updates; checked now
        Instant now = context.now();
        Endpoint e = new Endpoint(name, arn, now, context.nextSequence(), Tags.fromRequest(r.get("Tags")), fleet);
        e.deploymentConfig = deployment == null ? null : (ObjectNode) deployment.deepCopy();
        e.rollout = Rollout.of(Kind.CREATING, fleet, DeploymentPolicy.creation(fleet, timings), now, now, null);
        endpoints.put(key(name), e);
        return NODES.objectNode().put("EndpointArn", arn);
    }

    private ObjectNode update(Caller caller, ObjectNode r) {
        Endpoint e = require(r.get("EndpointName").asText());
        refuseIfBusy(e);
        if ("Failed".equals(e.status())) {
            throw ServiceError.validation("Cannot update failed endpoint \"" + e.arn + "\".");
        }
        EndpointConfigs.Config config = configs.require(r.get("EndpointConfigName").asText());
        if (key(config.name).equals(key(e.serving.configName))) {
            throw ServiceError.validation("Endpoint \"" + e.arn + "\" already uses endpoint configuration \""
                    + config.arn + "\"; an update needs a new endpoint configuration.");
        }
        Fleet green = Fleet.of(config, models);
        if (r.path("RetainAllVariantProperties").asBoolean(false)) {
            Set<String> excluded = new HashSet<>();
            r.path("ExcludeRetainedVariantProperties")
                    .forEach(p -> excluded.add(p.path("VariantPropertyType").asText()));
            green = green.retaining(e.serving, excluded);
        }
        JsonNode deployment = r.get("DeploymentConfig");
        if (r.path("RetainDeploymentConfig").asBoolean(false)) {
            if (deployment != null) {
                throw ServiceError.validation("Specify either DeploymentConfig or RetainDeploymentConfig, not both.");
            }
            deployment = e.deploymentConfig;
        }
        DeploymentPolicy.Plan plan = DeploymentPolicy.of(deployment).plan(e.serving, green, timings);
        Instant now = context.now();
        String timeoutReason = plan.timeout() == null ? null : "Rolled back to endpoint configuration \""
                + e.serving.configName + "\": the deployment of endpoint configuration \"" + green.configName
                + "\" exceeded MaximumExecutionTimeoutInSeconds ("
                + deployment.findValue("MaximumExecutionTimeoutInSeconds").asInt() + ").";
        e.deploymentConfig = deployment == null ? null : (ObjectNode) deployment.deepCopy();
        e.failureReason = null;
        e.mixed = null;
        e.mixedGreen = null;
        e.rollout = new Rollout(Kind.UPDATING, green, plan.phases(), now, now,
                plan.timeout() == null ? null : now.plus(plan.timeout()), plan.alarms(), null, timeoutReason,
                plan.rollbackSteps());
        e.lastModified = now;
        e.observedAt = now;
        return NODES.objectNode().put("EndpointArn", e.arn);
    }

    private ObjectNode delete(Caller caller, ObjectNode r) {
        Endpoint e = require(r.get("EndpointName").asText());
        refuseIfBusy(e);
        Instant now = context.now();
        e.rollout = Rollout.of(Kind.DELETING, null, DeploymentPolicy.deletion(e.serving, timings), now, now, null);
        e.lastModified = now;
        return null;
    }

    private void refuseIfBusy(Endpoint e) {
        if (IN_PROGRESS.contains(e.status())) {
            throw ServiceError.validation("Cannot update in-progress endpoint \"" + e.arn + "\".");
        }
    }

    private ObjectNode list(Caller caller, ObjectNode r) {
        advanceAll();
        String contains = lower(text(r, "NameContains"));
        Instant createdAfter = instant(r.get("CreationTimeAfter"));
        Instant createdBefore = instant(r.get("CreationTimeBefore"));
        Instant modifiedAfter = instant(r.get("LastModifiedTimeAfter"));
        Instant modifiedBefore = instant(r.get("LastModifiedTimeBefore"));
        String status = text(r, "StatusEquals");
        List<Endpoint> items = endpoints.values().stream()
                .filter(e -> contains == null || key(e.name).contains(contains))
                .filter(e -> createdAfter == null || !e.created.isBefore(createdAfter))
                .filter(e -> createdBefore == null || e.created.isBefore(createdBefore))
                .filter(e -> modifiedAfter == null || e.lastModified.isAfter(modifiedAfter))
                .filter(e -> modifiedBefore == null || e.lastModified.isBefore(modifiedBefore))
                .filter(e -> status == null || status.equals(e.status()))
                .toList();
        String sortBy = text(r, "SortBy");
        Comparator<Pagination.SortKey> base = "Name".equals(sortBy) || "Status".equals(sortBy)
                ? Pagination.BY_TEXT : Pagination.BY_NUMBER;
        return Pagination.page(r, "Endpoints", items,
                e -> new Pagination.SortKey("Status".equals(sortBy) ? e.status() : key(e.name),
                        e.created.toEpochMilli(), e.seq),
                Pagination.order(base, text(r, "SortOrder"), "Descending"), Endpoint::summary);
    }

    // ------------------------------------------------------------- the clock

    /** The endpoint of that name as of now; callers hold the service lock. */
    private Endpoint require(String name) {
        return find(name).orElseThrow(() -> ServiceError.validation("Could not find endpoint \""
                + context.hostingArn("endpoint", name) + "\"."));
    }

    private Optional<Endpoint> find(String name) {
        Endpoint e = endpoints.get(key(name));
        if (e == null) {
            return Optional.empty();
        }
        advance(e, context.now());
        if (e.deleted) {
            endpoints.remove(key(name));
            return Optional.empty();
        }
        return Optional.of(e);
    }

    private void advanceAll() {
        Instant now = context.now();
        for (Iterator<Endpoint> i = endpoints.values().iterator(); i.hasNext(); ) {
            Endpoint e = i.next();
            advance(e, now);
            if (e.deleted) {
                i.remove();
            }
        }
    }

    /** Moves the endpoint along its rollout up to {@code now}. */
    private void advance(Endpoint e, Instant now) {
        List<String> firing = null;
        while (e.rollout != null) {
            Rollout r = e.rollout;
            Phase p = r.phase();
            Instant end = r.phaseEnd();
            if (r.kind == Kind.UPDATING && r.deadline != null && !r.deadline.isAfter(now)
                    && r.deadline.isBefore(end)) {
                rollBack(e, r.deadline, r.timeoutReason);
                continue;
            }
            if (r.kind == Kind.UPDATING && p.bake() && !r.alarms.isEmpty() && end.isAfter(e.observedAt)) {
                if (firing == null) {
                    firing = firing(r.alarms);
                }
                if (!firing.isEmpty()) {
                    Instant at = r.phaseStart.isAfter(e.observedAt) ? r.phaseStart : e.observedAt;
                    rollBack(e, at, "Rolled back to endpoint configuration \"" + e.serving.configName
                            + "\": CloudWatch alarm(s) " + String.join(", ", firing) + " in ALARM state during the "
                            + "deployment of endpoint configuration \"" + r.green.configName + "\" ("
                            + p.description() + ")");
                    continue;
                }
            }
            if (end.isAfter(now)) {
                break;
            }
            if (p.stage() == Stage.LAUNCHING && (r.kind == Kind.CREATING || r.kind == Kind.UPDATING)) {
                Optional<String> failure = deployFailure(r.green);
                if (failure.isPresent()) {
                    if (r.kind == Kind.CREATING) {
                        e.rollout = null;
                        e.settled = "Failed";
                        e.failureReason = failure.get();
                        e.lastModified = end;
                    } else {
                        rollBack(e, end, failure.get());
                    }
                    continue;
                }
                if (r.green.launchedAt == null) {
                    r.green.launchedAt = end;
                }
            }
            r.index++;
            r.phaseStart = end;
            if (r.index == r.phases.size()) {
                finish(e, r, end);
            }
        }
        if (now.isAfter(e.observedAt)) {
            e.observedAt = now;
        }
    }

    private void finish(Endpoint e, Rollout r, Instant end) {
        e.rollout = null;
        e.lastModified = end;
        switch (r.kind) {
            case CREATING, UPDATING -> {
                e.serving = r.green;
                e.settled = "InService";
                e.failureReason = null;
            }
            case ROLLING_BACK -> {
                if (e.rollbackFailure != null) {
                    e.settled = "UpdateRollbackFailed";
                    e.failureReason = e.rollbackFailure;
                    e.mixedGreen = r.green;
                    e.mixed = e.mixed.stopped();
                    e.mixedSince = end;
                    e.mixedDeploymentStart = r.startedAt;
                } else {
                    e.settled = "InService";
                    e.failureReason = r.reason;
                    e.mixed = null;
                }
            }
            case DELETING -> e.deleted = true;
            default -> throw new IllegalStateException(r.kind.name());
        }
    }

    /** Starts rolling the update back at {@code at}: traffic returns to the serving fleet. */
    private void rollBack(Endpoint e, Instant at, String reason) {
        Rollout r = e.rollout;
        Phase current = r.phase();
        e.mixed = current;
        e.rollout = Rollout.of(Kind.ROLLING_BACK, r.green,
                List.of(DeploymentPolicy.rollback(e.serving, r.green, current, timings, r.rollbackSteps)), at,
                r.startedAt, reason);
        e.lastModified = at;
    }

    private List<String> firing(List<String> alarms) {
        List<String> inAlarm = new ArrayList<>();
        for (String a : alarms) {
            if (context.neighbours().alarmState(a).filter("ALARM"::equals).isPresent()) {
                inAlarm.add(a);
            }
        }
        return inAlarm;
    }

    /** Why a fleet cannot start: its role cannot be assumed, an image or model data is missing; empty when it can. */
    private Optional<String> deployFailure(Fleet fleet) {
        Neighbours n = context.neighbours();
        for (Fleet.Variant v : fleet.variants) {
            for (String role : v.roles()) {
                if (!n.roleExists(role)) {
                    return Optional.of(Models.couldNotAssume(role).getMessage());
                }
            }
            for (Models.Artifacts a : v.artifacts()) {
                if (a.image() != null && !n.imageExists(a.image())) {
                    return Optional.of("Please make sure all images included in the model for the production "
                            + "variant " + v.name() + " exist, and that the execution role used to create the model "
                            + "has permissions to access them.");
                }
            }
            int container = 0;
            for (Models.Artifacts a : v.artifacts()) {
                container++;
                if (a.modelData() != null && !a.modelDataIsPrefix() && !n.objectExists(a.modelData())) {
                    return Optional.of("Failed to download model data for container \"container_" + container
                            + "\" from URL: \"" + a.modelData() + "\". Please ensure that there is an object located "
                            + "at the URL and that the role passed to CreateModel has permissions to download the "
                            + "object.");
                }
                if (a.modelData() != null && a.modelDataIsPrefix() && !n.prefixHasObjects(a.modelData())) {
                    return Optional.of("Failed to download model data for container \"container_" + container
                            + "\" from S3 prefix: \"" + a.modelData() + "\". Please ensure that there are objects under "
                            + "the prefix and that the role passed to CreateModel has permissions to list and download "
                            + "them.");
                }
            }
        }
        return Optional.empty();
    }
}
