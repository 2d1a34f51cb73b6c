package io.jenkins.plugins.registrygate.approvals;

/** How a wait for approval ended. */
public enum ApprovalOutcome {
    APPROVED("Approved"),
    REJECTED("Rejected"),
    /** The timeout passed with no decision; distinct from a rejection, and the registry is left untouched. */
    TIMED_OUT("TimedOut");

    private final String label;

    ApprovalOutcome(String label) {
        this.label = label;
    }

    /** The value returned to the Pipeline ({@code Approved}, {@code Rejected}, {@code TimedOut}). */
    public String label() {
        return label;
    }
}
