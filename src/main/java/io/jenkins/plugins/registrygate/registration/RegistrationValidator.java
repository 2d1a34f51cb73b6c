package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelCardStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;

/** Checks a {@link RegistrationRequest} against SageMaker's rules before any AWS call. */
public final class RegistrationValidator {

    static final String STEP = "registerModel";

    /** Metadata the plugin writes and relies on (separation of duties, rules, lineage): users cannot forge it. */
    static final List<String> RESERVED_PREFIXES = List.of("approval:", "jenkins:", "metric:", "git:", "image:",
            "training:", "data:", "requirements:");

    private static final java.util.regex.Pattern METRIC_NAME = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_.:/=+\\-@]+");

    private RegistrationValidator() {}

    /** Throws {@link io.jenkins.plugins.registrygate.validation.InvalidParametersException} listing every problem. */
    public static void validate(RegistrationRequest r) {
        ParameterRules rules = new ParameterRules(STEP);
        check(rules, r);
        rules.throwIfAny();
    }

    /** Adds every problem of {@code r} to {@code rules}, alongside problems the caller found itself. */
    public static void check(ParameterRules rules, RegistrationRequest r) {
        rules.groupName("modelPackageGroup", r.modelPackageGroup());
        rules.description("groupDescription", r.groupDescription());
        rules.required("imageUri", r.imageUri());
        rules.text("imageUri", r.imageUri(), 255, ParameterRules.CONTAINER_IMAGE, "must be a container image reference without spaces");
        rules.s3OrHttpsUri("modelDataUrl", r.modelDataUrl());
        rules.description("description", r.description());
        checkMimeTypes(rules, "contentTypes", r.contentTypes());
        checkMimeTypes(rules, "responseTypes", r.responseTypes());
        for (String t : r.inferenceInstanceTypes()) {
            rules.check(ProductionVariantInstanceType.fromValue(t) != ProductionVariantInstanceType.UNKNOWN_TO_SDK_VERSION,
                    "inferenceInstanceTypes", t, "must be a SageMaker real-time instance type such as ml.m5.large");
        }
        rules.s3OrHttpsUri("metricsReportUri", r.metricsReportUri());
        r.metrics().forEach((name, value) -> {
            // No spaces: a metric must be nameable in an approveIf rule.
            rules.check(name.length() <= 128 - MetadataKeys.METRIC_PREFIX.length() && METRIC_NAME.matcher(name).matches(),
                    "metrics", name, "metric names must be 1 to 121 characters of letters, digits and _ . : / = + - @ (no spaces)");
            rules.check(isFiniteNumber(value), "metrics." + name, value, "must be a finite number");
        });
        rules.text("trainingJobName", r.trainingJobName(), 63, ParameterRules.ENTITY_NAME, ParameterRules.ENTITY_NAME_RULE);
        rules.metadataEntries("customerMetadata", r.customerMetadata());
        r.customerMetadata().keySet().forEach(k -> rules.check(RESERVED_PREFIXES.stream().noneMatch(k.toLowerCase(Locale.ROOT)::startsWith),
                "customerMetadata", k, "keys starting with " + String.join(", ", RESERVED_PREFIXES)
                        + " are written by the plugin itself (use the metrics, lineage and approval parameters)"));
        rules.oneOf("approvalStatus", r.approvalStatus(),
                s -> ModelApprovalStatus.fromValue(s) != ModelApprovalStatus.UNKNOWN_TO_SDK_VERSION, names(ModelApprovalStatus.knownValues()));
        rules.check(r.modelCardContent().length() <= 100_000, "modelCardContent", "",
                "must be at most 100000 characters (got " + r.modelCardContent().length() + ")");
        rules.check(r.modelCardContent().isEmpty() || isJsonObject(r.modelCardContent()), "modelCardContent", "",
                "must be a JSON object (SageMaker model card content), e.g. {\"model_overview\": {}}");
        rules.oneOf("modelCardStatus", r.modelCardStatus(),
                s -> ModelCardStatus.fromValue(s) != ModelCardStatus.UNKNOWN_TO_SDK_VERSION, names(ModelCardStatus.knownValues()));
        rules.check(r.modelCardContent().isEmpty() || !r.modelCardStatus().isEmpty(), "modelCardStatus", "",
                "is required when modelCardContent is given (Draft, PendingReview, Approved or Archived)");
        rules.tags("tags", r.tags());
        r.lineageOverrides().forEach((field, value) -> {
            LineageField f = LineageField.valueOf(field);
            switch (f) {
                case IMAGE_DIGEST -> rules.text(f.parameter(), value, 72, ParameterRules.IMAGE_DIGEST, "must be sha256:<64 hex digits>");
                case GIT_COMMIT, GIT_URL, BUILD_URL -> rules.check(value.length() <= 256
                        && ParameterRules.METADATA_TEXT.matcher(value).matches(), f.parameter(), value,
                        "must be at most 256 characters of letters, digits, spaces and _ . : / = + - @");
                default -> rules.check(value.length() <= 256 && ParameterRules.METADATA_TEXT.matcher(value).matches(),
                        f.parameter(), value, "must be 1 to 256 characters of letters, digits, spaces and _ . : / = + - @");
            }
        });
    }

    /**
     * Entries kept free for the approval record written later (decided-by, decided-at, path, build URL, the
     * controller's seal and up to four tier sign-offs), so that a full registration can still be approved.
     */
    static final int RESERVED_FOR_APPROVAL = 9;

    /**
     * The metadata SageMaker will hold must stay within its 50-entry limit: lineage, metrics, the registration's
     * marker ({@code jenkins:client-token-sha256}) and the approval record included.
     */
    public static void validateMetadataCount(int entries) {
        int limit = ParameterRules.MAX_METADATA_ENTRIES - RESERVED_FOR_APPROVAL;
        new ParameterRules(STEP).check(entries <= limit, "customerMetadata", "",
                "at most " + limit + " metadata entries per version (SageMaker keeps 50; " + RESERVED_FOR_APPROVAL
                        + " stay free for the approval record); with lineage, metrics and the registration marker this registration would write "
                        + entries).throwIfAny();
    }

    private static void checkMimeTypes(ParameterRules rules, String parameter, List<String> types) {
        for (String t : types) {
            rules.check(!t.isBlank() && t.length() <= 256 && !t.contains(" "), parameter, t,
                    "each entry must be a MIME type such as text/csv (1 to 256 characters, no spaces)");
        }
    }

    private static boolean isJsonObject(String s) {
        try {
            return JsonNode.parser().parse(s).isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isFiniteNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static <E extends Enum<E>> List<String> names(java.util.Set<E> values) {
        return values.stream().map(Object::toString).sorted().toList();
    }

}
