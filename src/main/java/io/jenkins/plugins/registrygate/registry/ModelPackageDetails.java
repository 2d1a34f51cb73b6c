package io.jenkins.plugins.registrygate.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the registry says about one version: status, who last changed it, its metadata and model card.
 * Text here comes from the registry and must be escaped wherever it is shown.
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
        String modelDataUrl) {

    public ModelPackageDetails {
        customerMetadata = Map.copyOf(customerMetadata);
    }

    /** Numeric metrics recorded at registration under {@code metric:<name>} keys. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new TreeMap<>();
        customerMetadata.forEach((k, v) -> {
            if (k.startsWith(MetadataKeys.METRIC_PREFIX)) {
                try {
                    metrics.put(k.substring(MetadataKeys.METRIC_PREFIX.length()), Double.parseDouble(v));
                } catch (NumberFormatException ignored) {
                    // Not a number: someone else's key under our prefix; it is still shown as metadata.
                }
            }
        });
        return metrics;
    }
}
