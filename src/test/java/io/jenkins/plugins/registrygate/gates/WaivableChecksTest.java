package io.jenkins.plugins.registrygate.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The administrator's list of the gate checks a Jenkinsfile may waive. */
class WaivableChecksTest {

    @Test
    void byDefaultEveryWaivableCheckButSeparationOfDuties() {
        assertEquals(List.of("modelCard", "riskRating", "requiredMetadata", "modelArtifact", "artifactKey", "image", "executionRole", "alarms"),
                WaivableChecks.DEFAULT.ids());
        assertFalse(WaivableChecks.DEFAULT.permits(GateCheck.SEPARATION_OF_DUTIES));
    }

    @Test
    void approvalAndPackageStatusAreNeverWaivableWhateverTheListSays() {
        WaivableChecks everything = WaivableChecks.of(EnumSet.allOf(GateCheck.class));
        assertFalse(everything.permits(GateCheck.APPROVAL_STATUS));
        assertFalse(everything.permits(GateCheck.PACKAGE_STATUS));
        assertFalse(WaivableChecks.parse("approvalStatus\npackageStatus").permits(GateCheck.APPROVAL_STATUS));
        assertTrue(everything.permits(GateCheck.SEPARATION_OF_DUTIES));
    }

    @Test
    void theTextIsOneCheckPerLineOrCommaSeparatedWithCommentsIgnoringCase() {
        assertEquals(List.of("modelCard", "image", "alarms"),
                WaivableChecks.parse("# what platform teams may waive\r\nIMAGE\n\n modelcard , alarms\n").ids());
        assertEquals(List.of(), WaivableChecks.parse("").ids());
    }

    @Test
    void aNameThatIsNoCheckIsAProblemNamingTheValidOnes() {
        assertEquals(List.of("'seperationOfDuties' is not a gate check; the checks that can be waived are modelCard, riskRating, "
                + "requiredMetadata, separationOfDuties, modelArtifact, artifactKey, image, executionRole, alarms"),
                WaivableChecks.problems("modelCard\nseperationOfDuties"));
    }

    @Test
    void aCheckThatCanNeverBeWaivedIsAProblem() {
        List<String> problems = WaivableChecks.problems("approvalStatus");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("'approvalStatus' can never be waived: it is what the gate is for"), problems.get(0));
    }

    @Test
    void theRefusalNamesTheCheckTheListAndWhereItIsSet() {
        assertEquals("the administrator does not let pipelines waive separationOfDuties (Manage Jenkins » System » Model Registry Gate » "
                + "Gate checks pipelines may waive: image, alarms; JCasC: unclassified.modelRegistryGate.waivableChecks)",
                WaivableChecks.parse("alarms\nimage").refusal(GateCheck.SEPARATION_OF_DUTIES));
    }
}
