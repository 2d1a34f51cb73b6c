package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Phase;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Stage;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An endpoint update's {@code DeploymentConfig} (deployment guardrails), checked and turned into the phases of the
 * update. Facts (shared/sagemaker/README.md §4, AWS deployment guardrails guide): with no update policy the update
 * is blue/green, all at once; only one policy per configuration; a canary is at most 50% of a variant's capacity, a
 * linear step 10-50%, a rolling batch 5-50%; the timeout should exceed the waits; the new configuration must keep
 * the variant names; Inf1 endpoints fall back to all at once with no final bake; rolling deployments exclude
 * serverless and multi-variant endpoints; any alarm in ALARM during a bake rolls all traffic back.
 *
 * <p>The phases (<b>design choices</b> where the guide leaves the sequence open):
 * <ul>
 *   <li>Blue/green: launch the new fleet ({@code Creating} "Launching N instance(s)."); then per traffic step turn
 *       traffic on ({@code ActivatingTraffic}) and bake {@code WaitIntervalInSeconds} ({@code Baking}); ALL_AT_ONCE
 *       has one step and bakes once; CANARY has two steps (canary, remaining) and bakes after the canary; LINEAR bakes
 *       after every step; then every mode bakes {@code TerminationWaitInSeconds} with full traffic and terminates the
 *       old fleet. Alarms are watched during every bake.</li>
 *   <li>Rolling: per batch of {@code MaximumBatchSize}: launch it, turn traffic on, bake {@code WaitIntervalInSeconds},
 *       terminate as many old instances; the rollback takes one rollback step per {@code RollbackMaximumBatchSize}
 *       batch (one, by default).</li>
 *   <li>Traffic shares: each fleet's {@code CurrentWeight} is the variant's weight times the share of its traffic
 *       that fleet serves, so the blue and green weights of a variant add up to its weight.</li>
 *   <li>Status messages follow the documented examples ("Launching X instance(s).", "Activating traffic on canary
 *       capacity of X instance(s).", "Baking for X seconds (TerminationWaitInSeconds) with traffic enabled on canary
 *       capacity of X instance(s).") and extend their wording to the other steps.</li>
 *   <li>Serverless capacity counts in percent: {@code CAPACITY_PERCENT} sizes apply, {@code INSTANCE_COUNT} sizes are a
 *       {@code ValidationException}. A percentage of instances rounds down, to at least one instance.</li>
 *   <li>Refused with {@code ValidationException} (texts are the emulator's): both policies; a size the traffic type
 *       does not use, or missing for it; sizes out of range; a timeout not larger than the sum of the waits; changed
 *       variant names under an update policy; rolling deployments of serverless or multi-variant endpoints.</li>
 *   <li>An alarm that does not exist never trips (the deployment goes on unguarded).</li>
 * </ul>
 */
final class DeploymentPolicy {

    enum Mode { ALL_AT_ONCE, CANARY, LINEAR, ROLLING }

    /** What an update will do: its phases, the alarms watched while baking, its time limit and rollback steps. */
    record Plan(List<Phase> phases, List<String> alarms, Duration timeout, int rollbackSteps) {
    }

    private final boolean guarded;
    private final Mode mode;
    private final int waitSeconds;
    private final int terminationWaitSeconds;
    private final Integer timeoutSeconds;
    private final JsonNode stepSize;
    private final JsonNode rollbackBatchSize;
    private final List<String> alarms;

    private DeploymentPolicy(boolean guarded, Mode mode, int waitSeconds, int terminationWaitSeconds,
                             Integer timeoutSeconds, JsonNode stepSize, JsonNode rollbackBatchSize,
                             List<String> alarms) {
        this.guarded = guarded;
        this.mode = mode;
        this.waitSeconds = waitSeconds;
        this.terminationWaitSeconds = terminationWaitSeconds;
        this.timeoutSeconds = timeoutSeconds;
        this.stepSize = stepSize;
        this.rollbackBatchSize = rollbackBatchSize;
        this.alarms = List.copyOf(alarms);
    }

    /** The policy of a {@code DeploymentConfig} (null: blue/green all at once, no bake), checked for structure. */
    static DeploymentPolicy of(JsonNode config) {
        if (config == null) {
            return new DeploymentPolicy(false, Mode.ALL_AT_ONCE, 0, 0, null, null, null, List.of());
        }
        List<String> alarms = new ArrayList<>();
        config.path("AutoRollbackConfiguration").path("Alarms")
                .forEach(a -> alarms.add(a.path("AlarmName").asText()));
        JsonNode blueGreen = config.get("BlueGreenUpdatePolicy");
        JsonNode rolling = config.get("RollingUpdatePolicy");
        if (blueGreen != null && rolling != null) {
            throw ServiceError.validation("A DeploymentConfig takes one update policy: BlueGreenUpdatePolicy or "
                    + "RollingUpdatePolicy, not both.");
        }
        if (rolling != null) {
            return new DeploymentPolicy(true, Mode.ROLLING, rolling.get("WaitIntervalInSeconds").asInt(), 0,
                    intOrNull(rolling, "MaximumExecutionTimeoutInSeconds"), rolling.get("MaximumBatchSize"),
                    rolling.get("RollbackMaximumBatchSize"), alarms);
        }
        if (blueGreen == null) {
            return new DeploymentPolicy(false, Mode.ALL_AT_ONCE, 0, 0, null, null, null, alarms);
        }
        JsonNode routing = blueGreen.get("TrafficRoutingConfiguration");
        Mode mode = Mode.valueOf(routing.get("Type").asText());
        JsonNode canary = routing.get("CanarySize");
        JsonNode linear = routing.get("LinearStepSize");
        if (mode == Mode.CANARY && canary == null) {
            throw ServiceError.validation("CANARY traffic routing needs a CanarySize.");
        }
        if (mode == Mode.LINEAR && linear == null) {
            throw ServiceError.validation("LINEAR traffic routing needs a LinearStepSize.");
        }
        if (canary != null && mode != Mode.CANARY) {
            throw ServiceError.validation("CanarySize applies only to CANARY traffic routing, not " + mode + ".");
        }
        if (linear != null && mode != Mode.LINEAR) {
            throw ServiceError.validation("LinearStepSize applies only to LINEAR traffic routing, not " + mode + ".");
        }
        return new DeploymentPolicy(true, mode, routing.get("WaitIntervalInSeconds").asInt(),
                blueGreen.path("TerminationWaitInSeconds").asInt(0),
                intOrNull(blueGreen, "MaximumExecutionTimeoutInSeconds"), mode == Mode.CANARY ? canary : linear,
                null, alarms);
    }

    private static Integer intOrNull(JsonNode n, String member) {
        return n.has(member) ? n.get(member).asInt() : null;
    }

    /** The phases of a new endpoint: its fleet launches, then it serves (or fails). */
    static List<Phase> creation(Fleet fleet, EndpointTimings t) {
        return List.of(new Phase(Stage.LAUNCHING, t.creation(), false,
                views(fleet, v -> new View(0, 0, "Creating", "Launching " + v.capacity(v.units()) + ".")), Map.of(),
                "launching the endpoint's instances"));
    }

    /** The phase of a deletion: the fleet terminates. */
    static List<Phase> deletion(Fleet fleet, EndpointTimings t) {
        return List.of(new Phase(Stage.DELETING, t.deletion(), false, Map.of(), fleet == null ? Map.of()
                : views(fleet, v -> new View(v.units(), 1, "Deleting", "Terminating " + v.capacity(v.units()) + ".")),
                "deleting the endpoint"));
    }

    /** The phase of a rollback from {@code at}: traffic back on the old fleet, the new fleet terminating. */
    static Phase rollback(Fleet blue, Fleet green, Phase at, EndpointTimings t, int steps) {
        Map<String, View> g = new LinkedHashMap<>();
        for (Fleet.Variant v : green.variants) {
            int running = at.green().containsKey(v.name()) ? at.green().get(v.name()).running() : v.units();
            g.put(v.name(), new View(running, 0, "Deleting", "Terminating " + v.capacity(running) + "."));
        }
        return new Phase(Stage.ROLLING_BACK, t.rollback().multipliedBy(steps), false, g,
                views(blue, v -> new View(v.units(), 1, null, null)), "rolling back");
    }

    /**
     * Checks the policy against the fleets and plans the update.
     *
     * @throws ServiceError {@code ValidationException} for a policy these fleets cannot follow
     */
    Plan plan(Fleet blue, Fleet green, EndpointTimings t) {
        if (green.variants.stream().anyMatch(Fleet.Variant::isInf1)) {
            // Guardrails exclude Inf1: blue/green all at once, no bake (docs, "Exclusions").
            return new DeploymentPolicy(false, Mode.ALL_AT_ONCE, 0, 0, null, null, null, List.of())
                    .planChecked(blue, green, t);
        }
        if (guarded) {
            Set<String> before = names(blue);
            Set<String> after = names(green);
            if (!before.equals(after)) {
                throw ServiceError.validation("A blue/green or rolling deployment needs the new endpoint "
                        + "configuration to keep the variant names of the current one: " + before + ", not " + after
                        + ".");
            }
        }
        return planChecked(blue, green, t);
    }

    private Plan planChecked(Fleet blue, Fleet green, EndpointTimings t) {
        List<Phase> phases = mode == Mode.ROLLING ? rolling(blue, green, t) : blueGreen(blue, green, t);
        long bakes = phases.stream().filter(Phase::bake).count();
        long waits = bakes * waitSeconds + (terminationWaitSeconds > 0 ? terminationWaitSeconds - waitSeconds : 0);
        if (timeoutSeconds != null && timeoutSeconds <= waits) {
            throw ServiceError.validation("MaximumExecutionTimeoutInSeconds (" + timeoutSeconds + ") must be larger "
                    + "than the total of the waits of this deployment (" + waits + " seconds).");
        }
        int rollbackSteps = 1;
        if (mode == Mode.ROLLING && rollbackBatchSize != null) {
            Fleet.Variant old = blue.variants.get(0);
            int batch = units(rollbackBatchSize, old, "RollbackMaximumBatchSize", 0, 100);
            rollbackSteps = (old.units() + batch - 1) / batch;
        }
        return new Plan(phases, alarms, timeoutSeconds == null ? null : t.requested(timeoutSeconds), rollbackSteps);
    }

    private List<Phase> blueGreen(Fleet blue, Fleet green, EndpointTimings t) {
        Map<String, int[]> steps = new LinkedHashMap<>();
        int n = 1;
        for (Fleet.Variant v : green.variants) {
            int[] s = switch (mode) {
                case CANARY -> new int[] {units(stepSize, v, "CanarySize", 0, 50), v.units()};
                case LINEAR -> {
                    int step = units(stepSize, v, "LinearStepSize", 10, 50);
                    int[] linear = new int[(v.units() + step - 1) / step];
                    for (int k = 0; k < linear.length; k++) {
                        linear[k] = Math.min(v.units(), (k + 1) * step);
                    }
                    yield linear;
                }
                default -> new int[] {v.units()};
            };
            steps.put(v.name(), s);
            n = Math.max(n, s.length);
        }
        List<Phase> phases = new ArrayList<>();
        Map<String, View> launching = views(green, v -> new View(0, 0, "Creating",
                "Launching " + v.capacity(v.units()) + "."));
        phases.add(new Phase(Stage.LAUNCHING, t.launch(), false, launching, blueViews(blue, launching, null, null),
                "launching the new fleet"));
        for (int k = 0; k < n; k++) {
            int step = k;
            int stepCount = n;
            Function<Fleet.Variant, Integer> serving = v -> {
                int[] s = steps.get(v.name());
                return s[Math.min(step, s.length - 1)];
            };
            Function<Fleet.Variant, String> where = v -> where(v, step, stepCount, steps.get(v.name()));
            Map<String, View> activating = views(green, v -> new View(v.units(), share(serving.apply(v), v),
                    "ActivatingTraffic", "Activating traffic on " + where.apply(v) + "."));
            phases.add(new Phase(Stage.ACTIVATING, t.trafficShift(), false, activating,
                    blueViews(blue, activating, null, null), "turning traffic on"));
            boolean bakes = mode == Mode.LINEAR || k == 0;
            if (bakes && waitSeconds > 0) {
                Map<String, View> baking = views(green, v -> new View(v.units(), share(serving.apply(v), v), "Baking",
                        "Baking for " + waitSeconds + " seconds (WaitIntervalInSeconds) with traffic enabled on "
                                + where.apply(v) + "."));
                phases.add(new Phase(Stage.BAKING, t.requested(waitSeconds), true, baking,
                        blueViews(blue, baking, null, null), baking.values().iterator().next().message()));
            }
        }
        if (terminationWaitSeconds > 0) {
            Map<String, View> baking = views(green, v -> new View(v.units(), 1, "Baking", "Baking for "
                    + terminationWaitSeconds + " seconds (TerminationWaitInSeconds) with traffic enabled on full "
                    + "capacity of " + v.capacity(v.units()) + "."));
            phases.add(new Phase(Stage.BAKING, t.requested(terminationWaitSeconds), true, baking,
                    blueViews(blue, baking, null, null), baking.values().iterator().next().message()));
        }
        Map<String, View> done = views(green, v -> new View(v.units(), 1, null, null));
        phases.add(new Phase(Stage.TERMINATING, t.termination(), false, done,
                blueViews(blue, done, "Deleting", "Terminating %s."), "terminating the old fleet"));
        return phases;
    }

    /** Where traffic is turned on at {@code step}, as the status messages say it; {@code s}: units per step. */
    private String where(Fleet.Variant v, int step, int steps, int[] s) {
        int serving = s[Math.min(step, s.length - 1)];
        return switch (mode) {
            case CANARY -> step == 0 ? "canary capacity of " + v.capacity(serving)
                    : "remaining capacity of " + v.capacity(v.units() - s[0]);
            case LINEAR -> "linear step " + (step + 1) + " of " + steps + ", " + v.capacity(serving) + " in total";
            default -> "full capacity of " + v.capacity(serving);
        };
    }

    private List<Phase> rolling(Fleet blue, Fleet green, EndpointTimings t) {
        if (green.variants.size() > 1 || blue.variants.size() > 1) {
            throw ServiceError.validation("Rolling deployments do not support endpoints with more than one "
                    + "production variant.");
        }
        Fleet.Variant v = green.variants.get(0);
        Fleet.Variant old = blue.variants.get(0);
        if (v.serverless() || old.serverless()) {
            throw ServiceError.validation("Rolling deployments do not support serverless endpoints.");
        }
        int n = v.units();
        int batch = units(stepSize, v, "MaximumBatchSize", 5, 50);
        int batches = (n + batch - 1) / batch;
        List<Phase> phases = new ArrayList<>();
        for (int k = 1; k <= batches; k++) {
            int before = Math.min(n, (k - 1) * batch);
            int after = Math.min(n, k * batch);
            int oldUp = old.units() - terminated(old, n, before);
            int oldAfter = old.units() - terminated(old, n, after);
            String where = "batch " + k + " of " + batches + ", " + v.capacity(after) + " in total";
            phases.add(new Phase(Stage.LAUNCHING, t.launch(), false,
                    Map.of(v.name(), new View(before, share(before, v), "Creating",
                            "Launching " + v.capacity(after - before) + ".")),
                    Map.of(old.name(), new View(oldUp, 1 - share(before, v), null, null)), "launching a batch"));
            phases.add(new Phase(Stage.ACTIVATING, t.trafficShift(), false,
                    Map.of(v.name(), new View(after, share(after, v), "ActivatingTraffic",
                            "Activating traffic on " + where + ".")),
                    Map.of(old.name(), new View(oldUp, 1 - share(after, v), null, null)), "turning traffic on"));
            if (waitSeconds > 0) {
                String message = "Baking for " + waitSeconds + " seconds (WaitIntervalInSeconds) with traffic "
                        + "enabled on " + where + ".";
                phases.add(new Phase(Stage.BAKING, t.requested(waitSeconds), true,
                        Map.of(v.name(), new View(after, share(after, v), "Baking", message)),
                        Map.of(old.name(), new View(oldUp, 1 - share(after, v), null, null)), message));
            }
            phases.add(new Phase(Stage.TERMINATING, t.termination(), false,
                    Map.of(v.name(), new View(after, share(after, v), null, null)),
                    Map.of(old.name(), new View(oldAfter, 1 - share(after, v), "Deleting",
                            "Terminating " + old.capacity(oldUp - oldAfter) + ".")), "terminating a batch"));
        }
        return phases;
    }

    /** Old instances terminated once {@code moved} of the new fleet's {@code n} serve. */
    private static int terminated(Fleet.Variant old, int n, int moved) {
        return (int) Math.min(old.units(), Math.round((double) old.units() * moved / n));
    }

    private static Set<String> names(Fleet fleet) {
        return fleet.variants.stream().map(Fleet.Variant::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static double share(int serving, Fleet.Variant v) {
        return (double) serving / v.units();
    }

    /**
     * The units a CapacitySize names for a variant, checked against min..max percent of its capacity: a percentage
     * as given, and the units it comes to (a canary of 50% of one instance is a whole instance, 100%).
     */
    private static int units(JsonNode size, Fleet.Variant v, String member, int minPercent, int maxPercent) {
        String type = size.get("Type").asText();
        int value = size.get("Value").asInt();
        if (v.serverless() && "INSTANCE_COUNT".equals(type)) {
            throw ServiceError.validation(member + " of type INSTANCE_COUNT does not apply to the serverless "
                    + "production variant " + v.name() + "; use CAPACITY_PERCENT.");
        }
        boolean percent = "CAPACITY_PERCENT".equals(type);
        int units = percent ? Math.max(1, (int) ((long) v.units() * value / 100)) : value;
        boolean tooSmall = percent ? value < minPercent : (long) units * 100 < (long) minPercent * v.units();
        boolean tooLarge = (percent && value > maxPercent) || (long) units * 100 > (long) maxPercent * v.units();
        if (tooSmall || tooLarge) {
            throw ServiceError.validation(member + " must be " + (minPercent == 0 ? "at most " : minPercent + "-")
                    + maxPercent + "% of the capacity of production variant " + v.name() + " ("
                    + v.capacity(v.units()) + "); " + value + (percent ? "%" : " instance(s)") + " comes to "
                    + v.capacity(units) + ".");
        }
        return units;
    }

    private static Map<String, View> views(Fleet fleet, Function<Fleet.Variant, View> view) {
        Map<String, View> m = new LinkedHashMap<>();
        fleet.variants.forEach(v -> m.put(v.name(), view.apply(v)));
        return m;
    }

    /**
     * The old fleet while the new one serves {@code green}'s shares: each old variant keeps the traffic its namesake
     * in the new fleet does not take (or, without a namesake, the new fleet's average share); with a status, all of
     * its instances are terminating ({@code messageFormat} gets the capacity).
     */
    private static Map<String, View> blueViews(Fleet blue, Map<String, View> green, String status,
                                               String messageFormat) {
        double average = green.values().stream().mapToDouble(View::share).average().orElse(0);
        Map<String, View> m = new LinkedHashMap<>();
        for (Fleet.Variant v : blue.variants) {
            View namesake = green.get(v.name());
            double share = 1 - (namesake != null ? namesake.share() : average);
            m.put(v.name(), new View(v.units(), share, status,
                    status == null ? null : String.format(messageFormat, v.capacity(v.units()))));
        }
        return m;
    }
}
