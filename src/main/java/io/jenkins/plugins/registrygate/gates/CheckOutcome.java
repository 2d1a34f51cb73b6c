package io.jenkins.plugins.registrygate.gates;

/** How one gate check came out. */
public enum CheckOutcome {
    PASSED("passed"),
    FAILED("failed"),
    /** Failed or not permitted, and waived by the pipeline with a reason: it does not block. */
    WAIVED("waived"),
    /** The deploying identity may not make the check (access denied): unknown, so it blocks like a failure. */
    NOT_PERMITTED("not permitted"),
    /** Nothing to check (no KMS key on the artifact, no alarms named, an image outside ECR). */
    NOT_APPLICABLE("not applicable");

    private final String label;

    CheckOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this outcome stops the deployment. */
    public boolean blocks() {
        return this == FAILED || this == NOT_PERMITTED;
    }
}
