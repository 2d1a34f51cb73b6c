package hudson.init;

/**
 * Shim: the real enum implements org.jvnet.hudson.reactor.Milestone (task-reactor, not on Maven Central and not in
 * an excluded package) and has {@code ordering()}, which returns a task-reactor type; neither is declared.
 */
public enum TermMilestone {
    STARTED("Started termination"),
    COMPLETED("Completed termination");

    private final String message;

    TermMilestone(String message) {
        this.message = message;
    }

    @Override
    public String toString() {
        return message;
    }
}
