package io.jenkins.plugins.registrygate.steps;

import hudson.Extension;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.ApprovalTier;
import io.jenkins.plugins.registrygate.approvals.MetricRule;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.validation.Durations;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code awaitApproval}: pauses the build, holding no executor, until a model package version is Approved or
 * Rejected in Jenkins, in the registry, or by metric rules; returns who decided, how and why. Accepts the map
 * {@code registerModel} returned ({@code awaitApproval(pkg)}) or {@code modelPackageArn:}.
 */
public class AwaitApprovalStep extends RegistryStep {
    private static final long serialVersionUID = 1L;


    private final String modelPackageArn;
    private String modelPackageGroup = "";
    private int modelPackageVersion;
    private String approvalStatus = "";
    private String approvers = "";
    private boolean allowSelfApproval;
    private List<ApprovalTierSpec> tiers = List.of();
    private List<String> approveIf = List.of();
    private String onRuleFailure = "humans";
    private String timeout = "";
    private String onTimeout = "fail";
    private boolean failOnReject = true;

    @DataBoundConstructor
    public AwaitApprovalStep(String modelPackageArn) {
        this.modelPackageArn = clean(modelPackageArn);
    }

    public String getModelPackageArn() { return modelPackageArn; }
    public String getModelPackageGroup() { return modelPackageGroup; }
    public int getModelPackageVersion() { return modelPackageVersion; }
    public String getApprovalStatus() { return approvalStatus; }
    public String getApprovers() { return approvers; }
    public boolean isAllowSelfApproval() { return allowSelfApproval; }
    public List<ApprovalTierSpec> getTiers() { return tiers; }
    public List<String> getApproveIf() { return approveIf; }
    public String getOnRuleFailure() { return onRuleFailure; }
    public String getTimeout() { return timeout; }
    public String getOnTimeout() { return onTimeout; }
    public boolean isFailOnReject() { return failOnReject; }

    /** From the map registerModel returned; checked against the ARN. */
    @DataBoundSetter public void setModelPackageGroup(String v) { modelPackageGroup = clean(v); }
    /** From the map registerModel returned; checked against the ARN. */
    @DataBoundSetter public void setModelPackageVersion(int v) { modelPackageVersion = v; }
    /** From the map registerModel returned; informational (the registry is asked for the current status). */
    @DataBoundSetter public void setApprovalStatus(String v) { approvalStatus = clean(v); }
    @DataBoundSetter public void setApprovers(String v) { approvers = clean(v); }
    @DataBoundSetter public void setAllowSelfApproval(boolean v) { allowSelfApproval = v; }
    @DataBoundSetter public void setTiers(List<ApprovalTierSpec> v) { tiers = v == null ? List.of() : List.copyOf(v); }
    @DataBoundSetter public void setApproveIf(List<String> v) { approveIf = cleanList(v); }
    @DataBoundSetter public void setOnRuleFailure(String v) { onRuleFailure = clean(v).toLowerCase(Locale.ROOT); }
    @DataBoundSetter public void setTimeout(String v) { timeout = clean(v); }
    @DataBoundSetter public void setOnTimeout(String v) { onTimeout = clean(v).toLowerCase(Locale.ROOT); }
    @DataBoundSetter public void setFailOnReject(boolean v) { failOnReject = v; }

    /** Comma- or whitespace-separated user ids and group names, as the input step's {@code submitter}. */
    static List<String> splitIds(String ids) {
        return Arrays.stream(ids.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, combinations such as {@code 1h30m}, or ISO-8601 {@code PT2H}. */
    static Optional<Duration> parseDuration(String text) {
        return Durations.parse(text);
    }

    /** The validated wait: package, policy and timeout. Every problem is named before any AWS call. */
    record Plan(ModelPackageRef ref, ApprovalPolicy policy, Optional<Duration> timeout, boolean failOnTimeout) {}

    Plan plan(ParameterRules rules) {
        rules.required("modelPackageArn", modelPackageArn);
        ModelPackageRef ref = null;
        if (!modelPackageArn.isEmpty()) {
            rules.check(ModelPackageRef.isVersionedArn(modelPackageArn), "modelPackageArn", modelPackageArn,
                    "must be a versioned model package ARN: arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>");
            if (ModelPackageRef.isVersionedArn(modelPackageArn)) {
                ref = ModelPackageRef.fromArn(modelPackageArn, approvalStatus.isEmpty() ? "PendingManualApproval" : approvalStatus);
                rules.check(modelPackageGroup.isEmpty() || modelPackageGroup.equalsIgnoreCase(ref.group()), "modelPackageGroup",
                        modelPackageGroup, "does not match the group in modelPackageArn (" + ref.group() + ")");
                rules.check(modelPackageVersion == 0 || modelPackageVersion == ref.version(), "modelPackageVersion",
                        String.valueOf(modelPackageVersion), "does not match the version in modelPackageArn (" + ref.version() + ")");
            }
        }
        List<String> approverIds = splitIds(approvers);
        rules.check(approverIds.isEmpty() || tiers.isEmpty(), "approvers", approvers,
                "cannot be combined with tiers: each tier names its own approvers");
        Set<String> tierNames = new HashSet<>();
        for (ApprovalTierSpec t : tiers) {
            rules.check(ParameterRules.ENTITY_NAME.matcher(t.getName()).matches(), "tiers.name", t.getName(), ParameterRules.ENTITY_NAME_RULE);
            rules.check(tierNames.add(t.getName()), "tiers.name", t.getName(), "tier names must be unique");
            rules.check(!splitIds(t.getApprovers()).isEmpty(), "tiers.approvers", t.getName(), "each tier needs at least one approver");
        }
        for (String rule : approveIf) {
            try {
                MetricRule.parse(rule);
            } catch (IllegalArgumentException e) {
                rules.check(false, "approveIf", rule, e.getMessage().substring(e.getMessage().indexOf(';') + 2));
            }
        }
        rules.check(onRuleFailure.equals("humans") || onRuleFailure.equals("reject"), "onRuleFailure", onRuleFailure,
                "must be 'humans' (leave the decision to reviewers) or 'reject'");
        rules.check(onTimeout.equals("fail") || onTimeout.equals("return"), "onTimeout", onTimeout,
                "must be 'fail' (fail the step) or 'return' (return decision TimedOut)");
        Optional<Duration> wait = timeout.isEmpty() ? Optional.empty() : parseDuration(timeout);
        rules.check(timeout.isEmpty() || wait.filter(d -> !d.isZero() && !d.isNegative()).isPresent(), "timeout", timeout,
                "must be a positive duration such as 90s, 30m, 2h, 1d, 1h30m or PT2H");
        List<ApprovalTier> tierList = tiers.stream().map(ApprovalTierSpec::toTier).toList();
        ApprovalPolicy policy = new ApprovalPolicy(approverIds, allowSelfApproval, tierList, approveIf,
                onRuleFailure.equals("reject") ? ApprovalPolicy.OnRuleFailure.REJECT : ApprovalPolicy.OnRuleFailure.HUMANS);
        return new Plan(ref, policy, wait, onTimeout.equals("fail"));
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new AwaitApprovalExecution(context, this);
    }

    /** Declares the {@code awaitApproval} Pipeline step. */
    @Extension
    public static final class DescriptorImpl extends RegistryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "awaitApproval";
        }

        @Override
        public String getDisplayName() {
            return "Wait until a model version is approved in Jenkins or the SageMaker Model Registry";
        }
    }
}
