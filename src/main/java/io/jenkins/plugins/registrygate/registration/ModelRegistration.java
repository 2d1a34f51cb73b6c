package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.MetadataProperties;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageModelCard;
import software.amazon.awssdk.services.sagemaker.model.ModelQuality;

/**
 * Registers a model version: validates, captures lineage, and creates the version with a deterministic ClientToken
 * (so that a retried or resumed registration returns the version already created) and a marker that finds the
 * version again once SageMaker has forgotten the token. Into an existing group this is one call; the group is
 * created only when SageMaker says it does not exist.
 */
public final class ModelRegistration {

    /** What one registration did. */
    public record Result(ModelPackageRef ref, boolean groupCreated, Lineage lineage, String clientToken,
                         Map<String, String> metadataWritten) {}

    /** What {@link #findRegistered} saw: the version this registration created, if any, and whether it looked at all candidates. */
    public record Lookup(Optional<ModelPackageRef> found, List<String> listedArns, boolean exhaustive) {}

    private final ModelRegistry registry;

    public ModelRegistration(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Prepares a new registration without calling AWS: validation, lineage, a token derived from the build and the
     * request ({@link RegistrationToken#derive}), and the exact request. Bad input fails here.
     *
     * @param stepIdentity identifies this registration within the build (the build's id), so the token differs
     *     between builds but is the same for every retry of this one
     * @param registeredBy the Jenkins user who started the build, or empty; recorded for separation of duties
     */
    public static Prepared prepare(RegistrationRequest request, Map<String, String> environment, String stepIdentity,
                                   String registeredBy) {
        RegistrationValidator.validate(request);
        Lineage lineage = Lineage.capture(environment, request.imageUri(), request.lineageOverrides());
        Map<String, String> metadata = metadata(request, lineage, registeredBy);
        return build(request, lineage, metadata, RegistrationToken.derive(stepIdentity, request, metadata));
    }

    /**
     * Prepares a registration that already has its token (kept by the step since its first start): the same
     * request, with the token it was first sent with, whatever the derivation would give today.
     */
    public static Prepared prepare(RegistrationRequest request, Map<String, String> environment, String registeredBy,
                                   RegistrationToken token) {
        RegistrationValidator.validate(request);
        Lineage lineage = Lineage.capture(environment, request.imageUri(), request.lineageOverrides());
        return build(request, lineage, metadata(request, lineage, registeredBy), token);
    }

    private static Map<String, String> metadata(RegistrationRequest request, Lineage lineage, String registeredBy) {
        Map<String, String> metadata = new LinkedHashMap<>();
        lineage.values().forEach((field, value) -> metadata.put(field.metadataKey(), MetadataValues.sanitize(value.value())));
        request.metrics().forEach((name, value) -> metadata.put(MetadataKeys.METRIC_PREFIX + name, value.trim()));
        if (!registeredBy.isEmpty()) {
            metadata.put(MetadataKeys.REGISTERED_BY, MetadataValues.sanitize(registeredBy));
        }
        metadata.putAll(request.customerMetadata()); // the user's own keys win over captured ones
        return metadata;
    }

    private static Prepared build(RegistrationRequest request, Lineage lineage, Map<String, String> captured,
                                  RegistrationToken token) {
        Map<String, String> metadata = new LinkedHashMap<>(captured);
        metadata.put(MetadataKeys.REGISTRATION_TOKEN_SHA256, token.marker());
        RegistrationValidator.validateMetadataCount(metadata.size());

        ModelPackageContainerDefinition.Builder container = ModelPackageContainerDefinition.builder().image(request.imageUri());
        if (!request.modelDataUrl().isEmpty()) {
            container.modelDataUrl(request.modelDataUrl());
        }
        lineage.value(LineageField.IMAGE_DIGEST).ifPresent(container::imageDigest);
        InferenceSpecification.Builder inference = InferenceSpecification.builder()
                .containers(container.build())
                .supportedContentTypes(request.contentTypes())
                .supportedResponseMIMETypes(request.responseTypes());
        if (!request.inferenceInstanceTypes().isEmpty()) {
            inference.supportedRealtimeInferenceInstanceTypesWithStrings(request.inferenceInstanceTypes());
        }
        CreateModelPackageRequest.Builder create = CreateModelPackageRequest.builder()
                .modelPackageGroupName(request.modelPackageGroup())
                .inferenceSpecification(inference.build())
                // Always explicit: the gate must not depend on the service's default status.
                .modelApprovalStatus(request.approvalStatus())
                .clientToken(token.value())
                .metadataProperties(metadataProperties(lineage))
                .customerMetadataProperties(metadata);
        if (!request.description().isEmpty()) {
            create.modelPackageDescription(request.description());
        }
        if (!request.metricsReportUri().isEmpty()) {
            create.modelMetrics(ModelMetrics.builder().modelQuality(ModelQuality.builder().statistics(
                    MetricsSource.builder().contentType("application/json").s3Uri(request.metricsReportUri()).build()).build()).build());
        }
        if (!request.modelCardStatus().isEmpty()) {
            ModelPackageModelCard.Builder card = ModelPackageModelCard.builder().modelCardStatus(request.modelCardStatus());
            if (!request.modelCardContent().isEmpty()) {
                card.modelCardContent(request.modelCardContent());
            }
            create.modelCard(card.build());
        }
        return new Prepared(request, lineage, token, create.build(), Map.copyOf(metadata));
    }

    /** A validated registration, ready to send. */
    public record Prepared(RegistrationRequest request, Lineage lineage, RegistrationToken token,
                           CreateModelPackageRequest createRequest, Map<String, String> metadata) {

        public String clientToken() {
            return token.value();
        }

        public String group() {
            return request.modelPackageGroup();
        }
    }

    /** Called when a registration created the group, before it creates the version. */
    @FunctionalInterface
    public interface GroupCreated {
        void created(String groupArn);
    }

    /** One attempt: creates the version; only if SageMaker says the group does not exist, creates it and tries again. */
    public Result register(Prepared p) {
        return register(p, arn -> {});
    }

    /** As {@link #register(Prepared)}, telling {@code onGroupCreated} when this attempt created the group. */
    public Result register(Prepared p, GroupCreated onGroupCreated) {
        try {
            return result(p, registry.createVersion(p.createRequest()), false);
        } catch (RegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            boolean created = createMissingGroup(p, e, onGroupCreated);
            return result(p, registry.createVersion(p.createRequest()), created);
        }
    }

    /**
     * Creates the group a create refused for not existing. The service's wording is not documented: when the
     * message does not name the group, the group is looked up first, and a group that exists means the "does not
     * exist" was about something else, which is reported as it came.
     */
    private boolean createMissingGroup(Prepared p, RegistryException notFound, GroupCreated onGroupCreated) {
        RegistrationRequest r = p.request();
        if (!notFound.awsMessage().toLowerCase(Locale.ROOT).contains(r.modelPackageGroup().toLowerCase(Locale.ROOT))) {
            if (!registry.ensureGroup(r.modelPackageGroup(), r.groupDescription(), r.tags())) {
                throw notFound;
            }
            onGroupCreated.created("");
            return true;
        }
        Optional<String> arn = registry.createGroup(r.modelPackageGroup(), r.groupDescription(), r.tags());
        arn.ifPresent(onGroupCreated::created);
        return arn.isPresent();
    }

    private static Result result(Prepared p, ModelPackageRef ref, boolean groupCreated) {
        return new Result(ref, groupCreated, p.lineage(), p.clientToken(), p.metadata());
    }

    /**
     * Looks for the version this registration already created, among the newest versions of its group created after
     * {@code createdAfter} (at most {@code limit}, newest first): one {@code ListModelPackages}, then one
     * {@code DescribeModelPackage} per candidate until the marker matches. Not exhaustive when more candidates exist
     * than {@code limit}.
     */
    public Lookup findRegistered(Prepared p, Instant createdAfter, int limit) {
        return findRegistered(p, createdAfter, limit, new HashSet<>());
    }

    /**
     * As {@link #findRegistered(Prepared, Instant, int)}, skipping the versions in {@code notThisOne} and adding
     * each version it finds is not this registration's: a look-up interrupted by a fault resumes where it stopped
     * instead of describing every candidate again (a version's marker never changes).
     */
    public Lookup findRegistered(Prepared p, Instant createdAfter, int limit, Set<String> notThisOne) {
        List<ModelPackageRef> candidates = registry.newestVersions(p.group(), createdAfter, Math.min(limit + 1, 100));
        List<String> arns = new ArrayList<>();
        String marker = p.token().marker();
        int checked = 0;
        for (ModelPackageRef candidate : candidates) {
            if (checked == limit) {
                return new Lookup(Optional.empty(), arns, false);
            }
            arns.add(candidate.arn());
            checked++;
            if (notThisOne.contains(candidate.arn())) {
                continue;
            }
            var details = registry.describe(candidate.arn());
            if (marker.equals(details.customerMetadata().get(MetadataKeys.REGISTRATION_TOKEN_SHA256))) {
                return new Lookup(Optional.of(details.ref()), arns, true);
            }
            notThisOne.add(candidate.arn());
        }
        return new Lookup(Optional.empty(), arns, true);
    }

    /** The result of a registration found by {@link #findRegistered} rather than created now. */
    public static Result found(Prepared p, ModelPackageRef ref, boolean groupCreated) {
        return result(p, ref, groupCreated);
    }

    private static MetadataProperties metadataProperties(Lineage lineage) {
        MetadataProperties.Builder b = MetadataProperties.builder();
        lineage.value(LineageField.GIT_COMMIT).ifPresent(b::commitId);
        lineage.value(LineageField.GIT_URL).ifPresent(b::repository);
        lineage.value(LineageField.BUILD_URL).ifPresent(b::generatedBy);
        return b.build();
    }
}
