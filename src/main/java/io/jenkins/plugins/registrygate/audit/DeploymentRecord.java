package io.jenkins.plugins.registrygate.audit;

import io.jenkins.plugins.registrygate.gates.GateCheckResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code deployApproved} as the build records it: what was deployed where, what served before, every gate check,
 * who approved, when it started and ended, each status SageMaker reported on the way, and how it ended. Stored in
 * build.xml, so build history answers "what served this endpoint when, and who let it". An immutable snapshot: the
 * deployment hands a new one to the build each time something worth keeping changes.
 */
public final class DeploymentRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String endpointName;
    private final String endpointArn;
    private final String endpointConfigName;
    private final String modelName;
    private final String modelPackageArn;
    private final String modelPackageGroup;
    private final int modelPackageVersion;
    private final String previousEndpointConfigName;
    private final ArrayList<String> previousModelPackageArns;
    private final ArrayList<GateCheckResult> gate;
    private final String approvedBy;
    private final long startedAtMillis;
    private final long endedAtMillis;
    /** The deployment's stage: a running one ({@code ROLLING_OUT}…) or how it ended ({@code DEPLOYED}, {@code ROLLED_BACK}…). */
    private final String outcome;
    private final String message;
    private final ArrayList<String> plan;
    private final ArrayList<String> timeline;

    public DeploymentRecord(String id, String endpointName, String endpointArn, String endpointConfigName, String modelName,
                            String modelPackageArn, String modelPackageGroup, int modelPackageVersion,
                            String previousEndpointConfigName, List<String> previousModelPackageArns, List<GateCheckResult> gate,
                            String approvedBy, Instant startedAt, Optional<Instant> endedAt, String outcome, String message,
                            List<String> plan, List<String> timeline) {
        this.id = id;
        this.endpointName = endpointName;
        this.endpointArn = endpointArn;
        this.endpointConfigName = endpointConfigName;
        this.modelName = modelName;
        this.modelPackageArn = modelPackageArn;
        this.modelPackageGroup = modelPackageGroup;
        this.modelPackageVersion = modelPackageVersion;
        this.previousEndpointConfigName = previousEndpointConfigName;
        this.previousModelPackageArns = new ArrayList<>(previousModelPackageArns);
        this.gate = new ArrayList<>(gate);
        this.approvedBy = approvedBy;
        this.startedAtMillis = startedAt.toEpochMilli();
        this.endedAtMillis = endedAt.map(Instant::toEpochMilli).orElse(0L);
        this.outcome = outcome;
        this.message = message;
        this.plan = new ArrayList<>(plan);
        this.timeline = new ArrayList<>(timeline);
    }

    public String getId() { return id; }
    public String getEndpointName() { return endpointName; }
    public String getEndpointArn() { return endpointArn; }
    public String getEndpointConfigName() { return endpointConfigName; }
    public String getModelName() { return modelName; }
    public String getModelPackageArn() { return modelPackageArn; }
    public String getModelPackageGroup() { return modelPackageGroup; }
    public int getModelPackageVersion() { return modelPackageVersion; }
    public String getPreviousEndpointConfigName() { return previousEndpointConfigName; }
    public List<String> getPreviousModelPackageArns() { return Collections.unmodifiableList(previousModelPackageArns); }
    public List<GateCheckResult> getGate() { return Collections.unmodifiableList(gate); }
    public String getApprovedBy() { return approvedBy; }
    public Instant getStartedAt() { return Instant.ofEpochMilli(startedAtMillis); }
    public Optional<Instant> getEndedAt() { return endedAtMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(endedAtMillis)); }
    public String getOutcome() { return outcome; }
    public String getMessage() { return message; }
    public List<String> getPlan() { return Collections.unmodifiableList(plan); }
    public List<String> getTimeline() { return Collections.unmodifiableList(timeline); }

    /** Plain values for the step's result and the REST API. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("outcome", outcome);
        m.put("message", message);
        m.put("endpointName", endpointName);
        m.put("endpointArn", endpointArn);
        m.put("endpointConfigName", endpointConfigName);
        m.put("modelName", modelName);
        m.put("modelPackageArn", modelPackageArn);
        m.put("modelPackageGroup", modelPackageGroup);
        m.put("modelPackageVersion", modelPackageVersion);
        m.put("previousEndpointConfigName", previousEndpointConfigName);
        m.put("previousModelPackageArns", new ArrayList<>(previousModelPackageArns));
        m.put("approvedBy", approvedBy);
        m.put("startedAt", getStartedAt().toString());
        m.put("endedAt", getEndedAt().map(Instant::toString).orElse(""));
        m.put("gate", new ArrayList<>(gate.stream().map(GateCheckResult::toMap).toList()));
        m.put("plan", new ArrayList<>(plan));
        m.put("timeline", new ArrayList<>(timeline));
        return m;
    }

    /** A build.xml written before a field existed reads back with its default. */
    private Object readResolve() {
        // Rebuilt every time: a record from an older plugin (or an edited build.xml) may lack any field.
        return new DeploymentRecord(nz(id), nz(endpointName), nz(endpointArn), nz(endpointConfigName), nz(modelName),
                nz(modelPackageArn), nz(modelPackageGroup), modelPackageVersion, nz(previousEndpointConfigName),
                previousModelPackageArns == null ? List.of() : previousModelPackageArns, gate == null ? List.of() : gate,
                nz(approvedBy), Instant.ofEpochMilli(startedAtMillis), getEndedAt(), nz(outcome), nz(message),
                plan == null ? List.of() : plan, timeline == null ? List.of() : timeline);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
