package io.jenkins.plugins.registrygate.gates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admission gate requires beyond an Approved, Completed version, and what the pipeline waived. Only waivers
 * the administrator permits ({@link WaivableChecks}) get this far: the step's parameters are refused otherwise.
 *
 * @param requireModelCard   an Approved model card (the package's own, or one its metadata names) is required; false
 *                           waives the {@code modelCard} check, on record, rather than skipping it
 * @param allowedRiskRatings if not empty, the card's risk rating must be one of these (High, Medium, Low, Unknown)
 * @param requiredMetadata   customer-metadata keys the version must carry (lineage: git commit, image digest, data)
 * @param allowSelfDeploy    the approver may be the registrant or whoever runs this deployment: waives
 *                           {@code separationOfDuties}, on record
 * @param waivers            check id to the reason it is waived; approval and package status are never waivable
 * @param requireHumanApproval the administrator's rule that a person must have approved: a version approved by
 *                           {@code approveIf} rules alone (rules and metrics both come from the Jenkinsfile) fails
 *                           {@code separationOfDuties}
 */
public record GatePolicy(boolean requireModelCard, List<String> allowedRiskRatings, List<String> requiredMetadata,
                         boolean allowSelfDeploy, Map<String, String> waivers, boolean requireHumanApproval) {

    /** The reason recorded when {@code allowSelfDeploy: true} waives separation of duties. */
    public static final String SELF_DEPLOY_REASON = "allowSelfDeploy: true";
    /** The reason recorded when {@code requireModelCard: false} waives the model card check. */
    public static final String NO_MODEL_CARD_REASON = "requireModelCard: false";

    public GatePolicy {
        allowedRiskRatings = List.copyOf(allowedRiskRatings);
        requiredMetadata = List.copyOf(requiredMetadata);
        waivers = Map.copyOf(waivers);
    }

    /** A policy under which {@code approveIf} rules count as an approval (the global default). */
    public GatePolicy(boolean requireModelCard, List<String> allowedRiskRatings, List<String> requiredMetadata,
                      boolean allowSelfDeploy, Map<String, String> waivers) {
        this(requireModelCard, allowedRiskRatings, requiredMetadata, allowSelfDeploy, waivers, false);
    }

    /**
     * Every waiver in force, check id to reason: those of {@code waive:}, then those the two switches imply. A reason
     * given in {@code waive:} is kept over the switch's.
     */
    public Map<String, String> effectiveWaivers() {
        Map<String, String> all = new LinkedHashMap<>(waivers);
        if (allowSelfDeploy) {
            all.putIfAbsent(GateCheck.SEPARATION_OF_DUTIES.id(), SELF_DEPLOY_REASON);
        }
        if (!requireModelCard) {
            all.putIfAbsent(GateCheck.MODEL_CARD.id(), NO_MODEL_CARD_REASON);
        }
        return all;
    }
}
