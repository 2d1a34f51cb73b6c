package io.jenkins.plugins.registrygate.steps;

import hudson.Extension;
import io.jenkins.plugins.registrygate.registration.Lineage;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.validation.KeyValues;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registerModel}: registers a trained model as a new version of a SageMaker model package group, with
 * lineage captured from the build, and returns {@code [modelPackageArn, modelPackageGroup, modelPackageVersion,
 * approvalStatus]}. Retried or resumed, it returns the version it already created.
 */
public class RegisterModelStep extends RegistryStep {
    private static final long serialVersionUID = 1L;

    private final String modelPackageGroup;
    private final String imageUri;
    private String modelDataUrl = "";
    private String description = "";
    private String groupDescription = "";
    private List<String> contentTypes = List.of("application/json");
    private List<String> responseTypes = List.of("application/json");
    private List<String> inferenceInstanceTypes = List.of();
    private String metricsReportUri = "";
    private List<String> metrics = List.of();
    private String trainingJobName = "";
    private List<String> customerMetadata = List.of();
    private String approvalStatus = "PendingManualApproval";
    private String modelCardContent = "";
    private String modelCardStatus = "";
    private List<String> tags = List.of();
    private String gitCommit = "";
    private String gitUrl = "";
    private String imageDigest = "";
    private String dataVersion = "";
    private String requirementsHash = "";

    @DataBoundConstructor
    public RegisterModelStep(String modelPackageGroup, String imageUri) {
        this.modelPackageGroup = clean(modelPackageGroup);
        this.imageUri = clean(imageUri);
    }

    public String getModelPackageGroup() { return modelPackageGroup; }
    public String getImageUri() { return imageUri; }
    public String getModelDataUrl() { return modelDataUrl; }
    public String getDescription() { return description; }
    public String getGroupDescription() { return groupDescription; }
    public List<String> getContentTypes() { return contentTypes; }
    public List<String> getResponseTypes() { return responseTypes; }
    public List<String> getInferenceInstanceTypes() { return inferenceInstanceTypes; }
    public String getMetricsReportUri() { return metricsReportUri; }
    public List<String> getMetrics() { return metrics; }
    public String getTrainingJobName() { return trainingJobName; }
    public List<String> getCustomerMetadata() { return customerMetadata; }
    public String getApprovalStatus() { return approvalStatus; }
    public String getModelCardContent() { return modelCardContent; }
    public String getModelCardStatus() { return modelCardStatus; }
    public List<String> getTags() { return tags; }
    public String getGitCommit() { return gitCommit; }
    public String getGitUrl() { return gitUrl; }
    public String getImageDigest() { return imageDigest; }
    public String getDataVersion() { return dataVersion; }
    public String getRequirementsHash() { return requirementsHash; }

    @DataBoundSetter public void setModelDataUrl(String v) { modelDataUrl = clean(v); }
    @DataBoundSetter public void setDescription(String v) { description = clean(v); }
    @DataBoundSetter public void setGroupDescription(String v) { groupDescription = clean(v); }
    @DataBoundSetter public void setContentTypes(List<String> v) { contentTypes = cleanList(v); }
    @DataBoundSetter public void setResponseTypes(List<String> v) { responseTypes = cleanList(v); }
    @DataBoundSetter public void setInferenceInstanceTypes(List<String> v) { inferenceInstanceTypes = cleanList(v); }
    @DataBoundSetter public void setMetricsReportUri(String v) { metricsReportUri = clean(v); }
    @DataBoundSetter public void setMetrics(List<String> v) { metrics = cleanList(v); }
    @DataBoundSetter public void setTrainingJobName(String v) { trainingJobName = clean(v); }
    @DataBoundSetter public void setCustomerMetadata(List<String> v) { customerMetadata = cleanList(v); }
    @DataBoundSetter public void setApprovalStatus(String v) { approvalStatus = clean(v).isEmpty() ? "PendingManualApproval" : clean(v); }
    @DataBoundSetter public void setModelCardContent(String v) { modelCardContent = v == null ? "" : v; }
    @DataBoundSetter public void setModelCardStatus(String v) { modelCardStatus = clean(v); }
    @DataBoundSetter public void setTags(List<String> v) { tags = cleanList(v); }
    @DataBoundSetter public void setGitCommit(String v) { gitCommit = clean(v); }
    /** Kept without credentials: the step is part of the Pipeline's saved program state. */
    @DataBoundSetter public void setGitUrl(String v) { gitUrl = Lineage.withoutCredentials(clean(v)); }
    @DataBoundSetter public void setImageDigest(String v) { imageDigest = clean(v); }
    @DataBoundSetter public void setDataVersion(String v) { dataVersion = clean(v); }
    @DataBoundSetter public void setRequirementsHash(String v) { requirementsHash = clean(v); }

    /** The request this step describes; key=value lists are parsed here and their problems reported by name. */
    RegistrationRequest toRequest(ParameterRules rules) {
        return RegistrationRequest.builder(modelPackageGroup, imageUri)
                .modelDataUrl(modelDataUrl)
                .description(description)
                .groupDescription(groupDescription)
                .contentTypes(contentTypes)
                .responseTypes(responseTypes)
                .inferenceInstanceTypes(inferenceInstanceTypes)
                .metricsReportUri(metricsReportUri)
                .metrics(KeyValues.parse(rules, "metrics", metrics))
                .trainingJobName(trainingJobName)
                .customerMetadata(KeyValues.parse(rules, "customerMetadata", customerMetadata))
                .approvalStatus(approvalStatus)
                .modelCardContent(modelCardContent)
                .modelCardStatus(modelCardStatus)
                .tags(KeyValues.parse(rules, "tags", tags))
                .lineage(LineageField.GIT_COMMIT, gitCommit)
                .lineage(LineageField.GIT_URL, gitUrl)
                .lineage(LineageField.IMAGE_DIGEST, imageDigest)
                .lineage(LineageField.TRAINING_JOB, trainingJobName)
                .lineage(LineageField.DATA_VERSION, dataVersion)
                .lineage(LineageField.REQUIREMENTS_HASH, requirementsHash)
                .build();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new RegisterModelExecution(context, this);
    }

    /** Declares the {@code registerModel} Pipeline step. */
    @Extension
    public static final class DescriptorImpl extends RegistryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "registerModel";
        }

        @Override
        public String getDisplayName() {
            return "Register a model version in the SageMaker Model Registry";
        }
    }
}
