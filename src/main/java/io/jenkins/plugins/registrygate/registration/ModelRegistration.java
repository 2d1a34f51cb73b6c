package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.MetadataProperties;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageModelCard;
import software.amazon.awssdk.services.sagemaker.model.ModelQuality;

/**
 * Registers a model version: validates, captures lineage, ensures the group, and creates the version with a
 * deterministic ClientToken so that a retried or resumed registration returns the version already created.
 */
public final class ModelRegistration {

    /** What one registration did. */
    public record Result(ModelPackageRef ref, boolean groupCreated, Lineage lineage, String clientToken,
                         Map<String, String> metadataWritten) {}

    private final ModelRegistry registry;

    public ModelRegistration(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Prepares without calling AWS: validation, lineage and the exact request. Bad input fails here.
     *
     * @param stepIdentity identifies this registration within the build (the build's id), so the token differs
     *     between builds but is the same for every retry or resume of this one
     * @param registeredBy the Jenkins user who started the build, or empty; recorded for separation of duties
     */
    public static Prepared prepare(RegistrationRequest request, Map<String, String> environment, String stepIdentity,
                                   String registeredBy) {
        RegistrationValidator.validate(request);
        Lineage lineage = Lineage.capture(environment, request.imageUri(), request.lineageOverrides());
        Map<String, String> metadata = new LinkedHashMap<>();
        lineage.values().forEach((field, value) -> metadata.put(field.metadataKey(), MetadataValues.sanitize(value.value())));
        request.metrics().forEach((name, value) -> metadata.put(MetadataKeys.METRIC_PREFIX + name, value.trim()));
        if (!registeredBy.isEmpty()) {
            metadata.put(MetadataKeys.REGISTERED_BY, MetadataValues.sanitize(registeredBy));
        }
        metadata.putAll(request.customerMetadata()); // the user's own keys win over captured ones
        RegistrationValidator.validateMetadataCount(metadata.size());

        String token = clientToken(stepIdentity, request, metadata);
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
                .clientToken(token)
                .metadataProperties(metadataProperties(lineage));
        if (!request.description().isEmpty()) {
            create.modelPackageDescription(request.description());
        }
        if (!metadata.isEmpty()) {
            create.customerMetadataProperties(metadata);
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
    public record Prepared(RegistrationRequest request, Lineage lineage, String clientToken,
                           CreateModelPackageRequest createRequest, Map<String, String> metadata) {}

    /** Ensures the group (created with description and tags only if absent) and creates the version. */
    public Result register(Prepared p) {
        boolean created = registry.ensureGroup(p.request().modelPackageGroup(), p.request().groupDescription(), p.request().tags());
        ModelPackageRef ref = registry.createVersion(p.createRequest());
        return new Result(ref, created, p.lineage(), p.clientToken(), p.metadata());
    }

    private static MetadataProperties metadataProperties(Lineage lineage) {
        MetadataProperties.Builder b = MetadataProperties.builder();
        lineage.value(LineageField.GIT_COMMIT).ifPresent(b::commitId);
        lineage.value(LineageField.GIT_URL).ifPresent(b::repository);
        lineage.value(LineageField.BUILD_URL).ifPresent(b::generatedBy);
        return b.build();
    }

    /**
     * SageMaker ClientToken: 1 to 36 characters of [a-zA-Z0-9-]. Derived from the build and the request content
     * (not from a random UUID, which the SDK would pick anew after a restart), so the same registration in the same
     * build always carries the same token, and two different registrations in one build never share one.
     */
    static String clientToken(String stepIdentity, RegistrationRequest request, Map<String, String> metadata) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(stepIdentity, request.toString(), new TreeMap<>(metadata).toString())) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "mrg-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
