package io.jenkins.plugins.registrygate.steps;

import hudson.Extension;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code deployApproved}: deploys a model package version to a SageMaker endpoint only if it is Approved in the registry
 * now and every check of the admission gate holds, behind SageMaker's deployment guardrails, then proves what serves.
 * Accepts the map {@code registerModel} or {@code awaitApproval} returned, merged with the target
 * ({@code deployApproved(decision + [endpointName: 'churn', instanceType: 'ml.m5.large'])}), or the ARN by name.
 * Holds no executor while SageMaker works; survives a controller restart without deploying twice.
 */
public class DeployApprovedStep extends RegistryStep {
    private static final long serialVersionUID = 1L;

    private final String endpointName;
    private String modelPackageArn = "";
    private String modelPackageGroup = "";
    private int modelPackageVersion;
    private String instanceType = "";
    private int instanceCount = 1;
    private String variantName = "";
    private int serverlessMemorySizeInMb;
    private int serverlessMaxConcurrency;
    private String executionRoleArn = "";
    private List<String> subnets = List.of();
    private List<String> securityGroupIds = List.of();
    private List<String> environment = List.of();
    private String dataCaptureS3Uri = "";
    /** Null: not given (100 when capturing). Boxed, so an empty form field is "not given", not 0. */
    private Integer dataCapturePercentage;
    private List<String> tags = List.of();
    private boolean requireModelCard = true;
    private List<String> allowedRiskRatings = List.of();
    private List<String> requiredMetadata = List.of();
    private boolean allowSelfDeploy;
    private List<String> waive = List.of();
    private boolean plan;
    private String trafficShifting = "";
    private String canarySize = "";
    private String linearStepSize = "";
    private String rollingBatchSize = "";
    private String rollbackBatchSize = "";
    private String waitInterval = "";
    private String terminationWait = "";
    private String maximumExecutionTime = "";
    private List<String> alarms = List.of();
    private String ifBusy = "wait";
    private String timeout = "";
    // Keys of the maps registerModel and awaitApproval return, accepted so the map can be passed as is.
    private String approvalStatus = "";
    private String decision = "";
    private String decidedBy = "";
    private String decidedAt = "";
    private String path = "";
    private String comment = "";
    private boolean administratorOverride;
    private List<String> signoffs = List.of();
    private List<String> evidence = List.of();
    private List<String> warnings = List.of();

    @DataBoundConstructor
    public DeployApprovedStep(String endpointName) {
        this.endpointName = clean(endpointName);
    }

    public String getEndpointName() { return endpointName; }
    public String getModelPackageArn() { return modelPackageArn; }
    public String getModelPackageGroup() { return modelPackageGroup; }
    public int getModelPackageVersion() { return modelPackageVersion; }
    public String getInstanceType() { return instanceType; }
    public int getInstanceCount() { return instanceCount; }
    public String getVariantName() { return variantName; }
    public int getServerlessMemorySizeInMb() { return serverlessMemorySizeInMb; }
    public int getServerlessMaxConcurrency() { return serverlessMaxConcurrency; }
    public String getExecutionRoleArn() { return executionRoleArn; }
    public List<String> getSubnets() { return subnets; }
    public List<String> getSecurityGroupIds() { return securityGroupIds; }
    public List<String> getEnvironment() { return environment; }
    public String getDataCaptureS3Uri() { return dataCaptureS3Uri; }
    public Integer getDataCapturePercentage() { return dataCapturePercentage; }
    public List<String> getTags() { return tags; }
    public boolean isRequireModelCard() { return requireModelCard; }
    public List<String> getAllowedRiskRatings() { return allowedRiskRatings; }
    public List<String> getRequiredMetadata() { return requiredMetadata; }
    public boolean isAllowSelfDeploy() { return allowSelfDeploy; }
    public List<String> getWaive() { return waive; }
    public boolean isPlan() { return plan; }
    public String getTrafficShifting() { return trafficShifting; }
    public String getCanarySize() { return canarySize; }
    public String getLinearStepSize() { return linearStepSize; }
    public String getRollingBatchSize() { return rollingBatchSize; }
    public String getRollbackBatchSize() { return rollbackBatchSize; }
    public String getWaitInterval() { return waitInterval; }
    public String getTerminationWait() { return terminationWait; }
    public String getMaximumExecutionTime() { return maximumExecutionTime; }
    public List<String> getAlarms() { return alarms; }
    public String getIfBusy() { return ifBusy; }
    public String getTimeout() { return timeout; }
    public String getApprovalStatus() { return approvalStatus; }
    public String getDecision() { return decision; }
    public String getDecidedBy() { return decidedBy; }
    public String getDecidedAt() { return decidedAt; }
    public String getPath() { return path; }
    public String getComment() { return comment; }
    public boolean isAdministratorOverride() { return administratorOverride; }
    public List<String> getSignoffs() { return signoffs; }
    public List<String> getEvidence() { return evidence; }
    public List<String> getWarnings() { return warnings; }

    @DataBoundSetter public void setModelPackageArn(String v) { modelPackageArn = clean(v); }
    @DataBoundSetter public void setModelPackageGroup(String v) { modelPackageGroup = clean(v); }
    @DataBoundSetter public void setModelPackageVersion(int v) { modelPackageVersion = v; }
    @DataBoundSetter public void setInstanceType(String v) { instanceType = clean(v); }
    @DataBoundSetter public void setInstanceCount(int v) { instanceCount = v; }
    @DataBoundSetter public void setVariantName(String v) { variantName = clean(v); }
    @DataBoundSetter public void setServerlessMemorySizeInMb(int v) { serverlessMemorySizeInMb = v; }
    @DataBoundSetter public void setServerlessMaxConcurrency(int v) { serverlessMaxConcurrency = v; }
    @DataBoundSetter public void setExecutionRoleArn(String v) { executionRoleArn = clean(v); }
    @DataBoundSetter public void setSubnets(List<String> v) { subnets = cleanList(v); }
    @DataBoundSetter public void setSecurityGroupIds(List<String> v) { securityGroupIds = cleanList(v); }
    @DataBoundSetter public void setEnvironment(List<String> v) { environment = cleanList(v); }
    @DataBoundSetter public void setDataCaptureS3Uri(String v) { dataCaptureS3Uri = clean(v); }
    @DataBoundSetter public void setDataCapturePercentage(Integer v) { dataCapturePercentage = v; }
    @DataBoundSetter public void setTags(List<String> v) { tags = cleanList(v); }
    @DataBoundSetter public void setRequireModelCard(boolean v) { requireModelCard = v; }
    @DataBoundSetter public void setAllowedRiskRatings(List<String> v) { allowedRiskRatings = cleanList(v); }
    @DataBoundSetter public void setRequiredMetadata(List<String> v) { requiredMetadata = cleanList(v); }
    @DataBoundSetter public void setAllowSelfDeploy(boolean v) { allowSelfDeploy = v; }
    @DataBoundSetter public void setWaive(List<String> v) { waive = cleanList(v); }
    @DataBoundSetter public void setPlan(boolean v) { plan = v; }
    @DataBoundSetter public void setTrafficShifting(String v) { trafficShifting = clean(v); }
    @DataBoundSetter public void setCanarySize(String v) { canarySize = clean(v); }
    @DataBoundSetter public void setLinearStepSize(String v) { linearStepSize = clean(v); }
    @DataBoundSetter public void setRollingBatchSize(String v) { rollingBatchSize = clean(v); }
    @DataBoundSetter public void setRollbackBatchSize(String v) { rollbackBatchSize = clean(v); }
    @DataBoundSetter public void setWaitInterval(String v) { waitInterval = clean(v); }
    @DataBoundSetter public void setTerminationWait(String v) { terminationWait = clean(v); }
    @DataBoundSetter public void setMaximumExecutionTime(String v) { maximumExecutionTime = clean(v); }
    @DataBoundSetter public void setAlarms(List<String> v) { alarms = cleanList(v); }
    @DataBoundSetter public void setIfBusy(String v) { ifBusy = clean(v).isEmpty() ? "wait" : clean(v); }
    @DataBoundSetter public void setTimeout(String v) { timeout = clean(v); }
    /** From the map registerModel or awaitApproval returned; informational: the gate reads the registry now. */
    @DataBoundSetter public void setApprovalStatus(String v) { approvalStatus = clean(v); }
    /** From the map awaitApproval returned: anything but Approved is refused before any AWS call. */
    @DataBoundSetter public void setDecision(String v) { decision = clean(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setDecidedBy(String v) { decidedBy = clean(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setDecidedAt(String v) { decidedAt = clean(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setPath(String v) { path = clean(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setComment(String v) { comment = v == null ? "" : v; }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setAdministratorOverride(boolean v) { administratorOverride = v; }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setSignoffs(List<String> v) { signoffs = cleanList(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setEvidence(List<String> v) { evidence = cleanList(v); }
    /** From the map awaitApproval returned; informational. */
    @DataBoundSetter public void setWarnings(List<String> v) { warnings = cleanList(v); }

    /** The parameters as the deployment package validates them. */
    DeploymentParameters parameters() {
        return new DeploymentParameters(modelPackageArn, modelPackageGroup, modelPackageVersion, decision, endpointName,
                instanceType, instanceCount, variantName, serverlessMemorySizeInMb, serverlessMaxConcurrency, executionRoleArn,
                subnets, securityGroupIds, environment, dataCaptureS3Uri, java.util.Optional.ofNullable(dataCapturePercentage), tags, requireModelCard,
                allowedRiskRatings, requiredMetadata, allowSelfDeploy, waive, plan, trafficShifting, canarySize, linearStepSize,
                rollingBatchSize, rollbackBatchSize, waitInterval, terminationWait, maximumExecutionTime, alarms, ifBusy, timeout);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new DeployApprovedExecution(context, this);
    }

    /** Declares the {@code deployApproved} Pipeline step. */
    @Extension
    public static final class DescriptorImpl extends RegistryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "deployApproved";
        }

        @Override
        public String getDisplayName() {
            return "Deploy an approved model version to a SageMaker endpoint behind the admission gate";
        }
    }
}
