package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import java.util.Optional;

/** A lineage fact recorded on every version, where it is captured from, and the metadata key that keeps it. */
public enum LineageField {
    GIT_COMMIT("gitCommit", "GIT_COMMIT", MetadataKeys.GIT_COMMIT),
    GIT_URL("gitUrl", "GIT_URL", MetadataKeys.GIT_REPOSITORY),
    BUILD_URL("buildUrl", "BUILD_URL", MetadataKeys.JENKINS_BUILD_URL),
    JOB_NAME("jobName", "JOB_NAME", MetadataKeys.JENKINS_JOB),
    BUILD_NUMBER("buildNumber", "BUILD_NUMBER", MetadataKeys.JENKINS_BUILD),
    IMAGE_DIGEST("imageDigest", "", MetadataKeys.IMAGE_DIGEST),
    TRAINING_JOB("trainingJobName", "", MetadataKeys.TRAINING_JOB),
    DATA_VERSION("dataVersion", "", MetadataKeys.DATA_VERSION),
    REQUIREMENTS_HASH("requirementsHash", "", MetadataKeys.REQUIREMENTS_HASH);

    private final String parameter;
    private final String environmentVariable;
    private final String metadataKey;

    LineageField(String parameter, String environmentVariable, String metadataKey) {
        this.parameter = parameter;
        this.environmentVariable = environmentVariable;
        this.metadataKey = metadataKey;
    }

    /** The step parameter that overrides it. */
    public String parameter() {
        return parameter;
    }

    /** The build environment variable it is captured from, if any. */
    public Optional<String> environmentVariable() {
        return environmentVariable.isEmpty() ? Optional.empty() : Optional.of(environmentVariable);
    }

    public String metadataKey() {
        return metadataKey;
    }
}
