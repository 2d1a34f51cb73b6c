package io.jenkins.plugins.registrygate.audit;

import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.ApprovalTier;
import io.jenkins.plugins.registrygate.approvals.CandidateSummary;
import io.jenkins.plugins.registrygate.approvals.TierSignoff;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code awaitApproval} as the build records it, from the prompt to the decision. Stored in build.xml, so the
 * history shows who could decide, what they saw, each sign-off and how it ended; updated as the wait progresses.
 */
public final class ApprovalRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the wait stands. */
    public enum State { WAITING, DECIDED, ABORTED, FAILED }

    private final String id;
    private final String modelPackageArn;
    private final String modelPackageGroup;
    // Not final: readResolve fills them when an older build.xml lacks them.
    private ArrayList<String> approvers;
    private ArrayList<String> tiers;
    private ArrayList<String> rules;
    private final boolean allowSelfApproval;
    private final long startedAtMillis;
    private final long deadlineMillis;
    private State state = State.WAITING;
    private CandidateSummary summary;
    // Copy-on-write: build.xml may be written while a tier signs.
    private volatile ArrayList<TierSignoff> signoffs = new ArrayList<>();
    private ApprovalDecision decision;
    private String failure = "";

    public ApprovalRecord(String id, String modelPackageArn, String modelPackageGroup, ApprovalPolicy policy,
                          Instant startedAt, Optional<Instant> deadline) {
        this.id = id;
        this.modelPackageArn = modelPackageArn;
        this.modelPackageGroup = modelPackageGroup;
        this.approvers = new ArrayList<>(policy.getApprovers());
        this.tiers = new ArrayList<>(policy.getTiers().stream().map(ApprovalTier::toString).toList());
        this.rules = new ArrayList<>(policy.getRules());
        this.allowSelfApproval = policy.isAllowSelfApproval();
        this.startedAtMillis = startedAt.toEpochMilli();
        this.deadlineMillis = deadline.map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * build.xml written by an older version may lack fields: XStream leaves them null (it runs no constructor and no
     * field initialiser), so they get their defaults here.
     */
    private Object readResolve() {
        if (approvers == null) {
            approvers = new ArrayList<>();
        }
        if (tiers == null) {
            tiers = new ArrayList<>();
        }
        if (rules == null) {
            rules = new ArrayList<>();
        }
        if (signoffs == null) {
            signoffs = new ArrayList<>();
        }
        if (failure == null) {
            failure = "";
        }
        if (state == null) {
            state = decision != null ? State.DECIDED : State.WAITING;
        }
        return this;
    }

    public String getId() { return id; }
    public String getModelPackageArn() { return modelPackageArn; }
    public String getModelPackageGroup() { return modelPackageGroup; }
    public List<String> getApprovers() { return Collections.unmodifiableList(approvers); }
    public List<String> getTiers() { return Collections.unmodifiableList(tiers); }
    public List<String> getRules() { return Collections.unmodifiableList(rules); }
    public boolean isAllowSelfApproval() { return allowSelfApproval; }
    public Instant getStartedAt() { return Instant.ofEpochMilli(startedAtMillis); }
    public Optional<Instant> getDeadline() { return deadlineMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadlineMillis)); }

    public synchronized State getState() { return state; }
    public synchronized Optional<CandidateSummary> getSummary() { return Optional.ofNullable(summary); }
    public synchronized List<TierSignoff> getSignoffs() { return List.copyOf(signoffs); }
    public synchronized Optional<ApprovalDecision> getDecision() { return Optional.ofNullable(decision); }
    public synchronized String getFailure() { return failure; }

    public synchronized void prepared(CandidateSummary s) { summary = s; }

    public synchronized void signed(TierSignoff s) {
        if (signoffs.stream().noneMatch(x -> x.getTier().equals(s.getTier()))) {
            ArrayList<TierSignoff> next = new ArrayList<>(signoffs);
            next.add(s);
            signoffs = next;
        }
    }

    public synchronized void decided(ApprovalDecision d) {
        decision = d;
        d.getSignoffs().forEach(this::signed);
        state = State.DECIDED;
    }

    public synchronized void aborted(String why) {
        if (state == State.WAITING) {
            state = State.ABORTED;
            failure = why;
        }
    }

    public synchronized void failed(String why) {
        if (state == State.WAITING) {
            state = State.FAILED;
            failure = why;
        }
    }

    /** The record as plain maps and lists, for the REST API ({@code /api/json}). */
    public synchronized Map<String, Object> toExportMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("modelPackageArn", modelPackageArn);
        m.put("modelPackageGroup", modelPackageGroup);
        m.put("state", state.name());
        m.put("approvers", approvers);
        m.put("tiers", tiers);
        m.put("rules", rules);
        m.put("allowSelfApproval", allowSelfApproval);
        m.put("startedAt", getStartedAt().toString());
        getDeadline().ifPresent(d -> m.put("deadline", d.toString()));
        if (summary != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("version", summary.getVersion());
            s.put("description", summary.getDescription());
            s.put("metrics", summary.getMetrics());
            s.put("customerMetadata", summary.getCustomerMetadata());
            s.put("modelCardStatus", summary.getModelCardStatus());
            s.put("baselineVersion", summary.getBaselineVersion());
            s.put("metricDeltas", summary.getMetricDeltas());
            m.put("candidate", s);
        }
        m.put("signoffs", signoffs.stream().map(so -> Map.of("tier", so.getTier(), "userId", so.getUserId(),
                "at", so.getAt().toString(), "administratorOverride", so.isAdministratorOverride())).toList());
        if (decision != null) {
            m.put("decision", decision.toPipelineMap(modelPackageArn));
        }
        if (!failure.isEmpty()) {
            m.put("failure", failure);
        }
        return m;
    }
}
