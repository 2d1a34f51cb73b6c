package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.validation.InvalidParametersException;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** deployApproved's parameters: every SageMaker rule named by parameter, before any AWS call. */
class DeploymentParametersTest {

    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/7";
    static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
    static final DeploymentParameters.Defaults DEFAULTS = new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA, WaivableChecks.DEFAULT);

    /** A valid instance deployment; each test changes what it is about. */
    static DeploymentParameters valid() {
        return new DeploymentParameters(ARN, "", 0, "", "churn-prod", "ml.m5.large", 1, "", 0, 0, ROLE, List.of(), List.of(),
                List.of(), "", java.util.Optional.empty(), List.of(), true, List.of(), List.of(), false, List.of(), false, "", "", "", "", "", "", "", "",
                List.of(), "wait", "");
    }

    static DeploymentRequest request(DeploymentParameters p) {
        return request(p, DEFAULTS);
    }

    static String refusal(DeploymentParameters p) {
        return refusal(p, DEFAULTS);
    }

    static DeploymentRequest request(DeploymentParameters p, DeploymentParameters.Defaults defaults) {
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest r = p.toRequest(rules, defaults);
        rules.throwIfAny();
        return r;
    }

    static String refusal(DeploymentParameters p, DeploymentParameters.Defaults defaults) {
        return assertThrows(InvalidParametersException.class, () -> request(p, defaults)).getMessage();
    }

    /** The administrator's defaults with these checks waivable by pipelines. */
    static DeploymentParameters.Defaults waivable(GateCheck... checks) {
        return new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA, WaivableChecks.of(List.of(checks)));
    }

    static final String DEFAULT_RULE = "(Manage Jenkins » System » Model Registry Gate » Gate checks pipelines may waive: "
            + "modelCard, riskRating, requiredMetadata, modelArtifact, artifactKey, image, executionRole, alarms; "
            + "JCasC: unclassified.modelRegistryGate.waivableChecks)";

    static DeploymentParameters with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(valid())).build();
    }

    @Test
    void theAdministratorsRequirementOfAPersonsApprovalReachesTheGate() {
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest r = valid().toRequest(rules, new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA,
                WaivableChecks.DEFAULT, true));
        rules.throwIfAny();

        assertTrue(r.gate().requireHumanApproval());
        assertFalse(request(valid()).gate().requireHumanApproval());
    }

    @Test
    void aValidDeploymentPinsThePackageAndTakesSageMakersDefaults() {
        DeploymentRequest r = request(valid());
        assertEquals(new PackageSelector.Pinned(ARN), r.target());
        assertEquals(new Capacity.Instances("AllTraffic", "ml.m5.large", 1), r.capacity());
        assertEquals(TrafficShifting.Mode.ALL_AT_ONCE, r.traffic().mode());
        assertEquals(DeploymentParameters.DEFAULT_TIMEOUT, r.timeout());
        assertEquals(DeploymentParameters.DEFAULT_REQUIRED_METADATA, r.gate().requiredMetadata());
        assertTrue(r.gate().requireModelCard());
    }

    @Test
    void aGroupAloneSelectsItsNewestApprovedVersion() {
        DeploymentRequest r = request(with(b -> b.set("modelPackageArn", "").set("modelPackageGroup", "churn-model")));
        assertEquals(new PackageSelector.NewestApproved("churn-model"), r.target());
    }

    @Test
    void neitherArnNorGroupIsRefused() {
        assertTrue(refusal(with(b -> b.set("modelPackageArn", ""))).contains("modelPackageArn: is required"));
    }

    @Test
    void aDecisionOtherThanApprovedIsRefusedBeforeAnyCall() {
        assertTrue(refusal(with(b -> b.set("decision", "Rejected"))).contains("decision 'Rejected'"));
    }

    @Test
    void theMapsGroupAndVersionMustMatchTheArn() {
        String m = refusal(with(b -> b.set("modelPackageGroup", "other").set("modelPackageVersion", 8)));
        assertTrue(m.contains("modelPackageGroup 'other': does not match"), m);
        assertTrue(m.contains("modelPackageVersion '8': does not match"), m);
    }

    @Test
    void everyViolationIsNamedAtOnce() {
        String m = refusal(with(b -> b.set("endpointName", "bad_name").set("instanceType", "m5.large").set("executionRoleArn", "role")
                .set("timeout", "soon")));
        assertTrue(m.contains("4 invalid parameters"), m);
        assertTrue(m.contains("endpointName 'bad_name'"), m);
        assertTrue(m.contains("instanceType 'm5.large'"), m);
        assertTrue(m.contains("executionRoleArn 'role'"), m);
        assertTrue(m.contains("timeout 'soon'"), m);
    }

    @Test
    void theExecutionRoleComesFromTheGlobalDefaultWhenNotGiven() {
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest r = with(b -> b.set("executionRoleArn", "")).toRequest(rules,
                new DeploymentParameters.Defaults(ROLE, List.of("git:commit"), WaivableChecks.DEFAULT));
        rules.throwIfAny();
        assertEquals(ROLE, r.executionRoleArn());
        assertEquals(List.of("git:commit"), r.gate().requiredMetadata());
        assertTrue(refusal(with(b -> b.set("executionRoleArn", ""))).contains("executionRoleArn: is required"));
    }

    @Test
    void serverlessCapacityHasSageMakersMemorySteps() {
        DeploymentRequest r = request(with(b -> b.set("instanceType", "").set("serverlessMemorySizeInMb", 2048).set("serverlessMaxConcurrency", 5)));
        assertEquals(new Capacity.Serverless("AllTraffic", 2048, 5), r.capacity());
        assertTrue(refusal(with(b -> b.set("instanceType", "").set("serverlessMemorySizeInMb", 1500).set("serverlessMaxConcurrency", 5)))
                .contains("serverlessMemorySizeInMb '1500': must be 1024, 2048"));
        assertTrue(refusal(with(b -> b.set("serverlessMemorySizeInMb", 2048).set("serverlessMaxConcurrency", 5)))
                .contains("instanceType 'ml.m5.large': cannot be combined"));
    }

    @Test
    void aCanaryNeedsItsSizeWithinHalfTheCapacity() {
        DeploymentRequest r = request(with(b -> b.set("instanceCount", 4).set("trafficShifting", "canary").set("canarySize", "25%")
                .set("waitInterval", "10m").set("alarms", List.of("churn-5xx"))));
        assertEquals(TrafficShifting.Mode.CANARY, r.traffic().mode());
        assertEquals(new TrafficShifting.Size(true, 25), r.traffic().size().orElseThrow());
        assertEquals(Duration.ofMinutes(10), r.traffic().waitInterval());
        assertTrue(refusal(with(b -> b.set("trafficShifting", "canary"))).contains("canarySize: is required"));
        assertTrue(refusal(with(b -> b.set("instanceCount", 4).set("trafficShifting", "canary").set("canarySize", "3")))
                .contains("canarySize '3': must be at most 50% of instanceCount (4)"));
        assertTrue(refusal(with(b -> b.set("trafficShifting", "canary").set("canarySize", "60%"))).contains("must be 1% to 50%"));
    }

    @Test
    void aCanaryOfOneInstanceIsAllowedOnALargeFleet() {
        DeploymentRequest r = request(with(b -> b.set("instanceCount", 200).set("trafficShifting", "canary").set("canarySize", "1")));
        assertEquals(new TrafficShifting.Size(false, 1), r.traffic().size().orElseThrow());
    }

    @Test
    void aLinearStepGivenInInstancesIsAtLeastTenPercentOfTheFleet() {
        assertTrue(refusal(with(b -> b.set("instanceCount", 20).set("trafficShifting", "linear").set("linearStepSize", "1")))
                .contains("linearStepSize '1': must be 10% to 50% of instanceCount (20)"));
        assertEquals(new TrafficShifting.Size(false, 2), request(with(b -> b.set("instanceCount", 20).set("trafficShifting", "linear")
                .set("linearStepSize", "2"))).traffic().size().orElseThrow());
    }

    @Test
    void alarmsWithoutABakeAreRefusedAndBakeFiveMinutesByDefault() {
        assertTrue(refusal(with(b -> b.set("alarms", List.of("churn-5xx")).set("waitInterval", "0s")))
                .contains("waitInterval '0s': must be more than 0s when alarms are given"));
        assertEquals(Duration.ofMinutes(5), request(with(b -> b.set("alarms", List.of("churn-5xx")))).traffic().waitInterval());
    }

    @Test
    void linearStepsAreTenToFiftyPercent() {
        assertTrue(refusal(with(b -> b.set("trafficShifting", "linear").set("linearStepSize", "5%"))).contains("must be 10% to 50%"));
        assertEquals(TrafficShifting.Mode.LINEAR, request(with(b -> b.set("trafficShifting", "linear").set("linearStepSize", "20%"))).traffic().mode());
    }

    @Test
    void sizesOfAnotherModeAreRefused() {
        assertTrue(refusal(with(b -> b.set("canarySize", "10%"))).contains("canarySize '10%': only applies with trafficShifting: 'canary'"));
    }

    @Test
    void guardrailModesNeedInstances() {
        assertTrue(refusal(with(b -> b.set("instanceType", "").set("serverlessMemorySizeInMb", 2048).set("serverlessMaxConcurrency", 5)
                .set("trafficShifting", "canary").set("canarySize", "10%"))).contains("a serverless variant is updated allAtOnce"));
    }

    @Test
    void guardrailLimitsAreSageMakers() {
        String m = refusal(with(b -> b.set("waitInterval", "2h").set("terminationWait", "90m").set("maximumExecutionTime", "5m")
                .set("alarms", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"))));
        assertTrue(m.contains("waitInterval '2h': must be at most 1h"), m);
        assertTrue(m.contains("terminationWait '90m'"), m);
        assertTrue(m.contains("maximumExecutionTime '5m': must be 10m to 8h"), m);
        assertTrue(m.contains("alarms: at most 10"), m);
    }

    @Test
    void waiversNameAWaivableCheckAndAReason() {
        DeploymentRequest r = request(with(b -> b.set("waive", List.of("modelCard=legal review of the card pending, CAB-12"))));
        assertEquals(Map.of("modelCard", "legal review of the card pending, CAB-12"), r.gate().waivers());
        assertTrue(refusal(with(b -> b.set("waive", List.of("approvalStatus=trust me")))).contains("can never be waived"));
        assertTrue(refusal(with(b -> b.set("waive", List.of("modelCard")))).contains("must give its reason"));
        assertTrue(refusal(with(b -> b.set("waive", List.of("vibes=ok")))).contains("names no gate check"));
    }

    @Test
    void aStepsRequiredMetadataAddsToTheGlobalListAfterIt() {
        DeploymentRequest r = request(with(b -> b.set("requiredMetadata", List.of("ticket", "git:commit", "ticket"))));
        assertEquals(List.of("git:commit", "image:digest", "data:version", "ticket"), r.gate().requiredMetadata());
    }

    @Test
    void aStepCannotDropAGloballyRequiredKey() {
        DeploymentRequest r = request(with(b -> b.set("requiredMetadata", List.of("git:commit"))),
                new DeploymentParameters.Defaults("", List.of("git:commit", "data:version"), WaivableChecks.DEFAULT));
        assertEquals(List.of("git:commit", "data:version"), r.gate().requiredMetadata());
    }

    @Test
    void separationOfDutiesCannotBeWaivedUnderTheDefaultRule() {
        String m = refusal(with(b -> b.set("waive", List.of("separationOfDuties=hotfix, I approved it myself"))));
        assertTrue(m.contains("waive 'separationOfDuties': the administrator does not let pipelines waive separationOfDuties "
                + DEFAULT_RULE), m);
    }

    @Test
    void aWaiverOfACheckTheAdministratorLeftOffTheListIsRefused() {
        String m = refusal(with(b -> b.set("waive", List.of("modelCard=card in legal review", "image=public registry"))),
                waivable(GateCheck.IMAGE));
        assertTrue(m.contains("waive 'modelCard': the administrator does not let pipelines waive modelCard (Manage Jenkins » System » "
                + "Model Registry Gate » Gate checks pipelines may waive: image; JCasC: unclassified.modelRegistryGate.waivableChecks)"), m);
        assertTrue(m.startsWith("deployApproved: invalid parameter:"), "the permitted image waiver is no problem: " + m);
    }

    @Test
    void withNoChecksWaivableEveryWaiverIsRefused() {
        String m = refusal(with(b -> b.set("waive", List.of("alarms=alarm being recreated"))), waivable());
        assertTrue(m.contains("waive 'alarms': the administrator does not let pipelines waive alarms (Manage Jenkins » System » "
                + "Model Registry Gate » Gate checks pipelines may waive: none;"), m);
    }

    @Test
    void aWaiverTheAdministratorPermitsIsTaken() {
        DeploymentRequest r = request(with(b -> b.set("waive", List.of("separationOfDuties=sole on-call, CAB-77"))),
                waivable(GateCheck.SEPARATION_OF_DUTIES));
        assertEquals(Map.of("separationOfDuties", "sole on-call, CAB-77"), r.gate().waivers());
    }

    @Test
    void allowSelfDeployIsAWaiverOfSeparationOfDutiesUnderTheSameRule() {
        String m = refusal(with(b -> b.set("allowSelfDeploy", true)));
        assertTrue(m.contains("allowSelfDeploy 'true': waives separationOfDuties, and the administrator does not let pipelines waive "
                + "separationOfDuties " + DEFAULT_RULE), m);
        assertTrue(request(with(b -> b.set("allowSelfDeploy", true)), waivable(GateCheck.SEPARATION_OF_DUTIES)).gate().allowSelfDeploy());
    }

    @Test
    void requireModelCardFalseIsAWaiverOfTheModelCardUnderTheSameRule() {
        String m = refusal(with(b -> b.set("requireModelCard", false)), waivable(GateCheck.IMAGE));
        assertTrue(m.contains("requireModelCard 'false': waives modelCard, and the administrator does not let pipelines waive modelCard"), m);
        assertEquals(false, request(with(b -> b.set("requireModelCard", false))).gate().requireModelCard(),
                "the default rule lets pipelines waive the model card");
    }

    @Test
    void aCheckThatCanNeverBeWaivedIsRefusedForWhatItIsNotForTheAdministratorsList() {
        String m = refusal(with(b -> b.set("waive", List.of("packageStatus=still uploading"))));
        assertTrue(m.contains("waive 'packageStatus': can never be waived: it is what the gate is for"), m);
        assertTrue(m.startsWith("deployApproved: invalid parameter:"), "one problem, not two: " + m);
    }

    @Test
    void riskRatingsAreTheModelCardSchemasValues() {
        assertEquals(List.of("Low", "Medium"), request(with(b -> b.set("allowedRiskRatings", List.of("low", "Medium")))).gate().allowedRiskRatings());
        assertTrue(refusal(with(b -> b.set("allowedRiskRatings", List.of("tiny")))).contains("allowedRiskRatings 'tiny'"));
    }

    @Test
    void thePluginsOwnTagKeysAreReserved() {
        assertTrue(refusal(with(b -> b.set("tags", List.of("registry-gate:build=x")))).contains("written by the plugin itself"));
    }

    @Test
    void aVpcNeedsSubnetsAndSecurityGroups() {
        assertTrue(refusal(with(b -> b.set("subnets", List.of("subnet-0a1b2c3d")))).contains("needs both subnets and securityGroupIds"));
    }

    @Test
    void dataCapturePercentageNeedsAnUri() {
        assertTrue(refusal(with(b -> b.set("dataCapturePercentage", java.util.Optional.of(20)))).contains("only applies together with dataCaptureS3Uri"));
        assertTrue(refusal(with(b -> b.set("dataCaptureS3Uri", "s3://capture/churn").set("dataCapturePercentage", java.util.Optional.of(-5))))
                .contains("dataCapturePercentage '-5': must be 0 to 100"));
        assertEquals(100, request(with(b -> b.set("dataCaptureS3Uri", "s3://capture/churn"))).dataCapture().orElseThrow().samplingPercentage());
    }

    @Test
    void anInstanceCountBelowOneIsRefusedNotCorrected() {
        assertTrue(refusal(with(b -> b.set("instanceCount", 0))).contains("instanceCount '0': must be 1 to 1000"));
    }

    @Test
    void ifBusyIsWaitOrFail() {
        assertInstanceOf(DeploymentRequest.IfBusy.class, request(with(b -> b.set("ifBusy", "fail"))).ifBusy());
        assertTrue(refusal(with(b -> b.set("ifBusy", "queue"))).contains("ifBusy 'queue'"));
    }

    /** Changes one record component by name: tests read as the Jenkinsfile would. */
    static final class Builder {
        private final Object[] values;
        private static final java.lang.reflect.RecordComponent[] COMPONENTS = DeploymentParameters.class.getRecordComponents();

        Builder(DeploymentParameters p) {
            values = new Object[COMPONENTS.length];
            try {
                for (int i = 0; i < COMPONENTS.length; i++) {
                    values[i] = COMPONENTS[i].getAccessor().invoke(p);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        Builder set(String name, Object value) {
            for (int i = 0; i < COMPONENTS.length; i++) {
                if (COMPONENTS[i].getName().equals(name)) {
                    values[i] = value;
                    return this;
                }
            }
            throw new AssertionError("no parameter " + name);
        }

        DeploymentParameters build() {
            try {
                Class<?>[] types = java.util.Arrays.stream(COMPONENTS).map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
                return DeploymentParameters.class.getDeclaredConstructor(types).newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
