package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointConfigs;
import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Endpoints;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelCards;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Models;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ResourceFamily;
import io.jenkins.plugins.registrygate.emulator.sagemaker.SageMakerContext;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The emulated SageMaker service: its resource families (package {@code emulator.sagemaker}), each with its own
 * state, rules and class comment listing the design choices taken where no source settled the real behaviour,
 * composed into one {@link ModelledService}. Every request is validated against the model before a family sees it,
 * and every operation runs under the one lock of the service, so families may consult each other (CreateModel sees
 * the registry) and concurrent callers see a serial order.
 *
 * <ul>
 *   <li>{@link ModelPackageRegistry}: model package groups and packages.</li>
 *   <li>Hosting: {@link Models}, {@link EndpointConfigs} and {@link Endpoints} (with the endpoints' status machine
 *       on the clock, {@link EndpointTimings}).</li>
 *   <li>{@link ModelCards}: versioned model cards.</li>
 *   <li>{@link Tags}: AddTags, ListTags and DeleteTags, routed to the family that owns the ARN.</li>
 * </ul>
 */
public final class SageMakerBackend extends ModelledService {

    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";

    private final SageMakerContext context;
    private final Identities identities;
    private final ModelPackageRegistry registry;
    private final Endpoints endpoints;
    private final ModelCards modelCards;
    private final List<ResourceFamily> families = new ArrayList<>();

    public SageMakerBackend() {
        this(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Clock.systemUTC());
    }

    public SageMakerBackend(String region, String accountId, Clock clock) {
        this(ServiceModel.load(), region, accountId, clock, new Identities(accountId));
    }

    public SageMakerBackend(ServiceModel model, String region, String accountId, Clock clock, Identities identities) {
        super(model);
        this.identities = Objects.requireNonNull(identities, "identities");
        this.context = new SageMakerContext(model, region, accountId, clock, lock);
        this.registry = new ModelPackageRegistry(context);
        Models models = new Models(context, registry);
        EndpointConfigs configs = new EndpointConfigs(context, models);
        this.endpoints = new Endpoints(context, configs, models);
        this.modelCards = new ModelCards(context);
        families.addAll(List.of(registry, models, configs, endpoints, modelCards));
        families.add(new Tags(context, List.copyOf(families)));
        families.forEach(f -> f.register((operation, handler) -> on(operation, handler::apply)));
    }

    /** The caller a request signed with {@code accessKeyId} would be (for driving the backend without HTTP). */
    public Caller callerFor(String accessKeyId) {
        return new Caller(accessKeyId, identities.resolve(accessKeyId));
    }

    public String region() {
        return context.region();
    }

    public String accountId() {
        return context.accountId();
    }

    public Clock clock() {
        return context.clock();
    }

    /** The model registry: model package groups and packages. */
    public ModelPackageRegistry registry() {
        return registry;
    }

    /** Hosting's endpoints: their timings and the test hooks that fail an endpoint or its rollbacks. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** Model cards. */
    public ModelCards modelCards() {
        return modelCards;
    }

    /** How long the endpoint phases the service decides take ({@link EndpointTimings#immediate()} by default). */
    public SageMakerBackend endpointTimings(EndpointTimings timings) {
        endpoints.timings(timings);
        return this;
    }

    /**
     * The services SageMaker looks things up in (model data in S3, images in ECR, execution roles in IAM, rollback
     * alarms in CloudWatch). The emulator's front sets the live ones; a backend on its own has
     * {@link Neighbours#PERMISSIVE}. They are asked under SageMaker's lock, so they must not call back into
     * SageMaker.
     */
    public SageMakerBackend neighbours(Neighbours neighbours) {
        context.neighbours(neighbours);
        return this;
    }

    public Neighbours neighbours() {
        return context.neighbours();
    }

    /**
     * ARNs of registry resources and model cards with lower-cased names, as the service sometimes returns them
     * (evidence in shared/sagemaker/README.md §3); names in other members keep their case. Set before creating
     * resources. Hosting ARNs (models, endpoint configurations, endpoints) are lower-cased either way.
     */
    public SageMakerBackend lowerCaseArns(boolean lower) {
        context.lowerCaseRegistryArns(lower);
        return this;
    }

    /** {@link ModelPackageRegistry#clientTokenLifetime}. */
    public SageMakerBackend clientTokenLifetime(Duration lifetime) {
        registry.clientTokenLifetime(lifetime);
        return this;
    }

    /** {@link ModelPackageRegistry#completionDelay}. */
    public SageMakerBackend completionDelay(Duration delay) {
        registry.completionDelay(delay);
        return this;
    }

    /** {@link ModelPackageRegistry#metadataUpdates}. */
    public SageMakerBackend metadataUpdates(ModelPackageRegistry.MetadataUpdates mode) {
        registry.metadataUpdates(mode);
        return this;
    }

    /** {@link ModelPackageRegistry#failModelPackage}. */
    public void failModelPackage(String arnOrName, String reason) {
        registry.failModelPackage(arnOrName, reason);
    }

    /** Forgets every resource and client token. */
    public void reset() {
        synchronized (lock) {
            families.forEach(ResourceFamily::reset);
        }
    }

    /** Names of the existing model package groups, in creation order. */
    public List<String> modelPackageGroupNames() {
        return registry.groupNames();
    }

    /** Existing version numbers of a group (empty for an unknown group). */
    public List<Integer> modelPackageVersions(String groupName) {
        return registry.versions(groupName);
    }
}
