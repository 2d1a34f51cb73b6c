package io.jenkins.plugins.registrygate.approvals;

import java.io.Serializable;
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

    private final List<String> approvers;
    private final boolean allowSelfApproval;
    private final List<ApprovalTier> tiers;
    private final List<String> rules;
    private final OnRuleFailure onRuleFailure;

    public ApprovalPolicy(List<String> approvers, boolean allowSelfApproval, List<ApprovalTier> tiers,
                          List<String> rules, OnRuleFailure onRuleFailure) {
        this.approvers = List.copyOf(approvers);
        this.allowSelfApproval = allowSelfApproval;
        this.tiers = List.copyOf(tiers);
        this.rules = List.copyOf(rules);
        this.onRuleFailure = onRuleFailure;
    }

    public List<String> getApprovers() {
        return approvers;
    }

    public boolean isAllowSelfApproval() {
        return allowSelfApproval;
    }

    public List<ApprovalTier> getTiers() {
        return tiers;
    }

    public List<String> getRules() {
        return rules;
    }

    public OnRuleFailure getOnRuleFailure() {
        return onRuleFailure;
    }

    public boolean isTiered() {
        return !tiers.isEmpty();
    }
}
