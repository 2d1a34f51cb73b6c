package io.jenkins.plugins.registrygate.gates;

import io.jenkins.plugins.registrygate.approvals.DecisionPath;
import io.jenkins.plugins.registrygate.approvals.DecisionSeal;
import io.jenkins.plugins.registrygate.approvals.RecordedDecision;
import io.jenkins.plugins.registrygate.registration.MetadataValues;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fail-closed admission gate of {@code deployApproved}: every check is evaluated (none short-circuits another),
 * waivers are applied, and the deployment may proceed only when no check blocks. Plain Java: the checks that need AWS
 * ({@link Preflight}) hand their results in; the checks on the version itself are made here.
 */
public final class AdmissionGate {

    /** The gate's verdict: every result, in {@link GateCheck} order, and whether the deployment may proceed. */
    public record Verdict(List<GateCheckResult> results) {
        public Verdict {
            results = List.copyOf(results);
        }

        public boolean admits() {
            return results.stream().noneMatch(GateCheckResult::blocks);
        }

        public List<GateCheckResult> blocking() {
            return results.stream().filter(GateCheckResult::blocks).toList();
        }

        /** One message listing every blocking check, for the step's failure. */
        public String refusal() {
            return "deployApproved: the admission gate refused the deployment (" + blocking().size() + " of "
                    + results.size() + " checks):" + blocking().stream().map(r -> "\n  - " + r.summary()).collect(Collectors.joining())
                    + "\nNothing was changed.";
        }
    }

    private AdmissionGate() {}

    /**
     * The checks on the version itself: approval, package status, model card and risk rating, lineage metadata,
     * separation of duties.
     *
     * @param deployers the Jenkins users running this deployment (who started the build, up its trigger chain)
     * @param seal      checks that a Jenkins or rules decision record was written by this controller
     */
    public static List<GateCheckResult> checkVersion(VersionUnderReview v, GatePolicy policy, List<String> deployers,
                                                     DecisionSeal seal) {
        List<GateCheckResult> out = new ArrayList<>();
        out.add("Approved".equals(v.approvalStatus())
                ? pass(GateCheck.APPROVAL_STATUS, "Approved")
                : fail(GateCheck.APPROVAL_STATUS, "the registry says " + v.approvalStatus() + ", not Approved"));
        out.add("Completed".equals(v.packageStatus())
                ? pass(GateCheck.PACKAGE_STATUS, "Completed")
                : fail(GateCheck.PACKAGE_STATUS, "ModelPackageStatus is " + v.packageStatus() + ", not Completed"));
        out.add(modelCard(v));
        out.add(riskRating(v, policy));
        out.add(requiredMetadata(v, policy));
        out.add(separationOfDuties(v, policy, deployers, seal));
        return out;
    }

    /**
     * Applies the waivers ({@link GatePolicy#effectiveWaivers()}: {@code allowSelfDeploy: true} waives separation of
     * duties, {@code requireModelCard: false} the model card) and gives the verdict; a waiver for a check that does not
     * block is left unused, so the record shows the check passed.
     *
     * @param waivedBy who the record names as waiving: the user who started the build, and the build
     */
    public static Verdict decide(List<GateCheckResult> results, GatePolicy policy, String waivedBy) {
        Map<String, String> waivers = policy.effectiveWaivers();
        List<GateCheckResult> decided = new ArrayList<>();
        for (GateCheckResult r : results) {
            String reason = waivers.get(r.getCheck().id());
            decided.add(reason != null && r.blocks() && r.getCheck().isWaivable() ? r.waived(waivedBy, reason) : r);
        }
        decided.sort(java.util.Comparator.comparingInt(r -> r.getCheck().ordinal()));
        return new Verdict(decided);
    }

    /**
     * Made whatever {@code requireModelCard} says: switched off, the check is waived by {@link #decide}, so the record
     * shows that a card was missing or not Approved, rather than that nothing was looked at.
     */
    private static GateCheckResult modelCard(VersionUnderReview v) {
        if (v.cards().isEmpty()) {
            return fail(GateCheck.MODEL_CARD, "the version has no model card, and its metadata names none ("
                    + MetadataKeys.MODEL_CARD_NAME + ")");
        }
        List<String> notApproved = v.cards().stream().filter(c -> !"Approved".equals(c.status()))
                .map(c -> c.source() + " is " + (c.status().isEmpty() ? "without status" : c.status())).toList();
        String all = v.cards().stream().map(c -> c.source() + " " + c.status()).collect(Collectors.joining(", "));
        return notApproved.isEmpty() ? pass(GateCheck.MODEL_CARD, all)
                : fail(GateCheck.MODEL_CARD, String.join("; ", notApproved) + " (must be Approved)");
    }

    /**
     * Asked for by {@code allowedRiskRatings} alone: {@code requireModelCard: false} waives the card's approval, not the
     * rating, so a version with no card to read a rating from still fails here (waive {@code riskRating} for that).
     */
    private static GateCheckResult riskRating(VersionUnderReview v, GatePolicy policy) {
        if (policy.allowedRiskRatings().isEmpty()) {
            return new GateCheckResult(GateCheck.RISK_RATING, CheckOutcome.NOT_APPLICABLE, "no allowedRiskRatings given");
        }
        List<String> allowed = policy.allowedRiskRatings().stream().map(r -> r.toLowerCase(Locale.ROOT)).toList();
        List<String> ratings = new ArrayList<>();
        for (VersionUnderReview.ModelCardView c : v.cards()) {
            Optional<String> rating = c.riskRating();
            if (rating.isEmpty()) {
                return fail(GateCheck.RISK_RATING, c.source() + " states no risk rating (intended_uses.risk_rating)");
            }
            if (!allowed.contains(rating.get().toLowerCase(Locale.ROOT))) {
                return fail(GateCheck.RISK_RATING, c.source() + " rates the risk " + rating.get() + "; allowed: "
                        + String.join(", ", policy.allowedRiskRatings()));
            }
            // A rating read off a card nobody approved (the modelCard check waived) says so.
            ratings.add(c.source() + " " + rating.get() + ("Approved".equals(c.status()) ? ""
                    : " (the card is " + (c.status().isEmpty() ? "without status" : c.status()) + ")"));
        }
        return ratings.isEmpty() ? fail(GateCheck.RISK_RATING, "no model card to read a risk rating from")
                : pass(GateCheck.RISK_RATING, String.join(", ", ratings));
    }

    private static GateCheckResult requiredMetadata(VersionUnderReview v, GatePolicy policy) {
        if (policy.requiredMetadata().isEmpty()) {
            return new GateCheckResult(GateCheck.REQUIRED_METADATA, CheckOutcome.NOT_APPLICABLE, "none required");
        }
        List<String> missing = policy.requiredMetadata().stream()
                .filter(k -> v.metadata().getOrDefault(k, "").isBlank()).toList();
        return missing.isEmpty()
                ? pass(GateCheck.REQUIRED_METADATA, policy.requiredMetadata().stream()
                        .map(k -> k + "=" + v.metadata().get(k)).collect(Collectors.joining(", ")))
                : fail(GateCheck.REQUIRED_METADATA, "missing " + String.join(", ", missing));
    }

    /**
     * Who made the version's current approval decision. The plugin records the Jenkins approver (or the rules) in
     * {@code approval:decided-by}; that record counts only while it is the registry's current decision and carries
     * the controller's seal ({@link RecordedDecision}). Any other approval, a hand-written record among them, is the
     * registry's: LastModifiedBy names its IAM identity or Studio user.
     *
     * @param who  the Jenkins user or registry identity; "" when the registry does not say
     * @param path {@link DecisionPath#JENKINS}, {@link DecisionPath#RULE} or {@link DecisionPath#REGISTRY}
     */
    public record Approver(String who, DecisionPath path) {}

    public static Approver approverOf(VersionUnderReview v, DecisionSeal seal) {
        Optional<DecisionPath> recorded = RecordedDecision.current(seal, v.modelPackageArn(), v.metadata(), v.approvalStatus(),
                v.approvalDescription(), v.lastModified());
        return recorded.map(p -> new Approver(v.metadata().get(MetadataKeys.APPROVED_BY), p))
                .orElseGet(() -> new Approver(v.lastModifiedBy(), DecisionPath.REGISTRY));
    }

    /**
     * Who approved, compared with who registered and who deploys. A Jenkins approver is compared with the Jenkins user
     * who registered ({@code jenkins:registered-by}) and the deployers; a registry approver's IAM identity with the
     * identity that created the version (CreatedBy) and with the deployers. Ids compare without case and in the
     * sanitised form metadata stores them in ({@code CORP\alice} as {@code CORP_alice}).
     */
    private static GateCheckResult separationOfDuties(VersionUnderReview v, GatePolicy policy, List<String> deployers,
                                                      DecisionSeal seal) {
        Map<String, String> md = v.metadata();
        Approver approver = approverOf(v, seal);
        if (approver.path() == DecisionPath.RULE) {
            return policy.requireHumanApproval()
                    ? fail(GateCheck.SEPARATION_OF_DUTIES, "approved by approveIf rules alone, and the administrator requires a"
                            + " person's approval for deployments (Manage Jenkins » System » Model Registry Gate » Require a"
                            + " person's approval to deploy)")
                    : pass(GateCheck.SEPARATION_OF_DUTIES, "approved by approveIf rules, not by a person");
        }
        if (approver.who().isEmpty()) {
            return fail(GateCheck.SEPARATION_OF_DUTIES, "the registry does not say who approved the version");
        }
        String who = approver.who() + (approver.path() == DecisionPath.REGISTRY ? " (in the registry)" : "");
        String registrant = approver.path() == DecisionPath.REGISTRY ? v.createdBy() : md.getOrDefault(MetadataKeys.REGISTERED_BY, "");
        if (!registrant.isEmpty() && sameUser(approver.who(), registrant)) {
            return fail(GateCheck.SEPARATION_OF_DUTIES, who + " both registered and approved the version");
        }
        for (String d : deployers) {
            if (sameUser(approver.who(), d)) {
                return fail(GateCheck.SEPARATION_OF_DUTIES, who + " approved the version and is deploying it");
            }
        }
        return pass(GateCheck.SEPARATION_OF_DUTIES, "approved by " + who
                + (registrant.isEmpty() ? "" : ", registered by " + registrant)
                + (deployers.isEmpty() ? ", deployed by no user (started by a trigger)" : ", deployed by " + String.join(", ", deployers)));
    }

    static boolean sameUser(String a, String b) {
        String x = a.trim().toLowerCase(Locale.ROOT);
        String y = b.trim().toLowerCase(Locale.ROOT);
        return x.equals(y) || MetadataValues.sanitize(x).equals(MetadataValues.sanitize(y));
    }

    static GateCheckResult pass(GateCheck check, String detail) {
        return new GateCheckResult(check, CheckOutcome.PASSED, detail);
    }

    static GateCheckResult fail(GateCheck check, String detail) {
        return new GateCheckResult(check, CheckOutcome.FAILED, detail);
    }
}
