package io.jenkins.plugins.registrygate.steps;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.registrygate.approvals.ApprovalTier;
import java.io.Serializable;
import java.util.Arrays;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** One tier of {@code awaitApproval(tiers: [...])}: {@code tier(name: 'compliance', approvers: 'carol, risk-team')}. */
public class ApprovalTierSpec implements Describable<ApprovalTierSpec>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String approvers;

    @DataBoundConstructor
    public ApprovalTierSpec(String name, String approvers) {
        this.name = name == null ? "" : name.trim();
        this.approvers = approvers == null ? "" : approvers.trim();
    }

    public String getName() {
        return name;
    }

    public String getApprovers() {
        return approvers;
    }

    ApprovalTier toTier() {
        return new ApprovalTier(name, AwaitApprovalStep.splitIds(approvers));
    }

    /** Names the tier describable {@code tier} in Pipeline scripts. */
    @Extension
    @Symbol("tier")
    public static final class DescriptorImpl extends Descriptor<ApprovalTierSpec> {
        @Override
        public String getDisplayName() {
            return "Approval tier";
        }
    }

    @Override
    public String toString() {
        return name + " (" + String.join(", ", Arrays.asList(approvers)) + ")";
    }
}
