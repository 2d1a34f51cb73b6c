package io.jenkins.plugins.registrygate.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an update moves traffic from the version that serves to the new one (SageMaker deployment guardrails): blue/green
 * all at once, canary or linear, or a rolling update; how long each step bakes; and the CloudWatch alarms that roll it
 * back. A new endpoint is simply created: guardrails apply to updates.
 *
 * @param size            the canary size, linear step or rolling batch: a number of instances, or a percentage of
 *                        the variant's capacity ({@link Size})
 * @param waitInterval    how long each traffic step bakes before the next
 * @param terminationWait how long the old fleet stays after all traffic moved (blue/green)
 * @param maximumExecution the longest the whole update may take before SageMaker stops it
 * @param rollbackSize    for rolling updates, how much capacity rolls back at a time
 * @param alarms          CloudWatch alarms that roll the update back when any of them is in ALARM
 */
public record TrafficShifting(Mode mode, Optional<Size> size, Duration waitInterval, Duration terminationWait,
                              Optional<Duration> maximumExecution, Optional<Size> rollbackSize, List<String> alarms) {

    public TrafficShifting {
        alarms = List.copyOf(alarms);
    }

    /** The strategies, named as the step parameter {@code trafficShifting} takes them. */
    public enum Mode {
        ALL_AT_ONCE("allAtOnce"), CANARY("canary"), LINEAR("linear"), ROLLING("rolling");

        private final String parameterValue;

        Mode(String parameterValue) {
            this.parameterValue = parameterValue;
        }

        public String parameterValue() {
            return parameterValue;
        }

        public static Optional<Mode> fromParameter(String value) {
            for (Mode m : values()) {
                if (m.parameterValue.equalsIgnoreCase(value.trim())) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** An amount of capacity: {@code 2} instances or {@code 10%} of the variant. */
    public record Size(boolean percent, int value) {
        /** {@code "2"} or {@code "10%"}; empty when it is neither. */
        public static Optional<Size> parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            boolean percent = t.endsWith("%");
            String digits = percent ? t.substring(0, t.length() - 1).trim() : t;
            if (!digits.matches("[0-9]{1,6}")) {
                return Optional.empty();
            }
            return Optional.of(new Size(percent, Integer.parseInt(digits)));
        }

        @Override
        public String toString() {
            return percent ? value + "%" : value + (value == 1 ? " instance" : " instances");
        }
    }

    /** All traffic at once, no bake, no alarms: SageMaker's default for an update. */
    public static TrafficShifting allAtOnce() {
        return new TrafficShifting(Mode.ALL_AT_ONCE, Optional.empty(), Duration.ZERO, Duration.ZERO, Optional.empty(),
                Optional.empty(), List.of());
    }
}
