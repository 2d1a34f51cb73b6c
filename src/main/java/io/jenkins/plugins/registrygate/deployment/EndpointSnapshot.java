package io.jenkins.plugins.registrygate.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.PendingProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantStatus;

/**
 * One DescribeEndpoint answer, reduced to what a rollout follows: status, the configuration in force, the one pending
 * during an update, the variants' traffic and status messages, the failure reason, and SageMaker's LastModifiedTime.
 */
public record EndpointSnapshot(String endpointName, String endpointArn, String status, String endpointConfigName,
                               Optional<String> pendingConfigName, String progress, String failureReason,
                               Instant lastModified) {

    public static EndpointSnapshot of(DescribeEndpointResponse r) {
        Optional<String> pending = r.pendingDeploymentSummary() == null ? Optional.empty()
                : Optional.ofNullable(r.pendingDeploymentSummary().endpointConfigName());
        return new EndpointSnapshot(r.endpointName(), r.endpointArn(), r.endpointStatusAsString(), nz(r.endpointConfigName()),
                pending, plain(progress(r)), plain(nz(r.failureReason())), r.lastModifiedTime() == null ? Instant.EPOCH : r.lastModifiedTime());
    }

    /** Busy: being created, updated, rolled back, maintained or deleted; no new update may start. */
    public boolean isBusy() {
        return List.of("Creating", "Updating", "SystemUpdating", "RollingBack", "Deleting").contains(status);
    }

    /** What the variants report during a rollout: traffic weights and status messages (Baking, ActivatingTraffic…). */
    private static String progress(DescribeEndpointResponse r) {
        StringBuilder b = new StringBuilder();
        r.productionVariants().forEach(v -> {
            if (v.currentWeight() != null) {
                b.append(b.length() > 0 ? "; " : "").append(v.variantName()).append(" weight ").append(v.currentWeight());
            }
        });
        if (r.pendingDeploymentSummary() != null) {
            for (PendingProductionVariantSummary v : r.pendingDeploymentSummary().productionVariants()) {
                String statuses = v.variantStatus().stream().map(EndpointSnapshot::status).collect(Collectors.joining(", "));
                if (!statuses.isEmpty()) {
                    b.append(b.length() > 0 ? "; " : "").append("new ").append(v.variantName()).append(": ").append(statuses);
                }
            }
        }
        return b.toString();
    }

    private static String status(ProductionVariantStatus s) {
        return s.statusAsString() + (s.statusMessage() == null || s.statusMessage().isEmpty() ? "" : " (" + s.statusMessage() + ")");
    }

    /** SageMaker's text goes to the console and the build record on one line: no control characters. */
    private static String plain(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
