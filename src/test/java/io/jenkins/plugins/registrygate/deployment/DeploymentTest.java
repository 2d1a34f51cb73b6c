package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * deployApproved's deployment end to end through the real SDK clients against the emulator's SageMaker hosting, S3, ECR,
 * IAM and CloudWatch: the gate, create and update, each traffic-shifting mode, rollback, proof of what serves, and the
 * waits, on a clock the test moves.
 */
class DeploymentTest {

    final DeploymentHarness h = new DeploymentHarness();

    @AfterEach
    void close() {
        h.close();
        assertEquals(List.of(), h.fx.emulator.conformanceViolations());
    }

    static String outcomes(DeploymentRecord r) {
        return r.getGate().stream().map(g -> g.getCheck().id() + "=" + g.getOutcome().label()).collect(Collectors.joining(", "));
    }

    @Test
    void aFirstDeploymentCreatesTheEndpointAndProvesWhatServes() {
        ModelPackageRef v1 = h.approved(1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn()), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), r.getMessage() + "\n" + rec.logText());
        assertEquals(List.of("CreateModel", "CreateEndpointConfig", "CreateEndpoint"), h.mutations());
        assertEquals(v1.arn(), h.servedPackage("churn-prod").orElseThrow());
        assertEquals(v1.arn(), r.getModelPackageArn());
        assertEquals(1, r.getModelPackageVersion());
        assertEquals("", r.getPreviousEndpointConfigName());
        assertEquals("maria", r.getApprovedBy());
        assertTrue(r.getModelName().matches("churn-model-v1-b42-[0-9a-f]{8}"), r.getModelName());
        assertTrue(r.getEndpointArn().endsWith(":endpoint/churn-prod"), r.getEndpointArn());
        assertTrue(r.getEndedAt().isPresent());
        assertEquals(1, rec.finishedCalls.get());
    }

    @Test
    void everyCreatedResourceSaysWhichPackageAndBuild() {
        ModelPackageRef v1 = h.approved(1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn(), b -> b.set("tags", List.of("team=risk"))), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        String modelArn = h.console.describeModel(b -> b.modelName(r.getModelName())).modelArn();
        Map<String, String> tags = h.console.listTags(b -> b.resourceArn(modelArn)).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertEquals(v1.arn(), tags.get("registry-gate:model-package"));
        assertEquals("churn-deploy_42", tags.get("registry-gate:build"));
        assertEquals("https://jenkins.example.com/job/churn-deploy/42/", tags.get("registry-gate:build-url"));
        assertEquals("risk", tags.get("team"));
    }

    @Test
    void anUpdateRecordsWhatServedBefore() {
        ModelPackageRef v1 = h.approved(1);
        DeploymentHarness.Recorder first = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn()), h.environment(first, "churn-deploy#41", 41, List.of("erin")));
        DeploymentRecord r1 = h.runUntilFinished(first);
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder second = new DeploymentHarness.Recorder();

        h.start(h.request(v2.arn()), second);
        DeploymentRecord r2 = h.runUntilFinished(second);

        assertEquals("DEPLOYED", r2.getOutcome(), second.logText());
        assertEquals(r1.getEndpointConfigName(), r2.getPreviousEndpointConfigName());
        assertEquals(List.of(v1.arn()), r2.getPreviousModelPackageArns());
        assertEquals(v2.arn(), h.servedPackage("churn-prod").orElseThrow());
        assertEquals(1, h.updatesApplied());
    }

    @Test
    void aCardThatIsNotApprovedRefusesTheDeploymentAndChangesNothing() {
        ModelPackageRef v1 = h.register(1, "PendingReview");
        h.approve(v1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn()), rec);
        DeploymentRecord r = rec.result();

        assertEquals("REFUSED", r.getOutcome());
        assertTrue(r.getMessage().contains("modelCard: failed: the package's model card is PendingReview"), r.getMessage());
        assertTrue(r.getMessage().endsWith("Nothing was changed."), r.getMessage());
        assertEquals(List.of(), h.mutations());
        assertTrue(outcomes(r).contains("approvalStatus=passed"), outcomes(r));
        assertEquals(11, r.getGate().size(), "every check is recorded: " + outcomes(r));
    }

    @Test
    void aJenkinsApprovalWrittenByHandWithTheBuildsCredentialsIsRefusedAsTheCreatorsOwn() {
        ModelPackageRef v1 = h.register(1);
        // The Jenkinsfile binds the build's AWS credential and writes the record awaitApproval would write, naming bob.
        String at = h.fx.clock.instant().toString();
        h.fx.clients.sageMaker(h.fx.settings(), h.fx.lookup()).updateModelPackage(b -> b.modelPackageArn(v1.arn())
                .modelApprovalStatus("Approved").approvalDescription("Approved by Jenkins user bob")
                .customerMetadataProperties(Map.of("approval:decided-by", "bob", "approval:decided-at", at, "approval:path", "Jenkins")));
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn()), rec);
        DeploymentRecord r = rec.result();

        assertEquals("REFUSED", r.getOutcome(), r.getMessage());
        assertTrue(r.getMessage().contains("separationOfDuties: failed: ") && r.getMessage().contains("(in the registry) both registered and approved"),
                r.getMessage());
        assertEquals(List.of(), h.mutations());
    }

    @Test
    void aVersionNotApprovedNowIsRefused() {
        ModelPackageRef v1 = h.register(1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn()), rec);

        assertEquals("REFUSED", rec.result().getOutcome());
        assertTrue(rec.result().getMessage().contains("approvalStatus: failed: the registry says PendingManualApproval"));
        assertEquals(List.of(), h.mutations());
    }

    @Test
    void aWaiverLetsTheDeploymentThroughOnRecord() {
        ModelPackageRef v1 = h.register(1, "PendingReview");
        h.approve(v1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn(), b -> b.set("waive", List.of("modelCard=card in legal review, CAB-12"))), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        var card = r.getGate().stream().filter(g -> g.getCheck().id().equals("modelCard")).findFirst().orElseThrow();
        assertEquals("waived", card.getOutcome().label());
        assertEquals("erin", card.getWaivedBy());
        assertEquals("card in legal review, CAB-12", card.getWaiverReason());
    }

    @Test
    void planModeRunsTheGateAndPrintsTheChangesWithoutAnyMutatingCall() {
        ModelPackageRef v1 = h.approved(1);
        DeploymentHarness.Recorder first = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn()), h.environment(first, "churn-deploy#41", 41, List.of("erin")));
        h.runUntilFinished(first);
        ModelPackageRef v2 = h.approved(2);
        h.fx.emulator.clearCalls();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v2.arn(), b -> b.set("plan", true).set("trafficShifting", "canary").set("canarySize", "1")
                .set("instanceCount", 2).set("alarms", List.of("churn-5xx"))), rec);
        DeploymentRecord r = rec.result();

        assertEquals("PLANNED", r.getOutcome(), rec.logText());
        assertEquals(List.of(), h.mutations());
        assertTrue(h.fx.emulator.calls().stream().allMatch(c -> c.operation().startsWith("Describe") || c.operation().startsWith("List")
                || c.operation().startsWith("Head") || c.operation().startsWith("Get")), "read-only calls only");
        assertEquals(3, r.getPlan().size());
        assertTrue(r.getPlan().get(2).contains("update endpoint churn-prod from configuration"), r.getPlan().get(2));
        assertTrue(r.getPlan().get(2).contains("canary of 1 instance"), r.getPlan().get(2));
        assertTrue(rec.logText().contains("would update endpoint churn-prod"), rec.logText());
    }

    @Test
    void aCanaryBakesOnPartOfTheFleetThenShiftsTheRest() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m").set("alarms", List.of("churn-5xx"))), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        var update = h.fx.emulator.calls("sagemaker", "UpdateEndpoint").get(0).request();
        var routing = update.path("DeploymentConfig").path("BlueGreenUpdatePolicy").path("TrafficRoutingConfiguration");
        assertEquals("CANARY", routing.path("Type").asText());
        assertEquals(600, routing.path("WaitIntervalInSeconds").asInt());
        assertEquals("INSTANCE_COUNT", routing.path("CanarySize").path("Type").asText());
        assertEquals("churn-5xx", update.path("DeploymentConfig").path("AutoRollbackConfiguration").path("Alarms").get(0).path("AlarmName").asText());
        assertTrue(r.getTimeline().stream().anyMatch(l -> l.contains("Baking")), String.join("\n", r.getTimeline()));
        assertTrue(r.getTimeline().get(r.getTimeline().size() - 1).contains("InService"), String.join("\n", r.getTimeline()));
    }

    @Test
    void aGuardedAllAtOnceUpdateIsSentAsBlueGreenWithItsBakeAndTerminationWaitAndDeploys() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v2.arn(), b -> b.set("trafficShifting", "allAtOnce").set("waitInterval", "3m").set("terminationWait", "10m")), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        var update = h.fx.emulator.calls("sagemaker", "UpdateEndpoint").get(0).request();
        var blueGreen = update.path("DeploymentConfig").path("BlueGreenUpdatePolicy");
        var routing = blueGreen.path("TrafficRoutingConfiguration");
        assertEquals("ALL_AT_ONCE", routing.path("Type").asText(), update.toString());
        assertEquals(180, routing.path("WaitIntervalInSeconds").asInt(), update.toString());
        assertEquals(600, blueGreen.path("TerminationWaitInSeconds").asInt(), update.toString());
        assertTrue(update.path("DeploymentConfig").path("RollingUpdatePolicy").isMissingNode(), update.toString());
        assertFalse(update.path("RetainDeploymentConfig").asBoolean(true), "this update's guardrails, not an earlier one's: " + update);
        assertEquals(v2.arn(), h.servedPackage("churn-prod").orElseThrow());
        assertEquals(1, h.updatesApplied());
    }

    @Test
    void linearStepsAndRollingBatchesAreSentAsAskedAndDeploy() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder linear = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn(), b -> b.set("instanceCount", 4).set("trafficShifting", "linear").set("linearStepSize", "25%")
                .set("waitInterval", "2m")), h.environment(linear, "churn-deploy#43", 43, List.of("erin")));
        assertEquals("DEPLOYED", h.runUntilFinished(linear).getOutcome(), linear.logText());
        var routing = h.fx.emulator.calls("sagemaker", "UpdateEndpoint").get(0).request().path("DeploymentConfig")
                .path("BlueGreenUpdatePolicy").path("TrafficRoutingConfiguration");
        assertEquals("LINEAR", routing.path("Type").asText());
        assertEquals(25, routing.path("LinearStepSize").path("Value").asInt());

        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder rolling = new DeploymentHarness.Recorder();
        h.start(h.request(v3.arn(), b -> b.set("instanceCount", 4).set("trafficShifting", "rolling").set("rollingBatchSize", "50%")
                .set("waitInterval", "1m")), h.environment(rolling, "churn-deploy#44", 44, List.of("erin")));
        assertEquals("DEPLOYED", h.runUntilFinished(rolling).getOutcome(), rolling.logText());
        var policy = h.fx.emulator.calls("sagemaker", "UpdateEndpoint").get(1).request().path("DeploymentConfig").path("RollingUpdatePolicy");
        assertEquals(50, policy.path("MaximumBatchSize").path("Value").asInt());
        assertEquals(v3.arn(), h.servedPackage("churn-prod").orElseThrow());
    }

    @Test
    void anAlarmDuringTheBakeRollsBackAndTheStepSaysWhatServesInstead() {
        DeploymentRecord first = deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m").set("alarms", List.of("churn-5xx"))), rec);
        h.scheduler.advance(Duration.ofMinutes(2));
        h.fx.emulator.cloudWatch().setAlarmState("churn-5xx", "ALARM", "5xx on the canary");

        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("ROLLED_BACK", r.getOutcome(), rec.logText());
        assertTrue(r.getMessage().contains("SageMaker rolled the update back"), r.getMessage());
        assertTrue(r.getMessage().contains(first.getModelPackageArn()), "says what serves: " + r.getMessage());
        assertEquals(first.getModelPackageArn(), h.servedPackage("churn-prod").orElseThrow());
        assertEquals(1, h.updatesApplied(), "a rollback is never answered with another update");
    }

    @Test
    void aSilentChangeOfWhatServesIsDetected() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m")), rec);
        String ours = h.fx.emulator.calls("sagemaker", "CreateModel").get(0).request().path("ModelName").asText();
        // Someone swaps the model behind this deployment's configuration for another package while it bakes.
        h.console.deleteModel(b -> b.modelName(ours));
        h.console.createModel(b -> b.modelName(ours).executionRoleArn(h.roleArn).containers(c -> c.modelPackageName(v3.arn())));

        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("FAILED", r.getOutcome(), rec.logText());
        assertTrue(r.getMessage().contains("does not serve what was deployed"), r.getMessage());
        assertTrue(r.getMessage().contains(v3.arn()), "says what serves: " + r.getMessage());
    }

    @Test
    void throttlingAndServerErrorsDuringTheWaitAreRiddenOut() {
        ModelPackageRef v1 = h.approved(1);
        h.fx.emulator.faults().on("DescribeEndpoint").calls(3, 12).throttle();
        h.fx.emulator.faults().on("DescribeEndpoint").calls(13, 20).internalError();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn()), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        assertTrue(rec.logText().contains("did not answer"), rec.logText());
        assertEquals(List.of("CreateModel", "CreateEndpointConfig", "CreateEndpoint"), h.mutations());
    }

    @Test
    void anEndpointBusyWithAnotherChangeIsWaitedForOrRefused() {
        DeploymentRecord first = deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        // Someone else updates the endpoint (a canary baking 10 minutes) just before this build deploys.
        DeploymentHarness.Recorder other = new DeploymentHarness.Recorder();
        h.start(h.request(h.approved(3).arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m")), h.environment(other, "elsewhere#7", 7, List.of("erin")));
        DeploymentHarness.Recorder failing = new DeploymentHarness.Recorder();
        Deployment.Environment separate = new Deployment.Environment(h.scheduler, h.scheduler, h.fx.clock,
                h.environment(failing).services(), new EndpointLocks(), "k", "churn-deploy#42", 42, "", List.of("erin"), "erin",
                Deployment.Settings.DEFAULTS, failing);
        h.start(h.request(v2.arn(), b -> b.set("ifBusy", "fail")), separate);
        assertEquals("FAILED", failing.result().getOutcome());
        assertTrue(failing.result().getMessage().contains("is Updating (ifBusy: 'fail')"), failing.result().getMessage());

        DeploymentHarness.Recorder waiting = new DeploymentHarness.Recorder();
        Deployment.Environment separate2 = new Deployment.Environment(h.scheduler, h.scheduler, h.fx.clock,
                h.environment(waiting).services(), new EndpointLocks(), "k", "churn-deploy#43", 43, "", List.of("erin"), "erin",
                Deployment.Settings.DEFAULTS, waiting);
        h.start(h.request(v2.arn()), separate2);
        DeploymentRecord r = h.runUntilFinished(waiting);
        assertEquals("DEPLOYED", r.getOutcome(), waiting.logText());
        assertTrue(waiting.logText().contains("waiting for it to settle"), waiting.logText());
        assertFalse(first.getEndpointConfigName().isEmpty());
    }

    @Test
    void twoBuildsDeployingToOneEndpointOnThisControllerTakeTurns() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder a = new DeploymentHarness.Recorder();
        DeploymentHarness.Recorder b = new DeploymentHarness.Recorder();

        h.start(h.request(v2.arn(), x -> x.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "5m")), h.environment(a, "churn-deploy#50", 50, List.of("erin")));
        h.start(h.request(v3.arn()), h.environment(b, "churn-deploy#51", 51, List.of("erin")));
        assertTrue(b.logText().contains("Waiting for churn-deploy#50"), b.logText());
        DeploymentRecord second = h.runUntilFinished(b);
        DeploymentRecord first = a.result();

        assertEquals("DEPLOYED", first.getOutcome(), a.logText());
        assertEquals("DEPLOYED", second.getOutcome(), b.logText());
        assertEquals(first.getEndpointConfigName(), second.getPreviousEndpointConfigName(), "the second updated what the first deployed");
        assertEquals(2, h.updatesApplied());
        assertEquals(v3.arn(), h.servedPackage("churn-prod").orElseThrow());
    }

    @Test
    void theNewestApprovedVersionOfAGroupIsDeployedWhenOnlyTheGroupIsNamed() {
        ModelPackageRef v1 = h.approved(1);
        ModelPackageRef v2 = h.approved(2);
        h.register(3);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request("", b -> b.set("modelPackageGroup", DeploymentHarness.GROUP)), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals(v2.arn(), r.getModelPackageArn());
        assertTrue(rec.logText().contains("Deploying the newest Approved version of churn-model: " + v2.arn()), rec.logText());
        assertFalse(v1.arn().equals(r.getModelPackageArn()));
    }

    @Test
    void theTimeoutEndsTheWaitAndSaysSageMakerGoesOn() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "1h").set("timeout", "20m")), rec);

        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("TIMED_OUT", r.getOutcome(), rec.logText());
        assertTrue(r.getMessage().contains("SageMaker goes on"), r.getMessage());
    }

    @Test
    void stoppingTheBuildMidRolloutEndsTheStepAndTheRecordSaysTheUpdateGoesOn() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m")), rec);

        assertTrue(d.abort("Build stopped: aborted by erin"));
        assertFalse(d.abort("again"), "an ended deployment does not end twice");
        h.scheduler.advance(Duration.ofHours(1));

        assertEquals("ABORTED", rec.result().getOutcome());
        assertTrue(rec.result().getMessage().contains("goes on doing so"), rec.result().getMessage());
        assertEquals(1, rec.finishedCalls.get());
        assertEquals(1, h.updatesApplied());
    }

    private DeploymentRecord deployFirstVersion() {
        ModelPackageRef v1 = h.approved(1);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn(), b -> b.set("instanceCount", 4)), h.environment(rec, "churn-deploy#40", 40, List.of("erin")));
        DeploymentRecord r = h.runUntilFinished(rec);
        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        h.fx.emulator.clearCalls();
        return r;
    }
}
