package io.jenkins.plugins.registrygate.approvals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Who may decide and how: approvers, separation of duties, tiers and metric rules.
 *
 * <p>No approvers and no tiers means anyone who may build the job can decide, as with the {@code input} step.
 * Separation of duties holds by default: whoever started the build or registered the version may not approve it.
 */
public final class ApprovalPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What to do when {@code approveIf} rules fail. */
    public enum OnRuleFailure { REJECT, HUMANS }

    private final ArrayList<String> approvers;
    private final boolean allowSelfApproval;
    private final ArrayList<ApprovalTier> tiers;
    private final ArrayList<String> rules;
    private final OnRuleFailure onRuleFailure;

    public ApprovalPolicy(List<String> approvers, boolean allowSelfApproval, List<ApprovalTier> tiers,
                          List<String> rules, OnRuleFailure onRuleFailure) {
        this.approvers = new ArrayList<>(approvers);
        this.allowSelfApproval = allowSelfApproval;
        this.tiers = new ArrayList<>(tiers);
        this.rules = new ArrayList<>(rules);
        this.onRuleFailure = onRuleFailure == null ? OnRuleFailure.HUMANS : onRuleFailure;
    }

    /** A program or file written by an older version may lack fields: rebuilt with the defaults. */
    private Object readResolve() {
        if (approvers == null || tiers == null || rules == null || onRuleFailure == null) {
            return new ApprovalPolicy(approvers == null ? List.of() : approvers, allowSelfApproval,
                    tiers == null ? List.of() : tiers, rules == null ? List.of() : rules, onRuleFailure);
        }
        return this;
    }

    public List<String> getApprovers() {
        return Collections.unmodifiableList(approvers);
    }

    public boolean isAllowSelfApproval() {
        return allowSelfApproval;
    }

    public List<ApprovalTier> getTiers() {
        return Collections.unmodifiableList(tiers);
    }

    public List<String> getRules() {
        return Collections.unmodifiableList(rules);
    }

    public OnRuleFailure getOnRuleFailure() {
        return onRuleFailure;
    }

    public boolean isTiered() {
        return !tiers.isEmpty();
    }
}
