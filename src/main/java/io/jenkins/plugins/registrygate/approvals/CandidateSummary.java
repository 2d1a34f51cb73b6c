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
        this(candidate, approved.map(a -> a.ref().version()).orElse(0), approved.map(ModelPackageDetails::metrics).orElse(Map.of()));
    }

    private CandidateSummary(ModelPackageDetails candidate, int baselineVersion, Map<String, Double> baselineMetrics) {
        this(candidate.ref().arn(), candidate.ref().version(), candidate.description(), candidate.ref().approvalStatus(),
                candidate.metrics(), candidate.customerMetadata(), candidate.modelCardStatus(),
                candidate.modelCardContent().length() <= PREVIEW ? candidate.modelCardContent()
                        : candidate.modelCardContent().substring(0, PREVIEW) + "\u2026",
                candidate.modelCardContent().length(), candidate.imageUri(), candidate.modelDataUrl(),
                baselineVersion, baselineMetrics);
    }

    /** A fresh read of the same candidate, compared with the same baseline as before (not looked up again). */
    CandidateSummary withCandidate(ModelPackageDetails candidate) {
        return new CandidateSummary(candidate, baselineVersion, baselineMetrics);
    }

    private CandidateSummary(String modelPackageArn, int version, String description, String approvalStatus,
                             Map<String, Double> metrics, Map<String, String> customerMetadata, String modelCardStatus,
                             String modelCardPreview, int modelCardLength, String imageUri, String modelDataUrl,
                             int baselineVersion, Map<String, Double> baselineMetrics) {
        this.modelPackageArn = nz(modelPackageArn);
        this.version = version;
        this.description = nz(description);
        this.approvalStatus = nz(approvalStatus);
        this.metrics = finite(metrics);
        this.customerMetadata = new LinkedHashMap<>(new TreeMap<>(customerMetadata));
        this.modelCardStatus = nz(modelCardStatus);
        this.modelCardPreview = nz(modelCardPreview);
        this.modelCardLength = modelCardLength;
        this.imageUri = nz(imageUri);
        this.modelDataUrl = nz(modelDataUrl);
        this.baselineVersion = baselineVersion;
        this.baselineMetrics = finite(baselineMetrics);
    }

    /**
     * build.xml written by an older version may lack fields, or hold a NaN or infinite metric (kept before such values
     * were dropped): rebuilt with defaults and finite metrics only, so api/json never carries a bare NaN.
     */
    private Object readResolve() {
        boolean complete = modelPackageArn != null && description != null && approvalStatus != null && metrics != null
                && customerMetadata != null && modelCardStatus != null && modelCardPreview != null && imageUri != null
                && modelDataUrl != null && baselineMetrics != null
                && metrics.values().stream().allMatch(CandidateSummary::isFinite)
                && baselineMetrics.values().stream().allMatch(CandidateSummary::isFinite);
        if (complete) {
            return this;
        }
        return new CandidateSummary(modelPackageArn, version, description, approvalStatus,
                metrics == null ? Map.of() : metrics, customerMetadata == null ? Map.of() : customerMetadata,
                modelCardStatus, modelCardPreview, modelCardLength, imageUri, modelDataUrl, baselineVersion,
                baselineMetrics == null ? Map.of() : baselineMetrics);
    }

    /** Sorted, finite values only: NaN and infinities pass any threshold rule or break JSON. */
    private static LinkedHashMap<String, Double> finite(Map<String, Double> values) {
        TreeMap<String, Double> sorted = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k != null && isFinite(v)) {
                sorted.put(k, v);
            }
        });
        return new LinkedHashMap<>(sorted);
    }

    private static boolean isFinite(Double d) {
        return d != null && Double.isFinite(d);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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

    /** Candidate minus approved, for each metric both record (finite differences only). */
    public Map<String, Double> getMetricDeltas() {
        Map<String, Double> deltas = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            Double base = baselineMetrics.get(k);
            if (base != null && Double.isFinite(v - base)) {
                deltas.put(k, v - base);
            }
        });
        return deltas;
    }

    public MetricRule.Baseline baseline() {
        return new MetricRule.Baseline(baselineVersion, baselineMetrics);
    }
}
