package io.jenkins.plugins.registrygate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.events.EventRefusal.Reason;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the events endpoint takes and refuses, and that a refused request changes nothing: no registry call, no
 * waiting build told, no trigger, and the watcher's polling as it was.
 */
class EventIntakeTest {

    final EventsHarness h = new EventsHarness();
    ModelPackageRef v7;
    CompletableFuture<ModelPackageRef> told;
    EventsHarness.RecordingTarget trigger;

    @BeforeEach
    void aBuildWaitsAndAJobHasATrigger() {
        v7 = h.register("churn#7");
        told = new CompletableFuture<>();
        h.watcher.watch(new RegistryWatcher.GroupKey(h.fx.settings(), EventsHarness.GROUP, h.registry().principal()),
                h::registry, v7.arn(), Optional.empty(), told::complete);
        trigger = h.trigger("Approved");
        h.decideInConsole(v7, "Approved");
        h.fx.emulator.clearCalls();
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** Nothing happened: no registry call, nobody told, no build, no push. */
    void assertNothingChanged() {
        h.advance(Duration.ofSeconds(1));
        assertEquals(0, h.calls("DescribeModelPackage"), "no registry read");
        assertFalse(told.isDone(), "no waiting build told");
        assertEquals(0, trigger.started.size(), "no build started");
        assertFalse(h.watcher.pushState().live(), "polling cadence unchanged");
    }

    Receipt.Answer post(Optional<String> key, String body) {
        Receipt r = h.intake.receive(key, body.getBytes(StandardCharsets.UTF_8));
        h.advance(RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE);
        return r.answer(Duration.ZERO);
    }

    @Test
    void anAuthenticatedFreshEventIsAcceptedAndMakesThePluginReadTheRegistry() {
        Receipt.Answer a = post(Optional.of(EventsHarness.KEY), h.eventFor(v7, "Approved"));

        assertEquals(202, a.status(), a.json());
        assertEquals("Approved", told.join().approvalStatus());
        assertEquals(1, trigger.started.size());
    }

    @Test
    void withoutAConfiguredKeyTheEndpointTakesNothing() {
        h.settings = new EventIntake.Settings("", Duration.ofMinutes(10));

        Receipt.Answer a = post(Optional.of(EventsHarness.KEY), h.eventFor(v7, "Approved"));

        assertEquals(403, a.status());
        assertNothingChanged();
    }

    @Test
    void aRequestWithoutTheKeyIsRefusedAndChangesNothing() {
        Receipt.Answer a = post(Optional.empty(), h.eventFor(v7, "Approved"));

        assertEquals(401, a.status());
        assertNothingChanged();
    }

    @Test
    void aRequestWithAWrongKeyIsRefusedAndChangesNothing() {
        Receipt.Answer a = post(Optional.of("guess"), h.eventFor(v7, "Approved"));

        assertEquals(401, a.status());
        assertNothingChanged();
    }

    @Test
    void anUnauthenticatedBodyIsNotEvenRead() {
        Receipt r = h.intake.receive(Optional.empty(), limit -> {
            throw new AssertionError("the body of an unauthenticated request was read");
        });

        assertEquals(401, r.answer(Duration.ZERO).status());
    }

    @Test
    void anEventOlderThanTheFreshnessWindowIsRefusedAndChangesNothing() {
        String old = EventSamples.packageStateChange("e-old", h.now().minus(Duration.ofMinutes(11)), v7.arn(), "Approved");

        Receipt.Answer a = post(Optional.of(EventsHarness.KEY), old);

        assertEquals(400, a.status());
        assertTrue(a.json().contains("STALE"), a.json());
        assertNothingChanged();
    }

    @Test
    void anEventFromTheFutureIsRefused() {
        String future = EventSamples.packageStateChange("e-future", h.now().plus(Duration.ofMinutes(6)), v7.arn(), "Approved");

        assertEquals(400, post(Optional.of(EventsHarness.KEY), future).status());
        assertNothingChanged();
    }

    @Test
    void anEventWithinTheWindowOfTheConfiguredMaximumAgeIsTaken() {
        h.settings = new EventIntake.Settings(EventsHarness.KEY, Duration.ofMinutes(30));
        String older = EventSamples.packageStateChange("e-older", h.now().minus(Duration.ofMinutes(20)), v7.arn(), "Approved");

        assertEquals(202, post(Optional.of(EventsHarness.KEY), older).status());
    }

    @Test
    void aReplayedEventIdIsRefusedAndReadsNothingMore() {
        String event = h.eventFor(v7, "Approved");
        post(Optional.of(EventsHarness.KEY), event);
        long reads = h.calls("DescribeModelPackage");

        Receipt.Answer again = post(Optional.of(EventsHarness.KEY), event);

        assertEquals(409, again.status());
        assertEquals(reads, h.calls("DescribeModelPackage"));
        assertEquals(1, trigger.started.size());
    }

    @Test
    void aReplayAfterTheWindowIsRefusedAsStale() {
        String event = h.eventFor(v7, "Approved");
        post(Optional.of(EventsHarness.KEY), event);
        h.advance(Duration.ofMinutes(11));

        Receipt.Answer again = post(Optional.of(EventsHarness.KEY), event);

        assertEquals(400, again.status());
        assertEquals(1, trigger.started.size());
    }

    @Test
    void aMalformedBodyIsRefusedAndChangesNothing() {
        Receipt.Answer a = post(Optional.of(EventsHarness.KEY), "{\"id\":\"x\"");

        assertEquals(400, a.status());
        assertNothingChanged();
    }

    @Test
    void anEventOfAnotherSourceIsRefusedAndChangesNothing() {
        Receipt.Answer a = post(Optional.of(EventsHarness.KEY), h.eventFor(v7, "Approved").replace("aws.sagemaker", "my.app"));

        assertEquals(400, a.status());
        assertTrue(a.json().contains("UNEXPECTED"), a.json());
        assertNothingChanged();
    }

    @Test
    void anOversizedBodyIsRefusedAndChangesNothing() {
        byte[] big = new byte[EventParser.MAX_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        byte[] event = h.eventFor(v7, "Approved").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(event, 0, big, 0, event.length);

        Receipt r = h.intake.receive(Optional.of(EventsHarness.KEY), big);

        assertEquals(413, r.answer(Duration.ZERO).status());
        assertNothingChanged();
    }

    @Test
    void aFailedHandlingAnswers503AndTheRetryOfTheSameEventIsTaken() {
        trigger.registry = () -> {
            throw new RegistryException("DescribeModelPackage", "ThrottlingException", "Rate exceeded", "req-1", 400, null);
        };
        String event = h.eventFor(v7, "Approved");

        Receipt.Answer first = post(Optional.of(EventsHarness.KEY), event);
        trigger.registry = h::registry;
        Receipt.Answer retry = post(Optional.of(EventsHarness.KEY), event);

        assertEquals(503, first.status(), first.json());
        assertEquals(202, retry.status(), retry.json());
        assertEquals(1, trigger.started.size());
    }

    @Test
    void aQueuedDuplicateJoinsTheFirstDeliverysHandlingInsteadOfRepeatingIt() throws Exception {
        String event = h.eventFor(v7, "Approved");
        CompletableFuture<Void> first = h.intake.receiveQueued(event);

        CompletableFuture<Void> second = h.intake.receiveQueued(event);
        h.advance(RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE);

        assertTrue(first == second, "the same handling");
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertEquals(1, trigger.started.size());
    }

    @Test
    void aQueuedMessageThatIsNotAnEventIsRefused() {
        EventRefusal r = assertThrows(EventRefusal.class, () -> h.intake.receiveQueued("not an event"));

        assertEquals(Reason.MALFORMED, r.reason());
    }

    @Test
    void aQueuedEventIsTakenWhateverItsAgeSoThatAControllerThatWasDownReadsItsBacklog() throws Exception {
        String old = EventSamples.packageStateChange("e-old", h.now().minus(Duration.ofHours(3)), v7.arn(), "Approved");

        CompletableFuture<Void> handled = h.intake.receiveQueued(old);
        h.advance(RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE);

        assertTrue(handled.isDone() && !handled.isCompletedExceptionally());
        assertEquals(1, trigger.started.size());
    }

    @Test
    void theStatusLineCountsEventsTakenAndRefused() {
        post(Optional.of(EventsHarness.KEY), h.eventFor(v7, "Approved"));
        post(Optional.of(EventsHarness.KEY), h.heartbeat());
        post(Optional.empty(), h.heartbeat());

        EventStatus s = h.intake.status();
        String line = s.summary(h.now());

        assertEquals(2, s.lastHour());
        assertEquals("Scheduled Event", s.lastType());
        assertTrue(line.contains("2 events in the last hour"), line);
        assertTrue(line.contains("Refused: 1 (unauthenticated 1)"), line);
        assertTrue(line.contains("Events are arriving"), line);
    }

    @Test
    void eventsOlderThanAnHourLeaveTheHourlyCount() {
        post(Optional.of(EventsHarness.KEY), h.heartbeat());
        h.advance(Duration.ofMinutes(61));

        assertEquals(0, h.intake.status().lastHour());
    }
}
