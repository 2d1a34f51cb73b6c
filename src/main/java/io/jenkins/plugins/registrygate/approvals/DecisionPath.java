package io.jenkins.plugins.registrygate.approvals;

/** Where a decision was made. */
public enum DecisionPath {
    /** A person in Jenkins: the build page or the documented POST API. */
    JENKINS("Jenkins"),
    /** Someone or something outside Jenkins changed the status in the registry (console, API, another tool). */
    REGISTRY("registry"),
    /** The {@code approveIf} metric rules decided. */
    RULE("rule"),
    /** Nobody decided before the timeout. */
    TIMEOUT("timeout");

    private final String label;

    DecisionPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
