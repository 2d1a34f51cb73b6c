package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a reviewer sees before deciding: the version, its metrics and metadata, model card status, lineage, and
 * the metric deltas against the version approved now. All text comes from the registry: views escape it.
 */
public final class CandidateSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelPackageArn;
    private final int version;
    private final String description;
    private final String approvalStatus;
    private final TreeMap<String, Double> metrics;
    private final TreeMap<String, String> customerMetadata;
    private final String modelCardStatus;
    private final String modelCardContent;
    private final String imageUri;
    private final String modelDataUrl;
    private final int baselineVersion;
    private final TreeMap<String, Double> baselineMetrics;

    public CandidateSummary(ModelPackageDetails candidate, Optional<ModelPackageDetails> approved) {
        this.modelPackageArn = candidate.ref().arn();
        this.version = candidate.ref().version();
        this.description = candidate.description();
        this.approvalStatus = candidate.ref().approvalStatus();
        this.metrics = new TreeMap<>(candidate.metrics());
        this.customerMetadata = new TreeMap<>(candidate.customerMetadata());
        this.modelCardStatus = candidate.modelCardStatus();
        this.modelCardContent = candidate.modelCardContent();
        this.imageUri = candidate.imageUri();
        this.modelDataUrl = candidate.modelDataUrl();
        this.baselineVersion = approved.map(a -> a.ref().version()).orElse(0);
        this.baselineMetrics = new TreeMap<>(approved.map(ModelPackageDetails::metrics).orElse(Map.of()));
    }

    public String getModelPackageArn() { return modelPackageArn; }
    public int getVersion() { return version; }
    public String getDescription() { return description; }
    public String getApprovalStatus() { return approvalStatus; }
    public Map<String, Double> getMetrics() { return metrics; }
    public Map<String, String> getCustomerMetadata() { return customerMetadata; }
    public String getModelCardStatus() { return modelCardStatus; }
    public String getModelCardContent() { return modelCardContent; }
    public String getImageUri() { return imageUri; }
    public String getModelDataUrl() { return modelDataUrl; }

    /** The approved version compared with; 0 when none is approved yet. */
    public int getBaselineVersion() { return baselineVersion; }

    public Map<String, Double> getBaselineMetrics() { return baselineMetrics; }

    public String getGitCommit() { return customerMetadata.getOrDefault(MetadataKeys.GIT_COMMIT, ""); }
    public String getTrainingJob() { return customerMetadata.getOrDefault(MetadataKeys.TRAINING_JOB, ""); }
    public String getDataVersion() { return customerMetadata.getOrDefault(MetadataKeys.DATA_VERSION, ""); }
    public String getRegisteredBy() { return customerMetadata.getOrDefault(MetadataKeys.REGISTERED_BY, ""); }

    /** Candidate minus approved, for each metric both record. */
    public Map<String, Double> getMetricDeltas() {
        Map<String, Double> deltas = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            Double base = baselineMetrics.get(k);
            if (base != null) {
                deltas.put(k, v - base);
            }
        });
        return deltas;
    }

    public MetricRule.Baseline baseline() {
        return new MetricRule.Baseline(baselineVersion, baselineMetrics);
    }
}
