package io.jenkins.plugins.registrygate.approvals;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a wait: outcome, final registry status, who decided, when, by which path, the comment, every tier
 * sign-off, the rule evidence and warnings (the registry changed while Jenkins wrote; the build was aborted while
 * the decision was written). Kept in build.xml for auditors and returned to the Pipeline.
 */
public final class ApprovalDecision implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ApprovalOutcome outcome;
    private final String finalStatus;
    private final String decidedBy;
    private final long decidedAtMillis;
    private final DecisionPath path;
    private final String comment;
    private final boolean administratorOverride;
    private final ArrayList<TierSignoff> signoffs;
    private final ArrayList<String> evidence;
    private final ArrayList<String> warnings;

    public ApprovalDecision(ApprovalOutcome outcome, String finalStatus, String decidedBy, Instant decidedAt,
                            DecisionPath path, String comment, boolean administratorOverride,
                            List<TierSignoff> signoffs, List<String> evidence) {
        this(outcome, finalStatus, decidedBy, decidedAt, path, comment, administratorOverride, signoffs, evidence, List.of());
    }

    public ApprovalDecision(ApprovalOutcome outcome, String finalStatus, String decidedBy, Instant decidedAt,
                            DecisionPath path, String comment, boolean administratorOverride,
                            List<TierSignoff> signoffs, List<String> evidence, List<String> warnings) {
        this.outcome = outcome;
        this.finalStatus = finalStatus == null ? "" : finalStatus;
        this.decidedBy = decidedBy == null ? "" : decidedBy;
        this.decidedAtMillis = decidedAt.toEpochMilli();
        this.path = path;
        this.comment = comment == null ? "" : comment;
        this.administratorOverride = administratorOverride;
        this.signoffs = new ArrayList<>(signoffs);
        this.evidence = new ArrayList<>(evidence);
        this.warnings = new ArrayList<>(warnings);
    }

    /** build.xml or a program written by an older version may lack fields: rebuilt with defaults. */
    private Object readResolve() {
        if (finalStatus == null || decidedBy == null || comment == null || signoffs == null || evidence == null
                || warnings == null || outcome == null || path == null) {
            return new ApprovalDecision(outcome == null ? ApprovalOutcome.TIMED_OUT : outcome, finalStatus, decidedBy,
                    Instant.ofEpochMilli(decidedAtMillis), path == null ? DecisionPath.REGISTRY : path, comment,
                    administratorOverride, signoffs == null ? List.of() : signoffs, evidence == null ? List.of() : evidence,
                    warnings == null ? List.of() : warnings);
        }
        return this;
    }

    public ApprovalOutcome getOutcome() {
        return outcome;
    }

    /** The registry status after the decision; the status the package still has after a timeout. */
    public String getFinalStatus() {
        return finalStatus;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public Instant getDecidedAt() {
        return Instant.ofEpochMilli(decidedAtMillis);
    }

    public DecisionPath getPath() {
        return path;
    }

    public String getComment() {
        return comment;
    }

    public boolean isAdministratorOverride() {
        return administratorOverride;
    }

    public List<TierSignoff> getSignoffs() {
        return Collections.unmodifiableList(signoffs);
    }

    public List<String> getEvidence() {
        return Collections.unmodifiableList(evidence);
    }

    /** What an auditor should know beyond the decision: the registry changed while Jenkins wrote, the build was aborted. */
    public List<String> getWarnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** The step's return value: plain strings, booleans and lists, safe in the CPS program. */
    public Map<String, Object> toPipelineMap(String modelPackageArn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", outcome.label());
        m.put("approvalStatus", finalStatus);
        m.put("decidedBy", decidedBy);
        m.put("decidedAt", getDecidedAt().toString());
        m.put("path", path.label());
        m.put("comment", comment);
        m.put("administratorOverride", administratorOverride);
        m.put("signoffs", new ArrayList<>(signoffs.stream().map(TierSignoff::toString).toList()));
        m.put("evidence", new ArrayList<>(evidence));
        m.put("warnings", new ArrayList<>(warnings));
        m.put("modelPackageArn", modelPackageArn);
        return m;
    }

    /** One line for the console and for failures; line breaks in registry text cannot forge console lines. */
    public String summary() {
        String who = decidedBy.isEmpty() ? "" : " by " + decidedBy;
        return (outcome.label() + who + " via " + path.label() + " at " + getDecidedAt()
                + (administratorOverride ? " (administrator override)" : "")
                + (comment.isEmpty() ? "" : ": " + comment)).replaceAll("\\p{Cntrl}", " ");
    }
}
