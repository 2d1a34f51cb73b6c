package io.jenkins.plugins.registrygate.gates;

import java.util.Arrays;
import java.util.Optional;

/**
 * The admission gate's checks, in the order they are reported. Each is recorded in the build as passed, failed,
 * waived, not permitted (the deploying identity may not make it) or not applicable. The approval and the package
 * status are what the gate is for and can never be waived.
 */
public enum GateCheck {
    APPROVAL_STATUS("approvalStatus", false, "the version is Approved in the registry, read now"),
    PACKAGE_STATUS("packageStatus", false, "the version's ModelPackageStatus is Completed"),
    MODEL_CARD("modelCard", true, "an Approved model card"),
    RISK_RATING("riskRating", true, "the model card's risk rating is allowed"),
    REQUIRED_METADATA("requiredMetadata", true, "the version carries the required lineage metadata"),
    SEPARATION_OF_DUTIES("separationOfDuties", true, "the approver is neither the registrant nor the deployer"),
    MODEL_ARTIFACT("modelArtifact", true, "every container's model data in S3 is there and readable"),
    ARTIFACT_KEY("artifactKey", true, "the model data's KMS key is enabled and allows decrypt"),
    IMAGE("image", true, "every container's image exists in ECR and is the one registered"),
    EXECUTION_ROLE("executionRole", true, "the execution role exists and SageMaker may assume it"),
    ALARMS("alarms", true, "every rollback alarm (metric or composite) exists and is not in ALARM");

    private final String id;
    private final boolean waivable;
    private final String requirement;

    GateCheck(String id, boolean waivable, String requirement) {
        this.id = id;
        this.waivable = waivable;
        this.requirement = requirement;
    }

    /** The name used in {@code waive:} and in the build record. */
    public String id() {
        return id;
    }

    public boolean isWaivable() {
        return waivable;
    }

    /** What the check requires, in words. */
    public String requirement() {
        return requirement;
    }

    public static Optional<GateCheck> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equalsIgnoreCase(id.trim())).findFirst();
    }
}
