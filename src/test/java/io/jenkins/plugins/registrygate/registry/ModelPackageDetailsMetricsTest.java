package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metrics read from registry metadata are finite numbers; anything else stays text in the metadata. */
class ModelPackageDetailsMetricsTest {

    static ModelPackageDetails withMetadata(Map<String, String> metadata) {
        return new ModelPackageDetails(new ModelPackageRef("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/1",
                "churn-model", 1, "PendingManualApproval"), "", "", metadata, "", "", "", Optional.empty(), Instant.EPOCH, "", "");
    }

    @Test
    void onlyFiniteNumbersAreMetrics() {
        ModelPackageDetails d = withMetadata(Map.of("metric:auc", "0.91", "metric:loss", "NaN", "metric:lift", "Infinity",
                "metric:drop", "-Infinity", "metric:huge", "1e400", "metric:note", "good", "team", "risk"));

        assertEquals(Map.of("auc", 0.91), d.metrics());
        assertEquals("NaN", d.customerMetadata().get("metric:loss"), "still visible as text");
    }

    @Test
    void detailsBuiltWithoutAPackageStatusMeanACompletedVersion() {
        assertEquals("Completed", withMetadata(Map.of()).packageStatus());
    }
}
