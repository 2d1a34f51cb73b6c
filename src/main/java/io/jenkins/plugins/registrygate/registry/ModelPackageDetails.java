package io.jenkins.plugins.registrygate.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the registry says about one version: status, who last changed it, its metadata and model card.
 * Text here comes from the registry and must be escaped wherever it is shown.
 *
 * <p>{@code packageStatus} is the version's {@code ModelPackageStatus} ({@code Pending}, {@code InProgress},
 * {@code Completed}, {@code Failed}, {@code Deleting}), distinct from its approval status: only a
 * {@code Completed} version can be approved.
 */
public record ModelPackageDetails(
        ModelPackageRef ref,
        String description,
        String approvalDescription,
        Map<String, String> customerMetadata,
        String modelCardStatus,
        String modelCardContent,
        String lastModifiedBy,
        Optional<Instant> lastModifiedTime,
        Instant creationTime,
        String imageUri,
        String modelDataUrl,
        String packageStatus) {

    public static final String COMPLETED = "Completed";

    public ModelPackageDetails {
        customerMetadata = Map.copyOf(customerMetadata);
        packageStatus = packageStatus == null ? "" : packageStatus;
    }

    /** A version whose ModelPackageStatus is {@code Completed} (as most registry versions are from the start). */
    public ModelPackageDetails(ModelPackageRef ref, String description, String approvalDescription,
                               Map<String, String> customerMetadata, String modelCardStatus, String modelCardContent,
                               String lastModifiedBy, Optional<Instant> lastModifiedTime, Instant creationTime,
                               String imageUri, String modelDataUrl) {
        this(ref, description, approvalDescription, customerMetadata, modelCardStatus, modelCardContent, lastModifiedBy,
                lastModifiedTime, creationTime, imageUri, modelDataUrl, COMPLETED);
    }

    /**
     * Numeric metrics recorded at registration under {@code metric:<name>} keys. Only finite numbers: {@code NaN} or
     * {@code Infinity} written by another tool would pass any {@code approveIf} threshold or break JSON; they stay
     * visible as text in the metadata.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new TreeMap<>();
        customerMetadata.forEach((k, v) -> {
            if (k.startsWith(MetadataKeys.METRIC_PREFIX)) {
                try {
                    double d = Double.parseDouble(v);
                    if (Double.isFinite(d)) {
                        metrics.put(k.substring(MetadataKeys.METRIC_PREFIX.length()), d);
                    }
                } catch (NumberFormatException ignored) {
                    // Not a number: someone else's key under our prefix; it is still shown as metadata.
                }
            }
        });
        return metrics;
    }

    /** Whether the version can be approved: its ModelPackageStatus is {@code Completed}. */
    public boolean isCompleted() {
        return COMPLETED.equals(packageStatus);
    }
}
