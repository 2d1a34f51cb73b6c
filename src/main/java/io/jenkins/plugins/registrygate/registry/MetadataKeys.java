package io.jenkins.plugins.registrygate.registry;

/**
 * Customer-metadata keys the plugin writes on model package versions, so the registry and the build tell the
 * same story. Keys follow SageMaker's CustomerMetadataKey rule (letters, digits, spaces and {@code _.:/=+-@}).
 */
public final class MetadataKeys {
    public static final String METRIC_PREFIX = "metric:";
    public static final String JENKINS_JOB = "jenkins:job";
    public static final String JENKINS_BUILD = "jenkins:build-number";
    public static final String JENKINS_BUILD_URL = "jenkins:build-url";
    public static final String GIT_COMMIT = "git:commit";
    public static final String GIT_REPOSITORY = "git:repository";
    public static final String IMAGE_DIGEST = "image:digest";
    public static final String TRAINING_JOB = "training:job";
    public static final String DATA_VERSION = "data:version";
    public static final String REQUIREMENTS_HASH = "requirements:hash";
    public static final String REGISTERED_BY = "jenkins:registered-by";
    /**
     * SHA-256 (hex) of the registration's ClientToken: lets a resumed registration find the version it created
     * after SageMaker has forgotten the token.
     */
    public static final String REGISTRATION_TOKEN_SHA256 = "jenkins:client-token-sha256";
    public static final String APPROVED_BY = "approval:decided-by";
    public static final String APPROVED_AT = "approval:decided-at";
    public static final String APPROVAL_PATH = "approval:path";
    public static final String APPROVAL_BUILD = "approval:build-url";
    /**
     * The controller's HMAC over the decision record (package, status, decided-by, -at, path): only a record that
     * carries a valid seal names a Jenkins user or the rules as the approver.
     */
    public static final String APPROVAL_SEAL = "approval:seal";
    /** Names a SageMaker model card (by name or ARN) that governs the version, besides the package's own card. */
    public static final String MODEL_CARD_NAME = "model-card:name";
    /** One key per tier sign-off: {@code approval:tier:<tier>} = {@code <user> <instant>}. */
    public static final String TIER_PREFIX = "approval:tier:";

    private MetadataKeys() {}
}
