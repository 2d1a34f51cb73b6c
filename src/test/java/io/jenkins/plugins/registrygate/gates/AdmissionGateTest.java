package io.jenkins.plugins.registrygate.gates;

import static io.jenkins.plugins.registrygate.approvals.FixedSeal.SEAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.approvals.DecisionPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admission gate's own checks and its verdict: fail closed, every check reported, waivers recorded. */
class AdmissionGateTest {

    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/7";
    static final GatePolicy STRICT = new GatePolicy(true, List.of(), List.of("git:commit", "image:digest", "data:version"), false, Map.of());

    static Map<String, String> lineage() {
        Map<String, String> m = new HashMap<>();
        m.put("git:commit", "4f2a9c1");
        m.put("image:digest", "sha256:" + "4f".repeat(32));
        m.put("data:version", "s3v-2026-03-01");
        m.put("jenkins:registered-by", "dave");
        m.put("approval:decided-by", "maria");
        m.put("approval:path", "Jenkins");
        m.put("approval:decided-at", DECIDED.toString());
        return m;
    }

    static final Instant DECIDED = Instant.parse("2026-03-14T09:00:00Z");
    static final String CREATOR = "arn:aws:sts::123456789012:assumed-role/jenkins-controller/churn-train-41";

    /** A version whose last change was the decision its metadata records (as the plugin writes it: sealed). */
    static VersionUnderReview version(String status, String packageStatus, Map<String, String> md, VersionUnderReview.ModelCardView... cards) {
        return unsealed(status, packageStatus, sealed(md, ARN, status), cards);
    }

    /** As {@link #version}, with the metadata exactly as given: a record without a seal is not the plugin's. */
    static VersionUnderReview unsealed(String status, String packageStatus, Map<String, String> md, VersionUnderReview.ModelCardView... cards) {
        String description = "rule".equals(md.get("approval:path")) ? status + " by approveIf rules in Jenkins"
                : status + " by Jenkins user " + md.getOrDefault("approval:decided-by", "");
        return new VersionUnderReview(ARN, status, packageStatus, md, description, CREATOR, CREATOR, Optional.of(DECIDED.plusMillis(400)),
                List.of(cards));
    }

    /** {@code md} with the seal the controller writes for a decision of {@code arn} with {@code status}. */
    static Map<String, String> sealed(Map<String, String> md, String arn, String status) {
        Map<String, String> m = new HashMap<>(md);
        if (m.containsKey("approval:decided-by")) {
            m.put("approval:seal", SEAL.seal(arn, status, m.get("approval:decided-by"), m.getOrDefault("approval:decided-at", ""),
                    m.getOrDefault("approval:path", "")));
        }
        return m;
    }

    static List<GateCheckResult> checkVersion(VersionUnderReview v, GatePolicy policy, List<String> deployers) {
        return AdmissionGate.checkVersion(v, policy, deployers, SEAL);
    }

    /** A version whose status was last set in the registry by {@code by}, {@code after} the recorded decision. */
    static VersionUnderReview changedInRegistry(Map<String, String> md, String by, Duration after) {
        return new VersionUnderReview(ARN, "Approved", "Completed", md, "re-approved after the fix", CREATOR, by, Optional.of(DECIDED.plus(after)),
                List.of(APPROVED_CARD));
    }

    static final VersionUnderReview.ModelCardView APPROVED_CARD =
            new VersionUnderReview.ModelCardView("the package's model card", "Approved", Optional.of("Low"));

    static GateCheckResult result(List<GateCheckResult> results, GateCheck check) {
        return results.stream().filter(r -> r.getCheck() == check).findFirst().orElseThrow();
    }

    @Test
    void anApprovedCompletedVersionWithACardLineageAndAnotherApproverPasses() {
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), STRICT, List.of("erin"));
        AdmissionGate.Verdict v = AdmissionGate.decide(r, STRICT, "erin");
        assertTrue(v.admits(), v.refusal());
        assertEquals(CheckOutcome.PASSED, result(r, GateCheck.SEPARATION_OF_DUTIES).getOutcome());
        assertEquals(CheckOutcome.NOT_APPLICABLE, result(r, GateCheck.RISK_RATING).getOutcome());
    }

    @Test
    void aVersionNotApprovedNowIsRefusedAndThatCannotBeWaived() {
        GatePolicy waiving = new GatePolicy(true, List.of(), List.of(), false, Map.of("approvalStatus", "trust me"));
        List<GateCheckResult> r = checkVersion(version("PendingManualApproval", "Completed", lineage(), APPROVED_CARD), waiving, List.of());
        AdmissionGate.Verdict v = AdmissionGate.decide(r, waiving, "erin");
        assertFalse(v.admits());
        assertEquals(CheckOutcome.FAILED, result(v.results(), GateCheck.APPROVAL_STATUS).getOutcome());
        assertTrue(v.refusal().contains("approvalStatus: failed: the registry says PendingManualApproval"), v.refusal());
    }

    @Test
    void aVersionNotCompletedIsRefused() {
        List<GateCheckResult> r = checkVersion(version("Approved", "InProgress", lineage(), APPROVED_CARD), STRICT, List.of());
        assertEquals(CheckOutcome.FAILED, result(r, GateCheck.PACKAGE_STATUS).getOutcome());
    }

    @Test
    void everyFailingCheckIsListedInOneRefusal() {
        Map<String, String> md = lineage();
        md.remove("git:commit");
        md.put("approval:decided-by", "dave");
        List<GateCheckResult> r = checkVersion(version("Rejected", "Completed", md), STRICT, List.of());
        AdmissionGate.Verdict v = AdmissionGate.decide(r, STRICT, "erin");
        assertEquals(List.of(GateCheck.APPROVAL_STATUS, GateCheck.MODEL_CARD, GateCheck.REQUIRED_METADATA, GateCheck.SEPARATION_OF_DUTIES),
                v.blocking().stream().map(GateCheckResult::getCheck).toList());
        assertTrue(v.refusal().contains("(4 of 6 checks)"), v.refusal());
        assertTrue(v.refusal().contains("requiredMetadata: failed: missing git:commit"), v.refusal());
        assertTrue(v.refusal().endsWith("Nothing was changed."), v.refusal());
    }

    @Test
    void aModelCardThatIsNotApprovedFailsTheGate() {
        var pending = new VersionUnderReview.ModelCardView("model card churn-card (version 2)", "PendingReview", Optional.empty());
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD, pending), STRICT, List.of());
        GateCheckResult card = result(r, GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.FAILED, card.getOutcome());
        assertTrue(card.getDetail().contains("churn-card (version 2) is PendingReview"), card.getDetail());
    }

    static final GatePolicy NO_CARD_REQUIRED = new GatePolicy(false, List.of(), List.of(), false, Map.of());
    static final String WAIVER = "erin (churn-deploy #42)";

    @Test
    void aVersionWithoutAModelCardFailsTheGate() {
        GateCheckResult card = result(checkVersion(version("Approved", "Completed", lineage()), STRICT, List.of()), GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.FAILED, card.getOutcome());
    }

    @Test
    void requireModelCardFalseRecordsAMissingCardAsWaivedNotAsNotApplicable() {
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage()), NO_CARD_REQUIRED, List.of());
        AdmissionGate.Verdict v = AdmissionGate.decide(r, NO_CARD_REQUIRED, WAIVER);
        assertTrue(v.admits(), v.refusal());
        GateCheckResult card = result(v.results(), GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.WAIVED, card.getOutcome());
        assertEquals("requireModelCard: false", card.getWaiverReason());
        assertEquals(WAIVER, card.getWaivedBy());
        assertTrue(card.getDetail().contains("has no model card"), "the record keeps what the check found: " + card.getDetail());
    }

    @Test
    void requireModelCardFalseWaivesACardThatIsNotApprovedOnRecord() {
        var pending = new VersionUnderReview.ModelCardView("the package's model card", "PendingReview", Optional.of("Low"));
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), pending), NO_CARD_REQUIRED, List.of());
        GateCheckResult card = result(AdmissionGate.decide(r, NO_CARD_REQUIRED, WAIVER).results(), GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.WAIVED, card.getOutcome());
        assertTrue(card.summary().contains("is PendingReview (must be Approved) (waived by erin (churn-deploy #42): requireModelCard: false)"),
                card.summary());
    }

    @Test
    void requireModelCardFalseLeavesAnApprovedCardPassed() {
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), NO_CARD_REQUIRED, List.of());
        assertEquals(CheckOutcome.PASSED, result(AdmissionGate.decide(r, NO_CARD_REQUIRED, WAIVER).results(), GateCheck.MODEL_CARD).getOutcome());
    }

    @Test
    void aReasonGivenInWaiveWinsOverRequireModelCardFalse() {
        GatePolicy both = new GatePolicy(false, List.of(), List.of(), false, Map.of("modelCard", "card in legal review, CAB-12"));
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage()), both, List.of());
        assertEquals("card in legal review, CAB-12", result(AdmissionGate.decide(r, both, WAIVER).results(), GateCheck.MODEL_CARD).getWaiverReason());
    }

    @Test
    void requireModelCardFalseDoesNotWaiveTheRiskRatingAskedFor() {
        GatePolicy lowWithoutCard = new GatePolicy(false, List.of("Low"), List.of(), false, Map.of());
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage()), lowWithoutCard, List.of());
        AdmissionGate.Verdict v = AdmissionGate.decide(r, lowWithoutCard, WAIVER);
        assertEquals(List.of(GateCheck.RISK_RATING), v.blocking().stream().map(GateCheckResult::getCheck).toList(), v.refusal());
        assertTrue(v.refusal().contains("riskRating: failed: no model card to read a risk rating from"), v.refusal());
    }

    @Test
    void aRiskRatingReadOffACardNobodyApprovedSaysSo() {
        GatePolicy lowWithoutCard = new GatePolicy(false, List.of("Low"), List.of(), false, Map.of());
        var draft = new VersionUnderReview.ModelCardView("the package's model card", "Draft", Optional.of("Low"));
        GateCheckResult rating = result(checkVersion(version("Approved", "Completed", lineage(), draft), lowWithoutCard, List.of()),
                GateCheck.RISK_RATING);
        assertEquals(CheckOutcome.PASSED, rating.getOutcome());
        assertEquals("the package's model card Low (the card is Draft)", rating.getDetail());
    }

    @Test
    void aRiskRatingOutsideTheAllowedOnesFails() {
        GatePolicy lowOnly = new GatePolicy(true, List.of("Low"), List.of(), false, Map.of());
        var high = new VersionUnderReview.ModelCardView("the package's model card", "Approved", Optional.of("High"));
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", lineage(), high), lowOnly, List.of()), GateCheck.RISK_RATING);
        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().contains("rates the risk High; allowed: Low"), r.getDetail());
        assertEquals(CheckOutcome.PASSED, result(checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), lowOnly,
                List.of()), GateCheck.RISK_RATING).getOutcome());
    }

    static Map<String, String> approvedByRules() {
        Map<String, String> md = lineage();
        md.put("approval:decided-by", "approveIf rules");
        md.put("approval:path", "rule");
        return md;
    }

    static final GatePolicy PERSON_REQUIRED = new GatePolicy(true, List.of(), List.of("git:commit", "image:digest", "data:version"),
            false, Map.of(), true);

    @Test
    void aVersionTheRulesApprovedPassesSeparationOfDutiesByDefault() {
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", approvedByRules(), APPROVED_CARD), STRICT,
                List.of("erin")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.PASSED, r.getOutcome(), r.getDetail());
        assertEquals("approved by approveIf rules, not by a person", r.getDetail());
    }

    @Test
    void whenTheAdministratorRequiresAPersonAVersionTheRulesApprovedFailsSeparationOfDuties() {
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", approvedByRules(), APPROVED_CARD), PERSON_REQUIRED,
                List.of("erin")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.getDetail());
        assertTrue(r.getDetail().contains("the administrator requires a person's approval for deployments"), r.getDetail());
    }

    @Test
    void whenTheAdministratorRequiresAPersonAReviewersApprovalStillPasses() {
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), PERSON_REQUIRED,
                List.of("erin")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.PASSED, r.getOutcome(), r.getDetail());
    }

    @Test
    void theApproverMayNotDeploy() {
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), STRICT,
                List.of("Maria")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().contains("maria approved the version and is deploying it"), r.getDetail());
    }

    @Test
    void identitiesCompareAsMetadataStoresThem() {
        Map<String, String> md = lineage();
        md.put("approval:decided-by", "CORP_alice");
        GateCheckResult r = result(checkVersion(version("Approved", "Completed", md, APPROVED_CARD), STRICT,
                List.of("CORP\\alice")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome());
    }

    @Test
    void aVersionApprovedInTheRegistryNamesItsIamIdentity() {
        Map<String, String> md = lineage();
        md.remove("approval:decided-by");
        md.remove("approval:path");
        VersionUnderReview v = changedInRegistry(md, "arn:aws:iam::123456789012:user/dave", Duration.ZERO);
        GateCheckResult r = result(checkVersion(v, STRICT, List.of()), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.PASSED, r.getOutcome(), "an IAM ARN is not the Jenkins registrant dave");
        assertTrue(r.getDetail().contains("approved by arn:aws:iam::123456789012:user/dave (in the registry)"), r.getDetail());
    }

    @Test
    void aJenkinsApprovalSupersededInTheRegistryCreditsTheRegistryApprover() {
        VersionUnderReview v = changedInRegistry(lineage(), "arn:aws:iam::123456789012:user/sam", Duration.ofHours(2));
        assertEquals(new AdmissionGate.Approver("arn:aws:iam::123456789012:user/sam", DecisionPath.REGISTRY), AdmissionGate.approverOf(v, SEAL));
        GateCheckResult r = result(checkVersion(v, STRICT, List.of("maria")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.PASSED, r.getOutcome(), "maria's stale approval does not make her the approver: " + r.getDetail());
    }

    @Test
    void aJenkinsApprovalIsCreditedWhileItIsTheLastChange() {
        assertEquals(new AdmissionGate.Approver("maria", DecisionPath.JENKINS),
                AdmissionGate.approverOf(version("Approved", "Completed", lineage(), APPROVED_CARD), SEAL));
    }

    @Test
    void aHandWrittenJenkinsApprovalWithoutTheControllersSealIsTheRegistrysAndFailsWhenTheCreatorWroteIt() {
        // A Jenkinsfile binds the build's AWS credential and writes the record the plugin would write, naming bob.
        Map<String, String> forged = lineage();
        forged.put("approval:decided-by", "bob");
        VersionUnderReview v = unsealed("Approved", "Completed", forged, APPROVED_CARD);

        assertEquals(new AdmissionGate.Approver(CREATOR, DecisionPath.REGISTRY), AdmissionGate.approverOf(v, SEAL));
        GateCheckResult r = result(checkVersion(v, STRICT, List.of("erin")), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.getDetail());
        assertTrue(r.getDetail().contains("both registered and approved"), r.getDetail());
    }

    @Test
    void aJenkinsApprovalSealedForAnotherVersionIsTheRegistrys() {
        Map<String, String> md = sealed(lineage(), ARN.replace("/7", "/6"), "Approved");
        assertEquals(DecisionPath.REGISTRY, AdmissionGate.approverOf(unsealed("Approved", "Completed", md, APPROVED_CARD), SEAL).path());
    }

    @Test
    void aSealedJenkinsApprovalWhoseApproverWasAlteredIsTheRegistrys() {
        Map<String, String> md = sealed(lineage(), ARN, "Approved");
        md.put("approval:decided-by", "bob");
        assertEquals(DecisionPath.REGISTRY, AdmissionGate.approverOf(unsealed("Approved", "Completed", md, APPROVED_CARD), SEAL).path());
    }

    @Test
    void aHandWrittenRulesApprovalIsNotPassedAsNoPerson() {
        Map<String, String> md = lineage();
        md.put("approval:decided-by", "approveIf rules");
        md.put("approval:path", "rule");
        GateCheckResult r = result(checkVersion(unsealed("Approved", "Completed", md, APPROVED_CARD), STRICT, List.of()),
                GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.getDetail());
        assertTrue(r.getDetail().contains("(in the registry) both registered and approved"), r.getDetail());
    }

    @Test
    void aRuleRecordSupersededInTheRegistryNoLongerPassesAsNoPerson() {
        Map<String, String> md = lineage();
        md.put("approval:decided-by", "approveIf rules");
        md.put("approval:path", "rule");
        GateCheckResult r = result(checkVersion(changedInRegistry(md, CREATOR, Duration.ofDays(1)), STRICT, List.of()),
                GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome(), r.getDetail());
        assertTrue(r.getDetail().contains("both registered and approved"), r.getDetail());
    }

    @Test
    void theIamIdentityThatCreatedTheVersionMayNotApproveItInTheRegistry() {
        Map<String, String> md = lineage();
        md.remove("approval:decided-by");
        GateCheckResult r = result(checkVersion(changedInRegistry(md, CREATOR.toUpperCase(java.util.Locale.ROOT), Duration.ZERO),
                STRICT, List.of()), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, r.getOutcome());
        assertTrue(r.getDetail().startsWith(CREATOR.toUpperCase(java.util.Locale.ROOT) + " (in the registry) both registered and approved"), r.getDetail());
    }

    @Test
    void rulesAreNotAPersonAndAnUnknownApproverFails() {
        Map<String, String> md = lineage();
        md.put("approval:decided-by", "approveIf rules");
        md.put("approval:path", "rule");
        assertEquals(CheckOutcome.PASSED, result(checkVersion(version("Approved", "Completed", md, APPROVED_CARD), STRICT,
                List.of("dave")), GateCheck.SEPARATION_OF_DUTIES).getOutcome());
        md.remove("approval:decided-by");
        md.remove("approval:path");
        assertEquals(CheckOutcome.FAILED, result(checkVersion(version("Approved", "Completed", md, APPROVED_CARD), STRICT,
                List.of()), GateCheck.SEPARATION_OF_DUTIES).getOutcome());
    }

    @Test
    void aWaiverLetsAFailingCheckPassAndRecordsWhoAndWhy() {
        GatePolicy waiving = new GatePolicy(true, List.of(), List.of(), false, Map.of("modelCard", "card in legal review, CAB-12"));
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage()), waiving, List.of());
        AdmissionGate.Verdict v = AdmissionGate.decide(r, waiving, "erin");
        assertTrue(v.admits(), v.refusal());
        GateCheckResult card = result(v.results(), GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.WAIVED, card.getOutcome());
        assertEquals("erin", card.getWaivedBy());
        assertEquals("card in legal review, CAB-12", card.getWaiverReason());
        assertTrue(card.getDetail().contains("has no model card"), "the record keeps why it would have failed");
    }

    @Test
    void aWaivedRiskRatingOutsideTheAllowedOnesIsRecordedAsWaivedByWhoAndWhyAndAdmitted() {
        GatePolicy lowOnly = new GatePolicy(true, List.of("Low"), List.of(), false, Map.of("riskRating", "High accepted by the risk board, RB-31"));
        var high = new VersionUnderReview.ModelCardView("the package's model card", "Approved", Optional.of("High"));
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), high), lowOnly, List.of("erin"));

        AdmissionGate.Verdict v = AdmissionGate.decide(r, lowOnly, WAIVER);

        assertTrue(v.admits(), v.refusal());
        GateCheckResult rating = result(v.results(), GateCheck.RISK_RATING);
        assertEquals(CheckOutcome.WAIVED, rating.getOutcome());
        assertEquals(WAIVER, rating.getWaivedBy());
        assertEquals("High accepted by the risk board, RB-31", rating.getWaiverReason());
        assertTrue(rating.getDetail().contains("rates the risk High; allowed: Low"), "the record keeps what the check found: " + rating.getDetail());
    }

    @Test
    void aWaivedMissingRequiredMetadataKeyIsRecordedAsWaivedByWhoAndWhyAndAdmitted() {
        GatePolicy waiving = new GatePolicy(true, List.of(), List.of("git:commit", "image:digest", "data:version"), false,
                Map.of("requiredMetadata", "data snapshot predates versioning, DATA-9"));
        Map<String, String> md = lineage();
        md.remove("data:version");
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", md, APPROVED_CARD), waiving, List.of("erin"));

        AdmissionGate.Verdict v = AdmissionGate.decide(r, waiving, WAIVER);

        assertTrue(v.admits(), v.refusal());
        GateCheckResult metadata = result(v.results(), GateCheck.REQUIRED_METADATA);
        assertEquals(CheckOutcome.WAIVED, metadata.getOutcome());
        assertEquals(WAIVER, metadata.getWaivedBy());
        assertEquals("data snapshot predates versioning, DATA-9", metadata.getWaiverReason());
        assertEquals("missing data:version", metadata.getDetail(), "the record keeps what the check found");
    }

    @Test
    void aWaiverForACheckThatPassesIsLeftUnused() {
        GatePolicy waiving = new GatePolicy(true, List.of(), List.of(), false, Map.of("modelCard", "just in case"));
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), waiving, List.of());
        assertEquals(CheckOutcome.PASSED, result(AdmissionGate.decide(r, waiving, "erin").results(), GateCheck.MODEL_CARD).getOutcome());
    }

    @Test
    void allowSelfDeployWaivesSeparationOfDutiesOnRecord() {
        GatePolicy self = new GatePolicy(true, List.of(), List.of(), true, Map.of());
        List<GateCheckResult> r = checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), self, List.of("maria"));
        GateCheckResult sod = result(AdmissionGate.decide(r, self, "maria").results(), GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.WAIVED, sod.getOutcome());
        assertEquals("allowSelfDeploy: true", sod.getWaiverReason());
    }

    @Test
    void aCheckTheIdentityMayNotMakeBlocksLikeAFailure() {
        List<GateCheckResult> r = new ArrayList<>(checkVersion(version("Approved", "Completed", lineage(), APPROVED_CARD), STRICT, List.of()));
        r.add(new GateCheckResult(GateCheck.IMAGE, CheckOutcome.NOT_PERMITTED, "ECR DescribeImages failed: AccessDeniedException"));
        AdmissionGate.Verdict v = AdmissionGate.decide(r, STRICT, "erin");
        assertFalse(v.admits());
        assertTrue(v.refusal().contains("image: not permitted: ECR DescribeImages failed"), v.refusal());
    }

    @Test
    void resultsAreReportedInTheGatesOrder() {
        List<GateCheckResult> r = new ArrayList<>();
        r.add(new GateCheckResult(GateCheck.ALARMS, CheckOutcome.PASSED, ""));
        r.add(new GateCheckResult(GateCheck.APPROVAL_STATUS, CheckOutcome.PASSED, ""));
        assertEquals(List.of(GateCheck.APPROVAL_STATUS, GateCheck.ALARMS),
                AdmissionGate.decide(r, STRICT, "x").results().stream().map(GateCheckResult::getCheck).toList());
    }
}
