package io.jenkins.plugins.registrygate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code modelPackageApproved} trigger's decisions: the event only makes Jenkins read the version with the
 * trigger's connection; the registry's answer, the trigger's group and status, and its ledger decide.
 */
class ApprovalTriggersTest {

    final EventsHarness h = new EventsHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** What SageMaker sends when a version is approved in the console: an event, then (often) another for the same change. */
    Receipt.Answer approveAndDeliver(ModelPackageRef ref) {
        h.decideInConsole(ref, "Approved");
        return h.postAndSettle(h.eventFor(ref, "Approved"));
    }

    @Test
    void aVersionReachingTheStatusStartsABuildForExactlyThatVersion() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        ModelPackageRef v2 = h.register("churn#2");

        approveAndDeliver(v2);

        assertEquals(List.of(new TriggeredVersion(v2.arn(), v2.group(), 2, "Approved",
                trigger.started.get(0).eventId())), trigger.started);
        assertTrue(!trigger.started.get(0).packageArn().equals(v1.arn()));
    }

    @Test
    void duplicateDeliveriesOfOneEventStartOneBuild() throws Exception {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");
        String event = h.eventFor(v1, "Approved");

        h.intake.receiveQueued(event);
        h.intake.receiveQueued(event);
        h.advance(Duration.ofSeconds(1));
        h.intake.receiveQueued(event);
        h.advance(Duration.ofSeconds(1));

        assertEquals(1, trigger.started.size());
    }

    @Test
    void severalEventsForOneChangeStartOneBuild() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");

        // SageMaker may send several events per state change, each with its own id.
        h.post(h.eventFor(v1, "Approved"));
        h.post(h.eventFor(v1, "Approved"));
        h.advance(Duration.ofSeconds(1));
        h.post(h.eventFor(v1, "Approved"));
        h.advance(Duration.ofSeconds(1));

        assertEquals(1, trigger.started.size());
    }

    @Test
    void aBurstOfEventsForOneVersionCostsOneRead() {
        h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");
        h.fx.emulator.clearCalls();

        h.post(h.eventFor(v1, "Approved"));
        h.post(h.eventFor(v1, "Approved"));
        h.post(h.eventFor(v1, "Approved"));
        h.advance(Duration.ofSeconds(1));

        assertEquals(1, h.calls("DescribeModelPackage"));
    }

    @Test
    void aVersionNoLongerInTheStatusWhenReadStartsNone() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");
        String approvedEvent = h.eventFor(v1, "Approved");
        // Rejected again before Jenkins read it: the late (or reordered) event must not deploy it.
        h.decideInConsole(v1, "Rejected");

        h.postAndSettle(approvedEvent);

        assertEquals(List.of(), trigger.started);
    }

    @Test
    void anEventThatMerelyClaimsApprovalStartsNone() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");

        h.postAndSettle(h.eventFor(v1, "Approved"));

        assertEquals(List.of(), trigger.started, "the registry shows PendingManualApproval");
    }

    @Test
    void anEventForAnotherGroupReadsNothingForTheTrigger() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef other = h.register("fraud-model", "fraud#1");
        h.decideInConsole(other, "Approved");
        h.fx.emulator.clearCalls();

        h.postAndSettle(h.eventFor(other, "Approved"));

        assertEquals(0, h.calls("DescribeModelPackage"));
        assertEquals(List.of(), trigger.started);
    }

    @Test
    void aTriggerForRejectionsStartsOnlyOnRejections() {
        EventsHarness.RecordingTarget onReject = h.trigger("Rejected");
        ModelPackageRef approved = h.register("churn#1");
        ModelPackageRef rejected = h.register("churn#2");

        approveAndDeliver(approved);
        h.decideInConsole(rejected, "Rejected");
        h.postAndSettle(h.eventFor(rejected, "Rejected"));

        assertEquals(List.of(rejected.arn()), onReject.started.stream().map(TriggeredVersion::packageArn).toList());
    }

    @Test
    void theGroupIsComparedWithoutCase() {
        EventsHarness.RecordingTarget trigger = h.trigger("Churn-Model", "Approved", TriggerLedger.inMemory(h.fx.clock));
        ModelPackageRef v1 = h.register("churn#1");

        approveAndDeliver(v1);

        assertEquals(1, trigger.started.size());
    }

    @Test
    void aVersionAlreadyInTheStatusWhenTheTriggerWasArmedStartsNone() {
        ModelPackageRef old = h.register("churn#1");
        h.decideInConsole(old, "Approved");
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        // Someone edits the old version's metadata: SageMaker sends a state change event, still Approved.
        h.fx.console().updateModelPackage(b -> b.modelPackageArn(old.arn()).customerMetadataProperties(java.util.Map.of("note", "edited")));

        h.postAndSettle(h.eventFor(old, "Approved"));

        assertEquals(List.of(), trigger.started);
    }

    @Test
    void aVersionApprovedAfterArmingStartsABuildEvenWhenTheBaselineIsTakenAtItsEvent() {
        ModelPackageRef old = h.register("churn#1");
        h.decideInConsole(old, "Approved");
        EventsHarness.RecordingTarget trigger = h.new RecordingTarget("ml/deploy", EventsHarness.GROUP,
                "Approved", TriggerLedger.inMemory(h.fx.clock));
        trigger.registry = () -> {
            throw RegistryException.credentialsNotFound("not yet");
        };
        h.triggers.register(trigger);
        h.settle(); // the baseline cannot be taken at arming
        trigger.registry = h::registry;
        h.advance(Duration.ofMinutes(1));
        ModelPackageRef fresh = h.register("churn#2");

        approveAndDeliver(fresh);
        h.postAndSettle(h.eventFor(old, "Approved"));

        assertEquals(List.of(fresh.arn()), trigger.started.stream().map(TriggeredVersion::packageArn).toList());
    }

    @Test
    void theLedgerKeepsOneBuildPerVersionAcrossARestart(@TempDir Path dir) {
        Path file = dir.resolve(TriggerLedger.FILE_NAME);
        EventsHarness.RecordingTarget before = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.load(file, h.fx.clock));
        ModelPackageRef v1 = h.register("churn#1");
        approveAndDeliver(v1);
        h.triggers.unregister(before);

        // Jenkins restarts: the trigger starts again with the ledger read from the job's directory; the queue
        // delivers the event again (its id is no longer remembered).
        EventsHarness.RecordingTarget after = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.load(file, h.fx.clock));
        h.postAndSettle(h.eventFor(v1, "Approved"));

        assertEquals(1, before.started.size());
        assertEquals(List.of(), after.started);
        assertEquals(Optional.of(before.started.get(0).eventId()), TriggerLedger.load(file, h.fx.clock).entry(v1.arn(), "Approved"),
                "the ledger, not the baseline, knew the build was started");
    }

    @Test
    void aVersionApprovedWhileJenkinsWasDownStartsItsBuildAfterTheRestart(@TempDir Path dir) {
        Path file = dir.resolve(TriggerLedger.FILE_NAME);
        EventsHarness.RecordingTarget before = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.load(file, h.fx.clock));
        h.triggers.unregister(before);
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved"); // Jenkins is down; the event waits in the SQS queue
        h.advance(Duration.ofMinutes(5));

        EventsHarness.RecordingTarget after = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.load(file, h.fx.clock));
        h.postAndSettle(h.eventFor(v1, "Approved"));

        assertEquals(List.of(v1.arn()), after.started.stream().map(TriggeredVersion::packageArn).toList(),
                "armed before the restart: the version is not part of its baseline");
    }

    @Test
    void aFailedReadFailsTheHandlingSoThatTheEventIsDeliveredAgain() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");
        h.fx.emulator.faults().on("DescribeModelPackage").every().internalError();

        Receipt r = h.post(h.eventFor(v1, "Approved"));
        h.advance(Duration.ofSeconds(1));

        assertTrue(r.handling().isCompletedExceptionally());
        assertEquals(List.of(), trigger.started);
    }

    @Test
    void anEventForAVersionThatDoesNotExistStartsNothingAndIsNotDeliveredAgain() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef ghost = ModelPackageRef.fromArn(EventSamples.arn(EventsHarness.GROUP, 99), "Approved");

        Receipt r = h.post(h.eventFor(ghost, "Approved"));
        h.advance(Duration.ofSeconds(1));

        assertTrue(r.handling().isDone() && !r.handling().isCompletedExceptionally(), "answered 202: retrying cannot help");
        assertEquals(List.of(), trigger.started);
    }

    @Test
    void aTriggerWhoseCredentialsAreGoneDoesNotHoldUpTheOthers() {
        EventsHarness.RecordingTarget broken = h.trigger("Approved");
        broken.registry = () -> {
            throw RegistryException.credentialsNotFound("deleted-credential");
        };
        EventsHarness.RecordingTarget working = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.inMemory(h.fx.clock));
        ModelPackageRef v1 = h.register("churn#1");

        Receipt.Answer a = approveAndDeliver(v1);

        assertEquals(202, a.status(), a.json());
        assertEquals(1, working.started.size());
        assertEquals(List.of(), broken.started);
    }

    @Test
    void aBuildJenkinsDidNotTakeIsNotRecordedSoTheNextEventStartsIt() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        trigger.jenkinsTakesBuilds = false;
        approveAndDeliver(v1);
        trigger.jenkinsTakesBuilds = true;

        h.postAndSettle(h.eventFor(v1, "Approved"));

        assertEquals(1, trigger.started.size());
    }

    @Test
    void anUnregisteredTriggerStartsNothing() {
        EventsHarness.RecordingTarget trigger = h.trigger("Approved");
        h.triggers.unregister(trigger);
        ModelPackageRef v1 = h.register("churn#1");

        approveAndDeliver(v1);

        assertEquals(List.of(), trigger.started);
    }

    @Test
    void eachTriggerOfTheGroupStartsItsOwnJob() {
        EventsHarness.RecordingTarget deploy = h.trigger("Approved");
        EventsHarness.RecordingTarget audit = h.trigger(EventsHarness.GROUP, "Approved", TriggerLedger.inMemory(h.fx.clock));
        ModelPackageRef v1 = h.register("churn#1");

        approveAndDeliver(v1);

        assertEquals(1, deploy.started.size());
        assertEquals(1, audit.started.size());
    }

    @Test
    void theHandlingCompletesOnlyWhenTheTriggersAreDone() {
        h.trigger("Approved");
        ModelPackageRef v1 = h.register("churn#1");
        h.decideInConsole(v1, "Approved");

        Receipt r = h.post(h.eventFor(v1, "Approved"));
        CompletableFuture<Void> handling = r.handling();
        boolean doneBeforeRead = handling.isDone();
        h.advance(Duration.ofSeconds(1));

        assertTrue(!doneBeforeRead && handling.isDone());
    }
}
