package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.CapacitySizeType;
import software.amazon.awssdk.services.sagemaker.model.DeploymentConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.PendingProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfigType;
import software.amazon.awssdk.services.sagemaker.model.VariantPropertyType;
import software.amazon.awssdk.services.sagemaker.model.VariantStatus;

/**
 * UpdateEndpoint and its deployment guardrails: what DescribeEndpoint shows at each moment of an update, driven by
 * the test's clock. The endpoint "churn" serves config churn-v1 on 4 instances; config churn-v2 deploys version 2.
 */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class EndpointDeploymentTest extends HostingTestSupport {

    private static final String ALARM = "churn-5xx";

    private void ready() {
        endpointInService(4);
        secondVersionReady(4);
    }

    private void update(Consumer<DeploymentConfig.Builder> deployment) {
        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2")
                .deploymentConfig(d -> deployment.accept(d)));
    }

    private static Consumer<DeploymentConfig.Builder> canary(int instances, int waitSeconds) {
        return d -> d.blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.CANARY)
                        .canarySize(c -> c.type(CapacitySizeType.INSTANCE_COUNT).value(instances))
                        .waitIntervalInSeconds(waitSeconds)))
                .autoRollbackConfiguration(a -> a.alarms(al -> al.alarmName(ALARM)));
    }

    private static ProductionVariantStatus pendingStatus(DescribeEndpointResponse d) {
        return pending(d).variantStatus().get(0);
    }

    private static PendingProductionVariantSummary pending(DescribeEndpointResponse d) {
        return d.pendingDeploymentSummary().productionVariants().get(0);
    }

    private static ProductionVariantSummary serving(DescribeEndpointResponse d) {
        return d.productionVariants().get(0);
    }

    @Test
    void anUpdateWithoutDeploymentConfigIsAllAtOnce() {
        ready();

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2"));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v2", d.endpointConfigName());
        assertNull(d.pendingDeploymentSummary());
        assertNull(d.lastDeploymentConfig());
        assertNull(d.failureReason());
    }

    @Test
    void allAtOnceShiftsEverythingThenBakesAndWaitsBeforeTerminating() {
        ready();

        update(d -> d.blueGreenUpdatePolicy(p -> p.terminationWaitInSeconds(120)
                .trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.ALL_AT_ONCE).waitIntervalInSeconds(300))));

        DescribeEndpointResponse baking = describe("churn");
        assertEquals(EndpointStatus.UPDATING, baking.endpointStatus());
        assertEquals("churn-v1", baking.endpointConfigName());
        assertEquals("churn-v2", baking.pendingDeploymentSummary().endpointConfigName());
        assertEquals(T0, baking.pendingDeploymentSummary().startTime());
        assertEquals(VariantStatus.BAKING, pendingStatus(baking).status());
        assertEquals("Baking for 300 seconds (WaitIntervalInSeconds) with traffic enabled on full capacity of "
                + "4 instance(s).", pendingStatus(baking).statusMessage());
        assertEquals(1.0f, pending(baking).currentWeight());
        assertEquals(0.0f, serving(baking).currentWeight());
        assertEquals(300, baking.lastDeploymentConfig().blueGreenUpdatePolicy().trafficRoutingConfiguration()
                .waitIntervalInSeconds());

        advance(Duration.ofSeconds(300));
        assertEquals("Baking for 120 seconds (TerminationWaitInSeconds) with traffic enabled on full capacity of "
                + "4 instance(s).", pendingStatus(describe("churn")).statusMessage());

        advance(Duration.ofSeconds(120));
        DescribeEndpointResponse done = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, done.endpointStatus());
        assertEquals("churn-v2", done.endpointConfigName());
        assertNull(done.pendingDeploymentSummary());
        assertEquals(T0.plusSeconds(420), done.lastModifiedTime());
    }

    @Test
    void aCanaryLaunchesBakesOnTheCanaryThenShiftsTheRest() {
        ready();
        emu.backend().endpointTimings(EndpointTimings.immediate().withLaunch(Duration.ofSeconds(60))
                .withTrafficShift(Duration.ofSeconds(10)).withTermination(Duration.ofSeconds(30)));

        update(canary(1, 600));

        advance(Duration.ofSeconds(30));
        DescribeEndpointResponse launching = describe("churn");
        assertEquals(VariantStatus.CREATING, pendingStatus(launching).status());
        assertEquals("Launching 4 instance(s).", pendingStatus(launching).statusMessage());
        assertEquals(0, pending(launching).currentInstanceCount());
        assertEquals(1.0f, serving(launching).currentWeight());

        advance(Duration.ofSeconds(35)); // t = 65
        DescribeEndpointResponse activating = describe("churn");
        assertEquals(VariantStatus.ACTIVATING_TRAFFIC, pendingStatus(activating).status());
        assertEquals("Activating traffic on canary capacity of 1 instance(s).", pendingStatus(activating).statusMessage());
        assertEquals(T0.plusSeconds(60), pendingStatus(activating).startTime());

        advance(Duration.ofSeconds(235)); // t = 300
        DescribeEndpointResponse baking = describe("churn");
        assertEquals(EndpointStatus.UPDATING, baking.endpointStatus());
        assertEquals(VariantStatus.BAKING, pendingStatus(baking).status());
        assertEquals("Baking for 600 seconds (WaitIntervalInSeconds) with traffic enabled on canary capacity of "
                + "1 instance(s).", pendingStatus(baking).statusMessage());
        assertEquals(0.25f, pending(baking).currentWeight());
        assertEquals(1.0f, pending(baking).desiredWeight());
        assertEquals(4, pending(baking).currentInstanceCount());
        assertEquals(0.75f, serving(baking).currentWeight());
        assertEquals("churn-v1", baking.endpointConfigName());

        advance(Duration.ofSeconds(375)); // t = 675
        DescribeEndpointResponse rest = describe("churn");
        assertEquals("Activating traffic on remaining capacity of 3 instance(s).", pendingStatus(rest).statusMessage());
        assertEquals(1.0f, pending(rest).currentWeight());
        assertEquals(0.0f, serving(rest).currentWeight());

        advance(Duration.ofSeconds(25)); // t = 700
        DescribeEndpointResponse terminating = describe("churn");
        assertEquals(VariantStatus.DELETING, serving(terminating).variantStatus().get(0).status());
        assertEquals("Terminating 4 instance(s).", serving(terminating).variantStatus().get(0).statusMessage());

        advance(Duration.ofSeconds(10)); // t = 710
        DescribeEndpointResponse done = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, done.endpointStatus());
        assertEquals("churn-v2", done.endpointConfigName());
        assertEquals(1.0f, serving(done).currentWeight());
    }

    @Test
    void linearShiftsInStepsAndBakesEachOne() {
        ready();

        update(d -> d.blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.LINEAR)
                .linearStepSize(c -> c.type(CapacitySizeType.CAPACITY_PERCENT).value(25)).waitIntervalInSeconds(60))));

        for (int step = 1; step <= 4; step++) {
            DescribeEndpointResponse d = describe("churn");
            assertEquals(EndpointStatus.UPDATING, d.endpointStatus());
            assertEquals("Baking for 60 seconds (WaitIntervalInSeconds) with traffic enabled on linear step " + step
                    + " of 4, " + step + " instance(s) in total.", pendingStatus(d).statusMessage());
            assertEquals(step / 4.0f, pending(d).currentWeight());
            assertEquals(1 - step / 4.0f, serving(d).currentWeight());
            advance(Duration.ofSeconds(60));
        }
        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
        assertEquals("churn-v2", describe("churn").endpointConfigName());
    }

    @Test
    void aRollingUpdateReplacesTheFleetBatchByBatch() {
        ready();

        update(d -> d.rollingUpdatePolicy(p -> p.maximumBatchSize(c -> c.type(CapacitySizeType.INSTANCE_COUNT).value(2))
                .waitIntervalInSeconds(120)));

        advance(Duration.ofSeconds(60));
        DescribeEndpointResponse first = describe("churn");
        assertEquals("Baking for 120 seconds (WaitIntervalInSeconds) with traffic enabled on batch 1 of 2, "
                + "2 instance(s) in total.", pendingStatus(first).statusMessage());
        assertEquals(2, pending(first).currentInstanceCount());
        assertEquals(4, serving(first).currentInstanceCount());
        assertEquals(0.5f, pending(first).currentWeight());

        advance(Duration.ofSeconds(120)); // t = 180
        DescribeEndpointResponse second = describe("churn");
        assertEquals("Baking for 120 seconds (WaitIntervalInSeconds) with traffic enabled on batch 2 of 2, "
                + "4 instance(s) in total.", pendingStatus(second).statusMessage());
        assertEquals(4, pending(second).currentInstanceCount());
        assertEquals(2, serving(second).currentInstanceCount());

        advance(Duration.ofSeconds(60)); // t = 240
        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
        assertEquals("churn-v2", describe("churn").endpointConfigName());
    }

    @Test
    void anAlarmDuringTheBakeRollsBackToTheOldConfiguration() {
        ready();
        emu.backend().endpointTimings(EndpointTimings.immediate().withRollback(Duration.ofSeconds(60)));
        update(canary(1, 600));
        advance(Duration.ofSeconds(300));
        assertEquals(EndpointStatus.UPDATING, describe("churn").endpointStatus());

        neighbours.alarm(ALARM, "ALARM");
        DescribeEndpointResponse rollingBack = describe("churn");
        assertEquals(EndpointStatus.ROLLING_BACK, rollingBack.endpointStatus());
        assertEquals("churn-v1", rollingBack.endpointConfigName());
        assertEquals(1.0f, serving(rollingBack).currentWeight());
        assertEquals(VariantStatus.DELETING, pendingStatus(rollingBack).status());

        advance(Duration.ofSeconds(60));
        DescribeEndpointResponse rolledBack = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, rolledBack.endpointStatus());
        assertEquals("churn-v1", rolledBack.endpointConfigName());
        assertNull(rolledBack.pendingDeploymentSummary());
        assertEquals(4, serving(rolledBack).currentInstanceCount());
        assertTrue(rolledBack.failureReason().contains(ALARM) && rolledBack.failureReason().contains("ALARM state")
                && rolledBack.failureReason().contains("churn-v2"), rolledBack.failureReason());
        assertEquals(T0.plusSeconds(360), rolledBack.lastModifiedTime());
    }

    @Test
    void anAlarmSeenLateIsTakenToHaveFiredAtTheFirstBakeSinceTheLastLook() {
        ready();
        emu.backend().endpointTimings(EndpointTimings.immediate().withRollback(Duration.ofSeconds(60)));
        update(canary(1, 600));

        neighbours.alarm(ALARM, "ALARM");
        advance(Duration.ofSeconds(1000));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1", d.endpointConfigName());
        assertEquals(T0.plusSeconds(60), d.lastModifiedTime());
    }

    @Test
    void anAlarmAfterTheDeploymentFinishedChangesNothing() {
        ready();
        update(canary(1, 600));
        advance(Duration.ofSeconds(600));
        assertEquals("churn-v2", describe("churn").endpointConfigName());

        neighbours.alarm(ALARM, "ALARM");
        advance(Duration.ofSeconds(60));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v2", d.endpointConfigName());
        assertNull(d.failureReason());
    }

    @Test
    void anAlarmThatDoesNotExistNeverTrips() {
        ready();
        neighbours.withoutAlarm(ALARM);
        update(canary(1, 600));

        advance(Duration.ofSeconds(600));

        assertEquals("churn-v2", describe("churn").endpointConfigName());
    }

    @Test
    void anAlarmInInsufficientDataDoesNotRollBack() {
        ready();
        neighbours.alarm(ALARM, "INSUFFICIENT_DATA");
        update(canary(1, 600));

        advance(Duration.ofSeconds(600));

        assertEquals("churn-v2", describe("churn").endpointConfigName());
    }

    @Test
    void runningOutOfTimeRollsBack() {
        ready();
        emu.backend().endpointTimings(EndpointTimings.immediate().withLaunch(Duration.ofSeconds(400)));
        update(d -> d.blueGreenUpdatePolicy(p -> p.maximumExecutionTimeoutInSeconds(600)
                .trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.ALL_AT_ONCE).waitIntervalInSeconds(300))));

        advance(Duration.ofSeconds(599));
        assertEquals(EndpointStatus.UPDATING, describe("churn").endpointStatus());
        advance(Duration.ofSeconds(1));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1", d.endpointConfigName());
        assertTrue(d.failureReason().contains("MaximumExecutionTimeoutInSeconds (600)"), d.failureReason());
    }

    @Test
    void anUpdateWhoseModelDataIsMissingRollsBackAndSaysWhy() {
        endpointInService(4);
        String v2Data = "s3://models/churn/v2/model.tar.gz";
        String v2 = createVersion("churn", b -> b.modelApprovalStatus("Approved").inferenceSpecification(i -> i
                .containers(c -> c.image(IMAGE).modelDataUrl(v2Data)).supportedContentTypes("text/csv")
                .supportedResponseMIMETypes("text/csv")));
        createModel("churn-v2", v2);
        createConfig("churn-v2", "churn-v2", 4);
        neighbours.withoutObject(v2Data);
        emu.backend().endpointTimings(EndpointTimings.immediate().withLaunch(Duration.ofSeconds(120))
                .withRollback(Duration.ofSeconds(30)));

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2"));
        assertEquals(EndpointStatus.UPDATING, describe("churn").endpointStatus());
        advance(Duration.ofSeconds(120));
        assertEquals(EndpointStatus.ROLLING_BACK, describe("churn").endpointStatus());
        advance(Duration.ofSeconds(30));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1", d.endpointConfigName());
        assertTrue(d.failureReason().startsWith("Failed to download model data for container \"container_1\" from URL: \""
                + v2Data + "\""), d.failureReason());
    }

    @Test
    void theNextUpdateClearsTheReasonOfARollback() {
        ready();
        update(canary(1, 600));
        neighbours.alarm(ALARM, "ALARM");
        assertTrue(describe("churn").failureReason() != null);
        neighbours.alarm(ALARM, "OK");

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2"));

        DescribeEndpointResponse d = describe("churn");
        assertEquals("churn-v2", d.endpointConfigName());
        assertNull(d.failureReason());
    }

    @Test
    void aFailingRollbackEndsInUpdateRollbackFailedServingBothFleets() {
        ready();
        emu.backend().endpoints().failRollbacks("churn", "Rollback to the old fleet failed: insufficient capacity.");
        update(canary(1, 600));
        advance(Duration.ofSeconds(100));

        neighbours.alarm(ALARM, "ALARM");

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.UPDATE_ROLLBACK_FAILED, d.endpointStatus());
        assertEquals("Rollback to the old fleet failed: insufficient capacity.", d.failureReason());
        assertEquals("churn-v1", d.endpointConfigName());
        assertEquals(0.75f, serving(d).currentWeight());
        assertEquals("churn-v2", d.pendingDeploymentSummary().endpointConfigName());
        assertEquals(T0, d.pendingDeploymentSummary().startTime());
        assertEquals(0.25f, pending(d).currentWeight());
        assertFalse(pending(d).hasVariantStatus());
    }

    @Test
    void aRequestedWaitScaleShortensBakesButNotWhatTheEndpointReports() {
        ready();
        emu.backend().endpointTimings(EndpointTimings.immediate().withRequestedWaitScale(0.01));
        update(canary(1, 600));
        assertEquals("Baking for 600 seconds (WaitIntervalInSeconds) with traffic enabled on canary capacity of "
                + "1 instance(s).", pendingStatus(describe("churn")).statusMessage());

        advance(Duration.ofSeconds(6));

        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
        assertEquals("churn-v2", describe("churn").endpointConfigName());
    }

    @Test
    void anEndpointWhoseRollbackFailedCanBeUpdatedAgain() {
        ready();
        emu.backend().endpoints().failRollbacks("churn", "Rollback failed.");
        update(canary(1, 600));
        neighbours.alarm(ALARM, "ALARM");
        assertEquals(EndpointStatus.UPDATE_ROLLBACK_FAILED, describe("churn").endpointStatus());
        neighbours.alarm(ALARM, "OK");
        createConfig("churn-v1b", "churn-v1", 4);

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1b"));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1b", d.endpointConfigName());
        assertNull(d.pendingDeploymentSummary());
    }

    @Test
    void anUpdateIsRefusedWhileAnotherIsInProgress() {
        ready();
        update(canary(1, 600));
        createConfig("churn-v3", "churn-v2", 4);

        SageMakerException e = expectError("ValidationException",
                () -> sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v3")));

        assertEquals("Cannot update in-progress endpoint \"" + endpointArn("churn") + "\".",
                e.awsErrorDetails().errorMessage());
        assertEquals("churn-v2", describe("churn").pendingDeploymentSummary().endpointConfigName());
    }

    @Test
    void deleteIsRefusedWhileUpdating() {
        ready();
        update(canary(1, 600));

        expectError("ValidationException", () -> sm.deleteEndpoint(b -> b.endpointName("churn")));

        assertEquals(EndpointStatus.UPDATING, describe("churn").endpointStatus());
    }

    @Test
    void anUpdateToTheConfigurationServingIsRefused() {
        endpointInService(1);

        expectError("ValidationException",
                () -> sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1")));
    }

    @Test
    void aCanaryOfMoreThanHalfTheFleetIsRefused() {
        ready();

        SageMakerException e = expectError("ValidationException", () -> update(canary(3, 600)));

        assertTrue(e.awsErrorDetails().errorMessage().startsWith("CanarySize must be at most 50%"), e::getMessage);
        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
        assertEquals("churn-v1", describe("churn").endpointConfigName());
    }

    @Test
    void aCanaryOnASingleInstanceIsRefused() {
        endpointInService(1);
        secondVersionReady(1);

        expectError("ValidationException", () -> update(canary(1, 600)));
    }

    @Test
    void aLinearStepAboveHalfIsRefusedEvenWhenItRoundsDown() {
        ready();

        expectError("ValidationException", () -> update(d -> d.blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t
                .type(TrafficRoutingConfigType.LINEAR).linearStepSize(c -> c.type(CapacitySizeType.CAPACITY_PERCENT).value(60))
                .waitIntervalInSeconds(60)))));
    }

    @Test
    void aCanaryWithoutCanarySizeIsRefused() {
        ready();

        expectError("ValidationException", () -> update(d -> d.blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t
                .type(TrafficRoutingConfigType.CANARY).waitIntervalInSeconds(60)))));
    }

    @Test
    void bothUpdatePoliciesAreRefused() {
        ready();

        expectError("ValidationException", () -> update(d -> d
                .blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.ALL_AT_ONCE)
                        .waitIntervalInSeconds(60)))
                .rollingUpdatePolicy(p -> p.maximumBatchSize(c -> c.type(CapacitySizeType.INSTANCE_COUNT).value(1))
                        .waitIntervalInSeconds(60))));
    }

    @Test
    void aTimeoutNotLargerThanTheWaitsIsRefused() {
        ready();

        expectError("ValidationException", () -> update(d -> d.blueGreenUpdatePolicy(p -> p
                .maximumExecutionTimeoutInSeconds(600).terminationWaitInSeconds(300)
                .trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.ALL_AT_ONCE).waitIntervalInSeconds(300)))));
    }

    @Test
    void aGuardedUpdateMustKeepTheVariantNames() {
        endpointInService(4);
        createModel("churn-v2", createVersion("churn"));
        createConfig("churn-v2", b -> b.productionVariants(instances("Blue", "churn-v2", 4)));

        SageMakerException e = expectError("ValidationException", () -> update(canary(1, 600)));

        assertTrue(e.awsErrorDetails().errorMessage().contains("variant names"), e::getMessage);
    }

    @Test
    void aRollingUpdateOfAServerlessEndpointIsRefused() {
        createModel("churn-v1", version1);
        createConfig("sls-1", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5))));
        createConfig("sls-2", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(4096).maxConcurrency(5))));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("sls-1"));

        SageMakerException e = expectError("ValidationException", () -> sm.updateEndpoint(b -> b.endpointName("churn")
                .endpointConfigName("sls-2").deploymentConfig(d -> d.rollingUpdatePolicy(p -> p
                        .maximumBatchSize(c -> c.type(CapacitySizeType.CAPACITY_PERCENT).value(50)).waitIntervalInSeconds(0)))));

        assertTrue(e.awsErrorDetails().errorMessage().contains("serverless"), e::getMessage);
    }

    @Test
    void aServerlessCanaryIsCountedInPercent() {
        createModel("churn-v1", version1);
        createConfig("sls-1", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5))));
        createConfig("sls-2", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(4096).maxConcurrency(5))));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("sls-1"));

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("sls-2").deploymentConfig(d -> d
                .blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t.type(TrafficRoutingConfigType.CANARY)
                        .canarySize(c -> c.type(CapacitySizeType.CAPACITY_PERCENT).value(10)).waitIntervalInSeconds(60)))));

        DescribeEndpointResponse d = describe("churn");
        assertEquals("Baking for 60 seconds (WaitIntervalInSeconds) with traffic enabled on canary capacity of "
                + "10% of serverless capacity.", pendingStatus(d).statusMessage());
        assertEquals(0.1f, pending(d).currentWeight(), 1e-6);
        assertEquals(4096, pending(d).desiredServerlessConfig().memorySizeInMB());
    }

    @Test
    void retainDeploymentConfigReusesTheLastOne() {
        createModel("churn-v1", version1);
        createConfig("churn-v1", "churn-v1", 4);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1").deploymentConfig(d -> canary(1, 600).accept(d)));
        secondVersionReady(4);

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2").retainDeploymentConfig(true));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.UPDATING, d.endpointStatus());
        assertTrue(pendingStatus(d).statusMessage().contains("canary capacity of 1 instance(s)"));
        assertEquals(ALARM, d.lastDeploymentConfig().autoRollbackConfiguration().alarms().get(0).alarmName());
    }

    @Test
    void deploymentConfigAndRetainDeploymentConfigTogetherAreRefused() {
        ready();

        expectError("ValidationException", () -> sm.updateEndpoint(b -> b.endpointName("churn")
                .endpointConfigName("churn-v2").retainDeploymentConfig(true).deploymentConfig(d -> canary(1, 600).accept(d))));
    }

    @Test
    void retainAllVariantPropertiesKeepsTheInstanceCount() {
        endpointInService(4);
        secondVersionReady(2);

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2").retainAllVariantProperties(true));

        assertEquals(4, serving(describe("churn")).desiredInstanceCount());
    }

    @Test
    void excludedVariantPropertiesComeFromTheNewConfiguration() {
        endpointInService(4);
        secondVersionReady(2);

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2").retainAllVariantProperties(true)
                .excludeRetainedVariantProperties(p -> p.variantPropertyType(VariantPropertyType.DESIRED_INSTANCE_COUNT)));

        assertEquals(2, serving(describe("churn")).desiredInstanceCount());
    }

    @Test
    void inf1EndpointsFallBackToAllAtOnceWithoutBaking() {
        createModel("churn-v1", version1);
        createConfig("inf-1", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .instanceType("ml.inf1.xlarge").initialInstanceCount(4)));
        createConfig("inf-2", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .instanceType("ml.inf1.2xlarge").initialInstanceCount(4)));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("inf-1"));

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("inf-2").deploymentConfig(d -> canary(1, 600).accept(d)));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("inf-2", d.endpointConfigName());
    }

    @Test
    void variantsWithoutStatusShowNone() {
        ready();

        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2"));

        assertFalse(serving(describe("churn")).hasVariantStatus());
    }
}
