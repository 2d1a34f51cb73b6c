package io.jenkins.plugins.registrygate.approvals;

import static io.jenkins.plugins.registrygate.approvals.FixedSeal.OTHER;
import static io.jenkins.plugins.registrygate.approvals.FixedSeal.SEAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tier sign-off counts only with the seal this controller wrote for that version and tier. */
class TierSignoffSealTest {

    static final String ARN = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model/7";
    static final String KEY = "approval:tier:compliance";
    static final String TEXT = "carol 2026-03-15T10:00:00Z";

    @Test
    void aSealedSignoffGivesBackItsText() {
        assertEquals(Optional.of(TEXT), SEAL.tierText(ARN, KEY, SEAL.sealedTierValue(ARN, KEY, TEXT)));
    }

    @Test
    void aSignoffWithoutASealIsNotOurs() {
        assertEquals(Optional.empty(), SEAL.tierText(ARN, KEY, TEXT));
    }

    @Test
    void aSignoffCopiedFromAnotherVersionIsNotOurs() {
        String other = SEAL.sealedTierValue(ARN.replace("/7", "/6"), KEY, TEXT);
        assertEquals(Optional.empty(), SEAL.tierText(ARN, KEY, other));
    }

    @Test
    void aSignoffCopiedToAnotherTierIsNotOurs() {
        String fairness = SEAL.sealedTierValue(ARN, "approval:tier:fairness", TEXT);
        assertEquals(Optional.empty(), SEAL.tierText(ARN, KEY, fairness));
    }

    @Test
    void aSignoffWithItsSignerChangedIsNotOurs() {
        String sealed = SEAL.sealedTierValue(ARN, KEY, TEXT);
        assertEquals(Optional.empty(), SEAL.tierText(ARN, KEY, sealed.replace("carol", "mallory")));
    }

    @Test
    void anotherControllersSealIsNotOurs() {
        assertEquals(Optional.empty(), SEAL.tierText(ARN, KEY, OTHER.sealedTierValue(ARN, KEY, TEXT)));
    }

    @Test
    void theSealedValueFitsSageMakersLimitWhateverTheSignersName() {
        String sealed = SEAL.sealedTierValue(ARN, KEY, "x".repeat(250) + " 2026-03-15T10:00:00Z");
        assertTrue(sealed.length() <= 256, sealed.length() + " characters");
        assertTrue(SEAL.tierText(ARN, KEY, sealed).isPresent());
    }
}
