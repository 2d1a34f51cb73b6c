package io.jenkins.plugins.registrygate.gates;

import java.util.List;
import java.util.Map;

/**
 * What the admission gate requires beyond an Approved, Completed version, and what the pipeline waived.
 *
 * @param requireModelCard   an Approved model card (the package's own, or one its metadata names) is required
 * @param allowedRiskRatings if not empty, the card's risk rating must be one of these (High, Medium, Low, Unknown)
 * @param requiredMetadata   customer-metadata keys the version must carry (lineage: git commit, image digest, data)
 * @param allowSelfDeploy    the approver may be the registrant or whoever runs this deployment
 * @param waivers            check id to the reason it is waived; approval and package status are never waivable
 */
public record GatePolicy(boolean requireModelCard, List<String> allowedRiskRatings, List<String> requiredMetadata,
                         boolean allowSelfDeploy, Map<String, String> waivers) {

    public GatePolicy {
        allowedRiskRatings = List.copyOf(allowedRiskRatings);
        requiredMetadata = List.copyOf(requiredMetadata);
        waivers = Map.copyOf(waivers);
    }
}
