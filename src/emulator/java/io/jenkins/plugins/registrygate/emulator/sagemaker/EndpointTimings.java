package io.jenkins.plugins.registrygate.emulator.sagemaker;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the phases of an endpoint's life take on the emulator's clock. The service decides some of them
 * (launching instances, turning traffic on, terminating the old fleet, rolling back, deleting); the request decides
 * the others ({@code WaitIntervalInSeconds}, {@code TerminationWaitInSeconds},
 * {@code MaximumExecutionTimeoutInSeconds}), which {@link #requestedWaitScale} can shrink for demos against a real
 * clock (the endpoint still reports the seconds requested).
 *
 * @param creation           CreateEndpoint: {@code Creating} until the fleet is up ({@code InService} or
 *                           {@code Failed})
 * @param launch             UpdateEndpoint: launching the new fleet (or one rolling batch) before traffic moves
 * @param trafficShift       turning traffic on for one step ({@code ActivatingTraffic})
 * @param termination        terminating the old fleet (or one rolling batch) at the end of an update
 * @param rollback           {@code RollingBack}: moving traffic back to the old fleet (per rollback batch)
 * @param deletion           {@code Deleting} until the endpoint is gone
 * @param requestedWaitScale factor applied to the waits and timeouts a request names (1 = as requested)
 */
public record EndpointTimings(Duration creation, Duration launch, Duration trafficShift, Duration termination,
                              Duration rollback, Duration deletion, double requestedWaitScale) {

    public EndpointTimings {
        for (Duration d : new Duration[] {creation, launch, trafficShift, termination, rollback, deletion}) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative()) {
                throw new IllegalArgumentException("Endpoint phase durations cannot be negative: " + d);
            }
        }
        if (!(requestedWaitScale >= 0) || Double.isInfinite(requestedWaitScale)) {
            throw new IllegalArgumentException("The requested-wait scale must be a finite number >= 0: "
                    + requestedWaitScale);
        }
    }

    /**
     * What the embedded emulator uses unless told otherwise: every phase the service decides takes no time, so an
     * endpoint is {@code InService} at the first look and only the waits a request names (bakes, termination waits)
     * take clock time. Tests that want to see {@code Creating} or a fleet launching set durations and move the clock.
     */
    public static EndpointTimings immediate() {
        return new EndpointTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 1.0);
    }

    /**
     * The standalone command's defaults: short, but long enough for a Jenkinsfile's wait to see every state (real
     * endpoints take minutes).
     */
    public static EndpointTimings standalone() {
        return new EndpointTimings(Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(3), 1.0);
    }

    public EndpointTimings withCreation(Duration d) {
        return new EndpointTimings(d, launch, trafficShift, termination, rollback, deletion, requestedWaitScale);
    }

    public EndpointTimings withLaunch(Duration d) {
        return new EndpointTimings(creation, d, trafficShift, termination, rollback, deletion, requestedWaitScale);
    }

    public EndpointTimings withTrafficShift(Duration d) {
        return new EndpointTimings(creation, launch, d, termination, rollback, deletion, requestedWaitScale);
    }

    public EndpointTimings withTermination(Duration d) {
        return new EndpointTimings(creation, launch, trafficShift, d, rollback, deletion, requestedWaitScale);
    }

    public EndpointTimings withRollback(Duration d) {
        return new EndpointTimings(creation, launch, trafficShift, termination, d, deletion, requestedWaitScale);
    }

    public EndpointTimings withDeletion(Duration d) {
        return new EndpointTimings(creation, launch, trafficShift, termination, rollback, d, requestedWaitScale);
    }

    public EndpointTimings withRequestedWaitScale(double scale) {
        return new EndpointTimings(creation, launch, trafficShift, termination, rollback, deletion, scale);
    }

    /** A wait a request names, on the emulator's clock. */
    Duration requested(int seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000L * requestedWaitScale));
    }
}
