package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.events.ApprovalTriggers;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registry events and the builds waiting in awaitApproval: an event wakes exactly the builds waiting on its package
 * (one read per burst), and while events arrive the group polls slow to the safety interval, coming back when they
 * stop. Time is the test's. Run twice, the second time with lower-cased ARNs.
 */
@ParameterizedClass(name = "lowerCaseArns={0}")
@ValueSource(booleans = {false, true})
class RegistryEventsTest {

    static final String KEY = "k3y";
    /** No jitter, so the cadence can be read exactly. */
    static final RegistryWatcher.Settings EXACT = new RegistryWatcher.Settings(
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), 0);
    static final Duration WINDOW = EXACT.wakeCoalesce();

    final WaitHarness h;
    final EventIntake intake;
    final WaitHarness.Recorder rec = new WaitHarness.Recorder();

    RegistryEventsTest(boolean lowerCaseArns) {
        h = new WaitHarness(lowerCaseArns);
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, EXACT, new Random(7));
        intake = new EventIntake(h.fx.clock, h.watcher, new ApprovalTriggers(h.scheduler, h.scheduler, WINDOW),
                () -> new EventIntake.Settings(KEY, Duration.ofMinutes(10)));
    }

    @AfterEach
    void close() {
        h.close();
    }

    RegistryWatcher.GroupKey key() {
        return new RegistryWatcher.GroupKey(h.fx.settings(), WaitHarness.GROUP, h.registry().principal());
    }

    CompletableFuture<ModelPackageRef> watch(ModelPackageRef ref) {
        CompletableFuture<ModelPackageRef> seen = new CompletableFuture<>();
        h.watcher.watch(key(), h::registry, ref.arn(), Optional.empty(), seen::complete);
        return seen;
    }

    String event(ModelPackageRef ref, String claimedStatus) {
        String arn = ref.arn();
        String group = arn.substring(arn.indexOf("model-package/") + 14, arn.lastIndexOf('/'));
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"SageMaker Model Package State Change\","
                + "\"source\":\"aws.sagemaker\",\"account\":\"123456789012\",\"time\":" + h.fx.clock.millis() + ",\"region\":\"us-east-1\","
                + "\"resources\":[\"" + arn + "\"],\"detail\":{\"ModelPackageGroupName\":\"" + group + "\",\"ModelPackageArn\":\""
                + arn + "\",\"ModelApprovalStatus\":\"" + claimedStatus + "\"}}";
    }

    String heartbeat() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"time\":\"" + h.fx.clock.instant() + "\",\"detail\":{}}";
    }

    int post(String body) {
        return intake.receive(Optional.of(KEY), body.getBytes(StandardCharsets.UTF_8)).answer(Duration.ZERO).status();
    }

    /** When each group poll started (its Approved call). */
    List<Instant> pollTimes() {
        List<Instant> times = new ArrayList<>();
        for (RecordedCall c : h.fx.emulator.calls("ListModelPackages")) {
            if (c.request().path("ModelApprovalStatus").asText().equals("Approved")) {
                times.add(c.at());
            }
        }
        return times;
    }

    static List<Long> gapsInSeconds(List<Instant> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)).toSeconds());
        }
        return gaps;
    }

    // ---------------------------------------------------------------- waking by package

    @Test
    void anEventWakesOnlyTheBuildsWaitingOnItsPackage() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        ModelPackageRef v2 = h.register("churn#2", Map.of(), "");
        CompletableFuture<ModelPackageRef> first = watch(v1);
        CompletableFuture<ModelPackageRef> second = watch(v2);
        CompletableFuture<ModelPackageRef> secondToo = watch(v2);
        h.decideInConsole(v2, "Approved", "ok");
        h.fx.emulator.clearCalls();

        post(event(v2, "Approved"));
        h.advance(WINDOW);

        assertEquals("Approved", second.join().approvalStatus());
        assertEquals("Approved", secondToo.join().approvalStatus());
        assertFalse(first.isDone());
        assertEquals(1, h.fx.calls("DescribeModelPackage"), "one read of the package for both of its builds");
        assertEquals(0, h.fx.calls("ListModelPackages"), "no group poll needed");
    }

    @Test
    void aBurstOfEventsForOnePackageCostsOneRead() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(v1);
        h.fx.emulator.clearCalls();

        // SageMaker sends several events for one change (here: metadata edits, the version stays pending).
        post(event(v1, "PendingManualApproval"));
        h.advance(Duration.ofMillis(100));
        post(event(v1, "PendingManualApproval"));
        h.advance(Duration.ofMillis(100));
        post(event(v1, "PendingManualApproval"));
        h.advance(WINDOW);

        assertFalse(seen.isDone());
        assertEquals(1, h.fx.calls("DescribeModelPackage"));
    }

    @Test
    void anEventForAPackageNobodyWaitsOnCostsNoCall() {
        watch(h.register("churn#1", Map.of(), ""));
        ModelPackageRef unwatched = h.register("churn#2", Map.of(), "");
        h.fx.emulator.clearCalls();

        boolean waited = h.watcher.wake(unwatched.arn());
        post(event(unwatched, "Approved"));
        h.advance(WINDOW);

        assertFalse(waited);
        assertEquals(0, h.fx.calls("DescribeModelPackage"));
    }

    @Test
    void anEventThatClaimsMoreThanTheRegistryShowsTellsNobody() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(v1);

        post(event(v1, "Approved")); // stale or out of order: the registry still shows PendingManualApproval
        h.advance(WINDOW);

        assertFalse(seen.isDone());
        assertEquals(1, h.watcher.waiterCount());
    }

    @Test
    void anOutOfOrderEventIsHarmlessAndTheRightOneStillWakes() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(v1);
        String creationEvent = event(v1, "PendingManualApproval");
        h.decideInConsole(v1, "Rejected", "no");

        post(event(v1, "Rejected"));
        post(creationEvent); // delivered after the later one
        h.advance(WINDOW);

        assertEquals("Rejected", seen.join().approvalStatus());
    }

    @Test
    void duplicateEventsAfterTheDecisionCostNothing() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        watch(v1);
        h.decideInConsole(v1, "Approved", "ok");
        post(event(v1, "Approved"));
        h.advance(WINDOW);
        h.fx.emulator.clearCalls();

        post(event(v1, "Approved"));
        h.advance(WINDOW);

        assertEquals(0, h.fx.calls("DescribeModelPackage"));
    }

    @Test
    void aFailedReadOfAWokenPackageBringsTheGroupsPollForward() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(v1);
        h.advance(Duration.ofMinutes(3)); // the group has backed off to 60 s
        h.decideInConsole(v1, "Approved", "ok");
        h.fx.emulator.faults().on("DescribeModelPackage").every().internalError();

        post(event(v1, "Approved"));
        h.advance(WINDOW.plus(EXACT.firstLook()));

        assertEquals("Approved", seen.join().approvalStatus(), "the poll found it");
    }

    // ---------------------------------------------------------------- a waiting build

    @Test
    void aWaitingBuildResumesAsSoonAsItsEventArrives() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        ApprovalWait wait = new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(WaitHarness.policy(List.of("alice")),
                List.of("dave")), Optional.empty(), true);
        wait.begin(h.environment(rec));
        h.settle();
        h.advance(Duration.ofMinutes(5)); // long past its first looks: the group polls every 60 s now
        h.decideInConsole(ref, "Approved", "approved in the SageMaker console");
        Instant decided = h.fx.clock.instant();
        h.fx.emulator.clearCalls();

        assertEquals(202, post(event(ref, "Approved")));
        h.advance(WINDOW);

        ApprovalDecision d = rec.decision();
        assertEquals(ApprovalOutcome.APPROVED, d.getOutcome());
        assertEquals(DecisionPath.REGISTRY, d.getPath());
        assertEquals(h.fx.consolePrincipal().arn(), d.getDecidedBy());
        assertEquals(WINDOW, Duration.between(decided, h.fx.clock.instant()));
        assertEquals(0, h.fx.calls("ListModelPackages"), "no poll: the event did it");
    }

    // ---------------------------------------------------------------- polling while events arrive

    @Test
    void whileEventsArriveTheGroupIsPolledOnlyAtTheSafetyInterval() {
        watch(h.register("churn#1", Map.of(), ""));
        h.fx.emulator.clearCalls();

        for (int i = 0; i < 12; i++) { // an hour of heartbeats, one every 5 minutes
            post(heartbeat());
            h.advance(Duration.ofMinutes(5));
        }

        // The first look (2 s after the build started waiting), then only every 15 minutes: 4 polls in the hour instead
        // of the 62 of the normal cadence.
        assertEquals(List.of(900L, 900L, 900L), gapsInSeconds(pollTimes()));
        assertTrue(h.watcher.pushState().live());
        assertEquals(0, h.watcher.pushState().fallbacks());
    }

    @Test
    void whenEventsStopPollingReturnsToItsNormalCadence() {
        Instant start = h.fx.clock.instant();
        watch(h.register("churn#1", Map.of(), ""));
        post(heartbeat());
        h.advance(Duration.ofMinutes(11));
        h.fx.emulator.clearCalls();

        h.advance(Duration.ofMinutes(4)); // the 12-minute silence limit passes at 12 min

        assertFalse(h.watcher.pushState().live());
        assertEquals(1, h.watcher.pushState().fallbacks());
        // A look 2 s after the fallback (events may have been missed), then the normal back-off: 20 s, 40 s, 60 s.
        assertEquals(Duration.ofMinutes(12).plusSeconds(2), Duration.between(start, pollTimes().get(0)));
        assertEquals(List.of(20L, 40L, 60L), gapsInSeconds(pollTimes()));
    }

    @Test
    void theConsoleOfAWaitingBuildSaysWhenEventsStopAndPollingReturns() {
        ModelPackageRef ref = h.register("churn#42", Map.of(), "dave");
        new ApprovalWait(ref, h.fx.settings(), new ApprovalGate(WaitHarness.policy(List.of("alice")), List.of("dave")),
                Optional.empty(), true).begin(h.environment(rec));
        h.settle();
        post(heartbeat());
        h.settle();

        h.advance(Duration.ofMinutes(13));

        assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("Registry events are arriving")), rec.log.toString());
        assertTrue(rec.log.stream().anyMatch(l -> l.startsWith("No registry event or heartbeat for 12 min: polling the "
                + "registry at its normal cadence again")), rec.log.toString());
    }

    @Test
    void aLateHeartbeatWithinTheSilenceLimitKeepsThePollsSlow() {
        watch(h.register("churn#1", Map.of(), ""));
        post(heartbeat());
        h.advance(Duration.ofMinutes(11));
        post(heartbeat());

        h.advance(Duration.ofMinutes(11));

        assertTrue(h.watcher.pushState().live());
        assertEquals(0, h.watcher.pushState().fallbacks());
    }

    @Test
    void aRefusedEventDoesNotKeepThePollsSlow() {
        watch(h.register("churn#1", Map.of(), ""));

        intake.receive(Optional.of("wrong"), heartbeat().getBytes(StandardCharsets.UTF_8));

        assertFalse(h.watcher.pushState().live());
    }
}
