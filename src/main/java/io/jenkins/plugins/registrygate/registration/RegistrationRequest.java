package io.jenkins.plugins.registrygate.registration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code registerModel} was asked to register, named as the step's parameters so that validation messages
 * can name them. Empty strings and empty collections mean "not given".
 */
public record RegistrationRequest(
        String modelPackageGroup,
        String groupDescription,
        String imageUri,
        String modelDataUrl,
        String description,
        List<String> contentTypes,
        List<String> responseTypes,
        List<String> inferenceInstanceTypes,
        String metricsReportUri,
        Map<String, String> metrics,
        String trainingJobName,
        Map<String, String> customerMetadata,
        String approvalStatus,
        String modelCardContent,
        String modelCardStatus,
        Map<String, String> tags,
        Map<String, String> lineageOverrides) {

    public RegistrationRequest {
        contentTypes = List.copyOf(contentTypes);
        responseTypes = List.copyOf(responseTypes);
        inferenceInstanceTypes = List.copyOf(inferenceInstanceTypes);
        metrics = ordered(metrics);
        customerMetadata = ordered(customerMetadata);
        tags = ordered(tags);
        lineageOverrides = ordered(lineageOverrides);
    }

    private static Map<String, String> ordered(Map<String, String> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static Builder builder(String modelPackageGroup, String imageUri) {
        return new Builder(modelPackageGroup, imageUri);
    }

    /** Builds a request; unset values are empty, and the approval status defaults to PendingManualApproval. */
    public static final class Builder {
        private final String group;
        private final String imageUri;
        private String groupDescription = "";
        private String modelDataUrl = "";
        private String description = "";
        private List<String> contentTypes = List.of("application/json");
        private List<String> responseTypes = List.of("application/json");
        private List<String> inferenceInstanceTypes = List.of();
        private String metricsReportUri = "";
        private Map<String, String> metrics = Map.of();
        private String trainingJobName = "";
        private Map<String, String> customerMetadata = Map.of();
        private String approvalStatus = "PendingManualApproval";
        private String modelCardContent = "";
        private String modelCardStatus = "";
        private Map<String, String> tags = Map.of();
        private final Map<String, String> lineage = new LinkedHashMap<>();

        private Builder(String group, String imageUri) {
            this.group = n(group);
            this.imageUri = n(imageUri);
        }

        private static String n(String s) {
            return s == null ? "" : s.trim();
        }

        public Builder groupDescription(String v) { groupDescription = n(v); return this; }
        public Builder modelDataUrl(String v) { modelDataUrl = n(v); return this; }
        public Builder description(String v) { description = n(v); return this; }
        public Builder contentTypes(List<String> v) { contentTypes = v; return this; }
        public Builder responseTypes(List<String> v) { responseTypes = v; return this; }
        public Builder inferenceInstanceTypes(List<String> v) { inferenceInstanceTypes = v; return this; }
        public Builder metricsReportUri(String v) { metricsReportUri = n(v); return this; }
        public Builder metrics(Map<String, String> v) { metrics = v; return this; }
        public Builder trainingJobName(String v) { trainingJobName = n(v); return this; }
        public Builder customerMetadata(Map<String, String> v) { customerMetadata = v; return this; }
        public Builder approvalStatus(String v) { approvalStatus = n(v).isEmpty() ? "PendingManualApproval" : n(v); return this; }
        public Builder modelCardContent(String v) { modelCardContent = v == null ? "" : v; return this; }
        public Builder modelCardStatus(String v) { modelCardStatus = n(v); return this; }
        public Builder tags(Map<String, String> v) { tags = v; return this; }

        /** A lineage value the user gives (wins over what is captured from the build), by {@link LineageField}. */
        public Builder lineage(LineageField field, String value) {
            if (value != null && !value.isBlank()) {
                lineage.put(field.name(), value.trim());
            }
            return this;
        }

        public RegistrationRequest build() {
            return new RegistrationRequest(group, groupDescription, imageUri, modelDataUrl, description, contentTypes,
                    responseTypes, inferenceInstanceTypes, metricsReportUri, metrics, trainingJobName, customerMetadata,
                    approvalStatus, modelCardContent, modelCardStatus, tags, lineage);
        }
    }
}
