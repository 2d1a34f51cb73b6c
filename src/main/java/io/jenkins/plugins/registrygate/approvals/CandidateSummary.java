package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import java.io.Serializable;
import java.util.Collections;
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
    static final int PREVIEW = 2000;

    private final String modelPackageArn;
    private final int version;
    private final String description;
    private final String approvalStatus;
    // Sorted LinkedHashMaps, not TreeMaps: XStream rebuilds a TreeMap through reflection into java.util, which
    // Java 17 refuses unless java.util is opened.
    private final LinkedHashMap<String, Double> metrics;
    private final LinkedHashMap<String, String> customerMetadata;
    private final String modelCardStatus;
    /** The start of the model card (the service marks card content sensitive): enough to review, not a copy. */
    private final String modelCardPreview;
    private final int modelCardLength;
    private final String imageUri;
    private final String modelDataUrl;
    private final int baselineVersion;
    private final LinkedHashMap<String, Double> baselineMetrics;

    public CandidateSummary(ModelPackageDetails candidate, Optional<ModelPackageDetails> approved) {
        this.modelPackageArn = candidate.ref().arn();
        this.version = candidate.ref().version();
        this.description = candidate.description();
        this.approvalStatus = candidate.ref().approvalStatus();
        this.metrics = new LinkedHashMap<>(new TreeMap<>(candidate.metrics()));
        this.customerMetadata = new LinkedHashMap<>(new TreeMap<>(candidate.customerMetadata()));
        this.modelCardStatus = candidate.modelCardStatus();
        this.modelCardLength = candidate.modelCardContent().length();
        this.modelCardPreview = modelCardLength <= PREVIEW ? candidate.modelCardContent()
                : candidate.modelCardContent().substring(0, PREVIEW) + "\u2026";
        this.imageUri = candidate.imageUri();
        this.modelDataUrl = candidate.modelDataUrl();
        this.baselineVersion = approved.map(a -> a.ref().version()).orElse(0);
        this.baselineMetrics = new LinkedHashMap<>(new TreeMap<>(approved.map(ModelPackageDetails::metrics).orElse(Map.of())));
    }

    public String getModelPackageArn() { return modelPackageArn; }
    public int getVersion() { return version; }
    public String getDescription() { return description; }
    public String getApprovalStatus() { return approvalStatus; }
    public Map<String, Double> getMetrics() { return Collections.unmodifiableMap(metrics); }
    public Map<String, String> getCustomerMetadata() { return Collections.unmodifiableMap(customerMetadata); }
    public String getModelCardStatus() { return modelCardStatus; }
    /** The model card's first {@value #PREVIEW} characters; the registry holds the whole card. */
    public String getModelCardPreview() { return modelCardPreview; }
    public int getModelCardLength() { return modelCardLength; }
    public String getImageUri() { return imageUri; }
    public String getModelDataUrl() { return modelDataUrl; }

    /** The approved version compared with; 0 when none is approved yet. */
    public int getBaselineVersion() { return baselineVersion; }

    public Map<String, Double> getBaselineMetrics() { return Collections.unmodifiableMap(baselineMetrics); }

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
