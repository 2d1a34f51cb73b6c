package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.ProgramState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Never a second update: a deployment saved as Pipeline saves its program (JBoss Marshalling River) and resumed on a
 * new controller (new timers, locks and clients) follows what SageMaker shows, and sends the request again only when
 * SageMaker never got it.
 */
class DeploymentRestartTest {

    final DeploymentHarness h = new DeploymentHarness();

    @AfterEach
    void close() {
        h.close();
        assertEquals(List.of(), h.fx.emulator.conformanceViolations());
    }

    /** The controller goes down: the saved deployment is loaded into a fresh runtime and resumed. */
    DeploymentHarness.Recorder restart(Deployment saved, DeploymentRequest request, int build) throws Exception {
        Deployment loaded = (Deployment) ProgramState.load(ProgramState.save(saved));
        ManualScheduledExecutor fresh = new ManualScheduledExecutor(h.fx.clock);
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment.Environment env = h.environment(rec, "churn-deploy#" + build, build, List.of("erin"));
        loaded.resume(request, new Deployment.Environment(fresh, fresh, env.clock(), env.services(), new EndpointLocks(), env.lockKey(),
                env.buildId(), env.buildNumber(), env.buildUrl(), env.deployers(), env.waivedBy(), env.settings(), rec));
        fresh.runDue();
        Duration passed = Duration.ZERO;
        while (rec.result() == null && passed.compareTo(Duration.ofHours(2)) < 0) {
            fresh.advance(Duration.ofSeconds(30));
            passed = passed.plusSeconds(30);
        }
        return rec;
    }

    private DeploymentRequest canary(ModelPackageRef v) {
        return h.request(v.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary").set("canarySize", "1")
                .set("waitInterval", "10m"));
    }

    private void deployFirstVersion() {
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(h.approved(1).arn(), b -> b.set("instanceCount", 2)), h.environment(rec, "churn-deploy#40", 40, List.of("erin")));
        assertEquals("DEPLOYED", h.runUntilFinished(rec).getOutcome(), rec.logText());
        h.fx.emulator.clearCalls();
    }

    @Test
    void aDeploymentResumedInTheMiddleOfTheRolloutFollowsItAndNeverUpdatesAgain() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = canary(v2);
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        h.scheduler.advance(Duration.ofMinutes(3));
        assertEquals(Deployment.Stage.ROLLING_OUT, d.stage());
        assertEquals(1, h.updatesApplied());
        h.scheduler.shutdownNow(); // the old controller's timers die with it

        DeploymentHarness.Recorder after = restart(d, request, 42);
        DeploymentRecord r = after.result();

        assertEquals("DEPLOYED", r.getOutcome(), after.logText());
        assertEquals(1, h.updatesApplied(), "no second UpdateEndpoint");
        assertEquals(1, h.fx.emulator.calls("sagemaker", "UpdateEndpoint").size(), "not even a refused one");
        assertEquals(v2.arn(), h.servedPackage("churn-prod").orElseThrow());
    }

    @Test
    void aDeploymentResumedAfterItsUpdateWasRolledBackReportsTheRollbackAndDoesNotTryAgain() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary")
                .set("canarySize", "1").set("waitInterval", "10m").set("alarms", List.of("churn-5xx")));
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        h.scheduler.advance(Duration.ofMinutes(1));
        h.scheduler.shutdownNow();
        // While Jenkins is down the alarm fires and SageMaker rolls back.
        h.fx.emulator.cloudWatch().setAlarmState("churn-5xx", "ALARM", "5xx on the canary");
        h.fx.clock.advance(Duration.ofMinutes(30));

        DeploymentHarness.Recorder after = restart(d, request, 42);

        assertEquals("ROLLED_BACK", after.result().getOutcome(), after.logText());
        assertEquals(1, h.fx.emulator.calls("sagemaker", "UpdateEndpoint").size());
    }

    @Test
    void aRequestThatNeverReachedSageMakerIsSentOnResumeOnce() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = canary(v2);
        // Every attempt of the first UpdateEndpoint is dropped before SageMaker applies it; then the controller stops.
        h.fx.emulator.faults().on("UpdateEndpoint").next(3).dropConnection();
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        assertEquals(Deployment.Stage.REQUESTED, d.stage());
        assertEquals(0, h.updatesApplied());
        h.scheduler.shutdownNow();

        DeploymentHarness.Recorder after = restart(d, request, 42);

        assertEquals("DEPLOYED", after.result().getOutcome(), after.logText());
        assertEquals(1, h.updatesApplied());
    }

    @Test
    void aRequestWhoseAnswerWasLostAfterSageMakerAppliedItIsNeverSentAgain() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        // SageMaker applies the update, the answer is lost, and the SDK's own retries are refused ("in-progress").
        h.fx.emulator.faults().on("UpdateEndpoint").call(1).afterApplying().dropConnection();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(canary(v2), rec);
        DeploymentRecord r = h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), rec.logText());
        var updates = h.fx.emulator.calls("sagemaker", "UpdateEndpoint");
        assertEquals(0, updates.get(0).httpStatus(), "the first attempt was applied, its answer dropped");
        assertTrue(updates.stream().skip(1).allMatch(c -> c.httpStatus() == 400 && c.responseBody().contains("in-progress")),
                "the SDK's retries were refused; the plugin sent nothing more: " + updates);
        assertTrue(rec.logText().contains("SageMaker took the request though its answer was lost"), rec.logText());
    }

    @Test
    void theSaveHappensBeforeTheRequestAndSeesTheRequestAboutToBeSent() {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentHarness.Recorder cb = new DeploymentHarness.Recorder();
        Deployment d = new Deployment("d-1", h.fx.clock.instant(), Duration.ofHours(3));
        long[] updatesAtSave = {-1};
        Deployment.Stage[] stageAtSave = {null};
        cb.onSave = () -> {
            updatesAtSave[0] = h.fx.emulator.callCount("UpdateEndpoint");
            stageAtSave[0] = d.stage();
        };
        d.begin(h.request(v2.arn()), h.environment(cb, "churn-deploy#42", 42, List.of("erin")));
        h.scheduler.runDue();
        assertEquals(0, updatesAtSave[0], "saved before UpdateEndpoint");
        assertEquals(Deployment.Stage.REQUESTED, stageAtSave[0]);
    }

    @Test
    void anEndedDeploymentResumedReportsItsEndAgainAndDoesNothingElse() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = h.request(v2.arn());
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        Deployment d = h.start(request, rec);
        h.runUntilFinished(rec);
        h.fx.emulator.clearCalls();

        DeploymentHarness.Recorder after = restart(d, request, 42);

        assertEquals("DEPLOYED", after.result().getOutcome());
        assertEquals(List.of(), h.fx.emulator.calls());
    }

    @Test
    void aResumeAfterARequestSageMakerTookAndThenRolledBackNeverSendsItAgain() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary")
                .set("canarySize", "1").set("waitInterval", "10m").set("alarms", List.of("churn-5xx")));
        // SageMaker applies the update but no answer comes back, and the look that follows is throttled: the
        // deployment is saved in REQUESTED, not knowing whether its request arrived. Then the controller stops.
        h.fx.emulator.faults().on("UpdateEndpoint").next(3).afterApplying().dropConnection();
        // DescribeEndpoint is read at admission, at its turn and right before the request (DeploymentCallsTest): the
        // 4th read is the look after the lost answer, and it and the SDK's two retries of it are throttled.
        h.fx.emulator.faults().on("DescribeEndpoint").calls(4, 6).throttle();
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        assertEquals(Deployment.Stage.REQUESTED, d.stage());
        h.scheduler.shutdownNow();
        long sent = h.fx.emulator.callCount("UpdateEndpoint");
        assertTrue(sent > 0, "the request went out before the controller stopped");
        // While Jenkins is down the canary's alarm fires and SageMaker rolls back to the old configuration.
        h.fx.emulator.cloudWatch().setAlarmState("churn-5xx", "ALARM", "5xx on the canary");
        h.fx.clock.advance(Duration.ofMinutes(30));

        DeploymentHarness.Recorder after = restart(d, request, 42);

        assertEquals("ROLLED_BACK", after.result().getOutcome(), after.logText());
        assertEquals(sent, h.fx.emulator.callCount("UpdateEndpoint"), "the rolled-back update is not sent again");
    }

    @Test
    void aResumedDeploymentWhoseRollbackFailedSaysSo() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary")
                .set("canarySize", "1").set("waitInterval", "10m").set("alarms", List.of("churn-5xx")));
        h.fx.emulator.faults().on("UpdateEndpoint").next(3).afterApplying().dropConnection();
        h.fx.emulator.faults().on("DescribeEndpoint").calls(4, 6).throttle();
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        assertEquals(Deployment.Stage.REQUESTED, d.stage());
        h.scheduler.shutdownNow();
        h.fx.emulator.backend().endpoints().failRollbacks("churn-prod", "rollback failed: capacity");
        h.fx.emulator.cloudWatch().setAlarmState("churn-5xx", "ALARM", "5xx on the canary");
        h.fx.clock.advance(Duration.ofMinutes(30));
        assertEquals("UpdateRollbackFailed", h.console.describeEndpoint(b -> b.endpointName("churn-prod")).endpointStatusAsString());

        Deployment loaded = (Deployment) ProgramState.load(ProgramState.save(d));
        ManualScheduledExecutor fresh = new ManualScheduledExecutor(h.fx.clock);
        DeploymentHarness.Recorder after = new DeploymentHarness.Recorder();
        loaded.resume(request, rebuilt(h.environment(after, "churn-deploy#42", 42, List.of("erin")), fresh, new EndpointLocks()));
        fresh.runDue();
        fresh.advance(Duration.ofMinutes(5));

        assertEquals("FAILED", after.result().getOutcome(), "the endpoint is UpdateRollbackFailed; the step says: " + after.result().getMessage());
    }

    @Test
    void aDeploymentResumedMidRolloutStillHoldsItsTurn() throws Exception {
        deployFirstVersion();
        ModelPackageRef v2 = h.approved(2);
        DeploymentRequest request = h.request(v2.arn(), b -> b.set("instanceCount", 2).set("trafficShifting", "canary")
                .set("canarySize", "1").set("waitInterval", "10m"));
        Deployment d = h.start(request, new DeploymentHarness.Recorder());
        h.scheduler.advance(Duration.ofMinutes(1));
        assertEquals(Deployment.Stage.ROLLING_OUT, d.stage());
        h.scheduler.shutdownNow();

        // The new controller: fresh timers and locks; the saved build resumes, then a new build deploys to the endpoint.
        Deployment loaded = (Deployment) ProgramState.load(ProgramState.save(d));
        ManualScheduledExecutor fresh = new ManualScheduledExecutor(h.fx.clock);
        EndpointLocks locks = new EndpointLocks();
        DeploymentHarness.Recorder resumed = new DeploymentHarness.Recorder();
        loaded.resume(request, rebuilt(h.environment(resumed, "churn-deploy#42", 42, List.of("erin")), fresh, locks));
        DeploymentHarness.Recorder next = new DeploymentHarness.Recorder();
        Deployment b = new Deployment("d-1", h.fx.clock.instant(), Duration.ofHours(3));
        b.begin(h.request(h.approved(3).arn(), x -> x.set("ifBusy", "fail")), rebuilt(h.environment(next, "churn-deploy#43", 43, List.of("erin")), fresh, locks));
        fresh.runDue();

        assertTrue(next.logText().contains("Waiting for churn-deploy#42"),
                "the second build should queue behind the resumed one on this controller; it: " + (next.result() == null ? "" : next.result().getMessage()));
    }

    private static Deployment.Environment rebuilt(Deployment.Environment e, ManualScheduledExecutor s, EndpointLocks locks) {
        return new Deployment.Environment(s, s, e.clock(), e.services(), locks, e.lockKey(), e.buildId(), e.buildNumber(), e.buildUrl(),
                e.deployers(), e.waivedBy(), e.settings(), e.callbacks());
    }
}
