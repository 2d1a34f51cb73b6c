package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a deployment does when the registry, the endpoint or the build change under it while it runs: the version is
 * revoked, the turn comes at an awkward moment, the endpoint fails or gets busy, SageMaker throttles past the timeout,
 * the build is stopped while the request is saved.
 */
class DeploymentUnderChangeTest {

    final DeploymentHarness h = new DeploymentHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private DeploymentRecord deployFirstVersion() {
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(h.approved(1).arn(), b -> b.set("instanceCount", 2)), h.environment(rec, "churn-deploy#40", 40, List.of("erin")));
        DeploymentRecord r = h.runUntilFinished(rec);
        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        h.fx.emulator.clearCalls();
        return r;
    }

    @Test
    void aVersionRejectedWhileTheBuildWaitsItsTurnIsNotDeployed() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        EndpointLocks.Lease other = h.locks.acquire("us-east-1||churn-prod", "churn-deploy#41", () -> { });
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(h.request(v2.arn()), rec);
        assertEquals(Deployment.Stage.AWAITING_TURN, d.stage());

        // While it waits (minutes to hours), the version is revoked in the registry.
        h.console.updateModelPackage(b -> b.modelPackageArn(v2.arn()).modelApprovalStatus("Rejected"));
        other.release();
        DeploymentRecord r = h.runUntilFinished(rec);

        assertNotEquals("DEPLOYED", r.getOutcome(), "a Rejected version must not be deployed: " + rec.logText());
        assertEquals(0, h.updatesApplied(), "no UpdateEndpoint for a version that is no longer Approved");
    }

    @Test
    void aTurnGrantedWhileTheDeploymentGoesToWaitIsNotLost() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        EndpointLocks.Lease other = h.locks.acquire("us-east-1||churn-prod", "churn-deploy#41", () -> { });
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        // The other build ends on another thread just as this one logs that it waits (the real pool has no order).
        cb.onLog = line -> {
            if (line.startsWith("Waiting for")) {
                other.release();
            }
        };
        h.start(h.request(v2.arn()), env(cb));

        h.scheduler.advance(Duration.ofMinutes(30));

        assertTrue(cb.result() != null && "DEPLOYED".equals(cb.result().getOutcome()),
                "the turn came at once, yet after 30 minutes: " + (cb.result() == null ? "still waiting" : cb.result().getOutcome())
                        + "\n" + cb.logText());
    }

    @Test
    void anEndpointThatFailedWhileTheAnswerWasLostIsNotReportedDeployed() {
        ModelPackageRef v1 = h.approved(1);
        // CreateEndpoint is applied but its answer is lost (all SDK attempts), and the look that follows is throttled.
        h.fx.emulator.faults().on("CreateEndpoint").next(3).afterApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeEndpoint").calls(4, 6).throttle();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(h.request(v1.arn()), rec);
        assertEquals(Deployment.Stage.REQUESTED, d.stage(), rec.logText());
        // Meanwhile SageMaker cannot start the fleet (image pull, health check...): the endpoint is Failed.
        h.fx.emulator.backend().endpoints().fail("churn-prod", "Instance health checks failed.");

        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("FAILED", r.getOutcome(), "endpoint is " + h.console.describeEndpoint(b -> b.endpointName("churn-prod")).endpointStatusAsString()
                + ", the step says " + r.getOutcome() + ": " + r.getMessage());
    }

    @Test
    void anEndpointThatGetsBusyBetweenTheCheckAndTheRequestIsWaitedFor() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        cb.onLog = line -> {
            if (line.endsWith("it will be updated") && once.compareAndSet(false, true)) {
                // Another controller (no shared lock) starts an update with a 10-minute bake right now.
                h.console.createModel(b -> b.modelName("other-m").executionRoleArn(h.roleArn).containers(c -> c.modelPackageName(v3.arn())));
                h.console.createEndpointConfig(b -> b.endpointConfigName("other-c").productionVariants(p -> p.variantName("AllTraffic")
                        .modelName("other-m").instanceType("ml.m5.large").initialInstanceCount(1)));
                h.console.updateEndpoint(b -> b.endpointName("churn-prod").endpointConfigName("other-c").deploymentConfig(dc -> dc
                        .blueGreenUpdatePolicy(bg -> bg.trafficRoutingConfiguration(t -> t.type("ALL_AT_ONCE").waitIntervalInSeconds(600)))));
            }
        };
        h.start(h.request(v2.arn()), env(cb));
        DeploymentRecord r = h.runUntilFinished(cb);

        assertEquals("DEPLOYED", r.getOutcome(), "ifBusy: 'wait' (the default) should wait: " + r.getMessage());
    }

    @Test
    void throttlingAfterTheDeadlineKeepsItsBackOffAndTheStepEnds() {
        ModelPackageRef v1 = h.approved(1);
        h.fx.emulator.faults().on("CreateModel").calls(1, 150).throttle();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn(), b -> b.set("timeout", "5m")), rec);
        h.scheduler.advance(Duration.ofMinutes(10));

        Map<Instant, Long> perInstant = h.fx.emulator.calls("sagemaker", "CreateModel").stream()
                .collect(Collectors.groupingBy(c -> c.at(), Collectors.counting()));
        long worst = perInstant.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(worst <= 3, "at most one attempt (3 SDK tries) per instant; got " + worst + " CreateModel calls at one instant");
        assertTrue(rec.result() != null && !"DEPLOYED".equals(rec.result().getOutcome()),
                "the 5m timeout ends the step; got " + (rec.result() == null ? "none" : rec.result().getOutcome()));
    }

    @Test
    void aBuildStoppedBeforeItsRequestWentOutSendsNothing() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        Deployment d = new Deployment("d-1", h.fx.clock.instant(), Duration.ofHours(3));
        cb.onSave = () -> d.abort("Build stopped: aborted by erin");
        d.begin(h.request(v2.arn()), env(cb));
        h.scheduler.runDue();

        assertEquals("ABORTED", cb.result().getOutcome());
        assertEquals(0, h.updatesApplied(), "stopped before the request went out, yet UpdateEndpoint was sent after the stop; record: "
                + cb.result().getMessage());
    }

    @Test
    void aVersionReApprovedInTheRegistryIsNotCreditedToTheEarlierJenkinsApprover() {
        ModelPackageRef v1 = h.approved(1); // approved in Jenkins by maria
        // Later it is rejected and approved again in the registry (Studio / CLI) by someone else.
        h.fx.clock.advance(Duration.ofHours(2));
        h.console.updateModelPackage(b -> b.modelPackageArn(v1.arn()).modelApprovalStatus("Rejected"));
        h.console.updateModelPackage(b -> b.modelPackageArn(v1.arn()).modelApprovalStatus("Approved"));
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn()), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertNotEquals("maria", r.getApprovedBy(), "maria's Jenkins approval was superseded; the record credits her with the later approval: "
                + r.getGate().stream().filter(g -> g.getCheck().id().equals("separationOfDuties")).findFirst().orElseThrow().summary());
    }

    @Test
    void anEndpointWhoseConfigurationWasDeletedCanStillBeUpdated() {
        DeploymentRecord first = deployFirstVersion();
        h.console.deleteEndpointConfig(b -> b.endpointConfigName(first.getEndpointConfigName()));
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn()), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), r.getMessage());
    }

    @Test
    void throttledPollsBackOffDoublingUpToTheLimitAndResumeTheCadenceOnceAnswered() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        // A canary that bakes for 30 minutes: polls go on long after the throttling stops.
        Deployment d = h.start(h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "30m")), rec);
        assertEquals(Deployment.Stage.ROLLING_OUT, d.stage(), rec.logText());
        h.fx.emulator.clearCalls();
        // Every SDK attempt of the next five polls is throttled (three attempts each).
        h.fx.emulator.faults().on("DescribeEndpoint").next(15).throttle();
        h.scheduler.advance(Duration.ofMinutes(20));

        List<Instant> polls = h.fx.emulator.calls("sagemaker", "DescribeEndpoint").stream().map(c -> c.at()).distinct().toList();
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(Duration.between(polls.get(i - 1), polls.get(i)).toSeconds());
        }
        // Five throttled polls, each followed by a longer wait: 60, 120, 240, then 300 s (the limit) twice; answered, the
        // sixth poll brings back SageMaker's 30 s.
        assertEquals(List.of(60L, 120L, 240L, 300L, 300L, 30L, 30L), gaps.subList(0, Math.min(7, gaps.size())), "gaps between polls: " + gaps);

        // Throttled again later: the back-off starts again from 60 s, not from where it stopped.
        h.fx.emulator.clearCalls();
        h.fx.emulator.faults().on("DescribeEndpoint").next(3).throttle();
        h.scheduler.advance(Duration.ofMinutes(2));
        List<Instant> later = h.fx.emulator.calls("sagemaker", "DescribeEndpoint").stream().map(c -> c.at()).distinct().toList();
        assertEquals(60, Duration.between(later.get(0), later.get(1)).toSeconds(), "polls: " + later);
        assertTrue(rec.result() == null, "still baking");
    }

    @Test
    void anUpdateRefusedBecauseAnotherChangeJustStartedWaitsForItAndIsSentOnce() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        cb.onSave = () -> {
            if (once.compareAndSet(false, true)) {
                // Between the baseline read and the send, another controller starts an update with a 10-minute bake.
                startOtherUpdate(v3);
            }
        };
        h.start(h.request(v2.arn()), env(cb));
        DeploymentRecord r = h.runUntilFinished(cb);

        assertEquals("DEPLOYED", r.getOutcome(), r.getMessage() + "\n" + cb.logText());
        assertTrue(cb.logText().contains("another change is in progress"), cb.logText());
        assertEquals(2, h.updatesApplied(), "the other controller's update, then ours once");
        assertEquals(v2.arn(), h.servedPackage("churn-prod").orElseThrow());
    }

    @Test
    void anUpdateRefusedAsBusyFailsAtOnceWithIfBusyFail() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        ModelPackageRef v3 = h.approved(3);
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        cb.onSave = () -> startOtherUpdate(v3);
        h.start(h.request(v2.arn(), b -> b.set("ifBusy", "fail")), env(cb));
        DeploymentRecord r = h.runUntilFinished(cb);

        assertEquals("FAILED", r.getOutcome(), cb.logText());
        assertTrue(r.getMessage().contains("(ifBusy: 'fail')"), r.getMessage());
        assertEquals(1, h.updatesApplied(), "only the other controller's update");
    }

    @Test
    void ourJustCreatedConfigurationNotYetVisibleToTheUpdateIsRetriedNotFailed() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        String config = ResourceNames.of(GROUP_OF_TEST, 2, "churn-deploy#42", "d-1", 42, "churn-prod").endpointConfigName();
        h.fx.emulator.faults().on("UpdateEndpoint").next(1).beforeApplying()
                .error(400, "ValidationException", "Could not find endpoint configuration \"" + config + "\".");
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn()), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        assertEquals(1, h.updatesApplied());
    }

    @Test
    void aRequestWhoseFateCannotBeLearntEndsTimedOutAfterTheGraceSayingSo() {
        ModelPackageRef v1 = h.approved(1);
        // The request gets no answer, and from then on SageMaker answers nothing about the endpoint.
        h.fx.emulator.faults().on("CreateEndpoint").every().beforeApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeEndpoint").calls(4, 100_000).throttle();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Instant start = h.fx.clock.instant();
        h.start(h.request(v1.arn(), b -> b.set("timeout", "5m")), rec);
        DeploymentRecord r = h.runUntilFinished(rec, Duration.ofHours(1));

        assertEquals("TIMED_OUT", r.getOutcome(), rec.logText());
        assertTrue(r.getMessage().contains("could not tell whether SageMaker has the request"), r.getMessage());
        Duration took = Duration.between(start, r.getEndedAt().orElseThrow());
        assertTrue(took.compareTo(Duration.ofMinutes(15)) >= 0 && took.compareTo(Duration.ofMinutes(21)) <= 0,
                "the timeout (5m) and the grace (10m), and no more than one back-off beyond: " + took);
    }

    @Test
    void aBuildStoppedWhileCreatingSaysWhatItLeftBehind() {
        ModelPackageRef v1 = h.approved(1);
        h.fx.emulator.faults().on("CreateEndpointConfig").every().throttle();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(h.request(v1.arn()), rec);
        assertEquals(Deployment.Stage.CREATING, d.stage());

        assertTrue(d.abort("Build stopped: aborted by erin"));
        String message = rec.result().getMessage();
        assertTrue(message.contains("endpoint churn-prod was not changed; model churn-model-v1-b42-"), message);
        assertTrue(message.endsWith("was created and left in place"), message);
        assertTrue(h.fx.emulator.calls("sagemaker", "CreateEndpoint").isEmpty());
    }

    @Test
    void aTurnThatNeverComesEndsTheStepAtItsTimeoutHavingChangedNothing() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        h.locks.acquire("us-east-1||churn-prod", "churn-deploy#41", () -> { }); // held for good
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(h.request(v2.arn(), b -> b.set("timeout", "10m")), rec);
        assertEquals(Deployment.Stage.AWAITING_TURN, d.stage());

        h.scheduler.advance(Duration.ofMinutes(10));

        assertEquals("TIMED_OUT", rec.result() == null ? "still waiting" : rec.result().getOutcome(), rec.logText());
        assertTrue(rec.result().getMessage().contains("endpoint churn-prod was not changed"), rec.result().getMessage());
        assertTrue(h.mutations().isEmpty(), "nothing created or updated: " + h.mutations());
    }

    private void startOtherUpdate(ModelPackageRef v) {
        h.console.createModel(b -> b.modelName("other-m").executionRoleArn(h.roleArn).containers(c -> c.modelPackageName(v.arn())));
        h.console.createEndpointConfig(b -> b.endpointConfigName("other-c").productionVariants(p -> p.variantName("AllTraffic")
                .modelName("other-m").instanceType("ml.m5.large").initialInstanceCount(1)));
        h.console.updateEndpoint(b -> b.endpointName("churn-prod").endpointConfigName("other-c").deploymentConfig(dc -> dc
                .blueGreenUpdatePolicy(bg -> bg.trafficRoutingConfiguration(t -> t.type("ALL_AT_ONCE").waitIntervalInSeconds(600)))));
    }

    private static final String GROUP_OF_TEST = DeploymentHarness.GROUP;

    private Deployment.Environment env(DeploymentHarness.Recorder cb) {
        return h.environment(cb, "churn-deploy#42", 42, List.of("erin"));
    }
}
