package io.jenkins.plugins.registrygate.gates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The version the gate decides on, as the registry describes it now, with the model cards that speak for it.
 *
 * @param approvalStatus      ModelApprovalStatus read now
 * @param packageStatus       ModelPackageStatus read now ({@code Completed} when usable)
 * @param metadata            customer metadata (lineage, metrics, approval record)
 * @param approvalDescription the registry's ApprovalDescription, "" if none
 * @param createdBy           who created the version in the registry (an IAM ARN or a Studio user), "" if unknown
 * @param lastModifiedBy      who last changed the version in the registry (an IAM ARN or a Studio user), "" if unknown
 * @param lastModified        the registry's LastModifiedTime, if it was ever modified
 * @param cards               the package's own model card and any card its metadata names
 */
public record VersionUnderReview(String modelPackageArn, String approvalStatus, String packageStatus,
                                 Map<String, String> metadata, String approvalDescription, String createdBy,
                                 String lastModifiedBy, Optional<Instant> lastModified, List<ModelCardView> cards) {

    public VersionUnderReview {
        metadata = Map.copyOf(metadata);
        cards = List.copyOf(cards);
    }

    /** One model card as the gate reads it. */
    public record ModelCardView(String source, String status, Optional<String> riskRating) {}
}
