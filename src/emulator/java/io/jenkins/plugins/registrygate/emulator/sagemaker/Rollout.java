package io.jenkins.plugins.registrygate.emulator.sagemaker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An operation in progress on an endpoint (creating, updating, rolling back, deleting): its phases, planned when it
 * starts, and where it stands. Each {@link Phase} says what {@code DescribeEndpoint} shows while it lasts, per variant
 * of each fleet ({@link View}), so the endpoint renders any moment without recomputing the plan.
 */
final class Rollout {

    /** What the operation does; each shows as one {@code EndpointStatus}. */
    enum Kind {
        CREATING("Creating"), UPDATING("Updating"), ROLLING_BACK("RollingBack"), DELETING("Deleting");

        final String endpointStatus;

        Kind(String endpointStatus) {
            this.endpointStatus = endpointStatus;
        }
    }

    /** The kinds of phase. */
    enum Stage { LAUNCHING, ACTIVATING, BAKING, TERMINATING, ROLLING_BACK, DELETING }

    /**
     * One variant of one fleet during a phase.
     *
     * @param running units (instances, or percent of serverless capacity) up
     * @param share   the share of the variant's traffic this fleet serves (0..1)
     * @param status  the {@code VariantStatus} entry's status, or null for none
     * @param message its {@code StatusMessage}
     */
    record View(int running, double share, String status, String message) {
    }

    /**
     * One phase: how long it lasts, whether CloudWatch alarms are watched during it (a bake), and the views of the
     * new ("green") and current ("blue") fleets by variant name.
     */
    record Phase(Stage stage, Duration duration, boolean bake, Map<String, View> green, Map<String, View> blue,
                 String description) {

        /** This phase's traffic and instances with nothing in progress: what stays when a deployment stops in it. */
        Phase stopped() {
            return new Phase(stage, Duration.ZERO, false, withoutStatus(green), withoutStatus(blue), description);
        }

        private static Map<String, View> withoutStatus(Map<String, View> views) {
            Map<String, View> m = new java.util.LinkedHashMap<>();
            views.forEach((k, v) -> m.put(k, new View(v.running(), v.share(), null, null)));
            return m;
        }
    }

    final Kind kind;
    /** The fleet being deployed (the one being removed, for a rollback); null for a deletion. */
    final Fleet green;
    final List<Phase> phases;
    /** When the deployment began (PendingDeploymentSummary.StartTime); a rollback keeps its update's. */
    final Instant startedAt;
    /** When MaximumExecutionTimeoutInSeconds runs out, or null. */
    final Instant deadline;
    final List<String> alarms;
    /** Why a rollback happens (the endpoint's FailureReason afterwards), or null. */
    final String reason;
    /** The FailureReason if the deadline passes. */
    final String timeoutReason;
    /** How many rollback steps a rollback of this update takes. */
    final int rollbackSteps;
    int index;
    Instant phaseStart;

    Rollout(Kind kind, Fleet green, List<Phase> phases, Instant start, Instant startedAt, Instant deadline,
            List<String> alarms, String reason, String timeoutReason, int rollbackSteps) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("A rollout has at least one phase");
        }
        this.kind = kind;
        this.green = green;
        this.phases = List.copyOf(phases);
        this.phaseStart = start;
        this.startedAt = startedAt;
        this.deadline = deadline;
        this.alarms = List.copyOf(alarms);
        this.reason = reason;
        this.timeoutReason = timeoutReason;
        this.rollbackSteps = rollbackSteps;
    }

    /** An operation that only waits out its phases: creating, deleting, rolling back. */
    static Rollout of(Kind kind, Fleet green, List<Phase> phases, Instant start, Instant startedAt, String reason) {
        return new Rollout(kind, green, phases, start, startedAt, null, List.of(), reason, null, 1);
    }

    Phase phase() {
        return phases.get(index);
    }

    Instant phaseEnd() {
        return phaseStart.plus(phase().duration());
    }
}
