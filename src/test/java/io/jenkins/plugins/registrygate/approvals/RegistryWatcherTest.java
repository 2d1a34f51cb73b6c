package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One watcher for all waiting builds: polls per group, backs off, slows down on throttling, wakes on demand. Time
 * is the test's: polls happen when it advances the scheduler, and the poll times are read from the emulator's
 * record of the calls. Run twice, the second time with lower-cased ARNs.
 */
@ParameterizedClass(name = "lowerCaseArns={0}")
@ValueSource(booleans = {false, true})
class RegistryWatcherTest {

    /** No jitter, so the cadence can be read exactly. */
    static final RegistryWatcher.Settings EXACT = new RegistryWatcher.Settings(
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), 0);

    final WaitHarness h;

    RegistryWatcherTest(boolean lowerCaseArns) {
        h = new WaitHarness(lowerCaseArns);
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.scheduler, h.scheduler, h.fx.clock, EXACT, new Random(7));
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

    /** When each poll started: the arrival of its first ListModelPackages call (two per poll, or retries). */
    List<Instant> pollTimes() {
        List<Instant> times = new ArrayList<>();
        for (RecordedCall c : h.fx.emulator.calls("ListModelPackages")) {
            if (c.request().path("ModelApprovalStatus").asText().equals("Approved")
                    && (times.isEmpty() || !times.get(times.size() - 1).equals(c.at()))) {
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

    @Test
    void manyWaitersOnOneGroupShareEachPoll() {
        List<ModelPackageRef> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(h.register("churn#" + i, Map.of(), ""));
        }
        h.fx.emulator.clearCalls();
        refs.forEach(this::watch);

        h.advance(EXACT.firstLook());

        assertEquals(2, h.fx.calls("ListModelPackages"), "one poll, one call per final status, for 20 waiters");
        assertEquals(1, h.watcher.groupCount());
        assertEquals(20, h.watcher.waiterCount());
    }

    @Test
    void aRegistryDecisionReachesOnlyTheWaiterOfThatVersion() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        ModelPackageRef v2 = h.register("churn#2", Map.of(), "");
        CompletableFuture<ModelPackageRef> first = watch(v1);
        CompletableFuture<ModelPackageRef> second = watch(v2);

        h.decideInConsole(v2, "Rejected", "no");
        h.advance(EXACT.firstLook());

        assertEquals("Rejected", second.join().approvalStatus());
        assertFalse(first.isDone());
        assertEquals(1, h.watcher.waiterCount());
    }

    @Test
    void pollsBackOffWhileNothingChanges() {
        watch(h.register("churn#1", Map.of(), ""));
        h.fx.emulator.clearCalls();

        h.advance(Duration.ofMinutes(5));

        // First look after 2 s, then the interval doubles from 10 s up to the 60 s cap.
        assertEquals(List.of(20L, 40L, 60L, 60L, 60L), gapsInSeconds(pollTimes()));
    }

    @Test
    void aDecisionBringsTheCadenceBackToTheBase() {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        watch(v1);
        watch(h.register("churn#2", Map.of(), ""));
        h.advance(Duration.ofMinutes(2)); // backed off to 60 s
        h.decideInConsole(v1, "Approved", "ok");
        h.fx.emulator.clearCalls();

        h.advance(Duration.ofMinutes(2));

        // The poll that sees the decision (at 122 s) brings the interval back to 10 s, which then doubles again.
        assertEquals(List.of(10L, 20L, 40L), gapsInSeconds(pollTimes()));
    }

    @Test
    void throttlingSlowsPollingAndIsReportedToWaiters() {
        h.fx.emulator.faults().on("ListModelPackages").every().throttle();
        List<RegistryException> failures = new CopyOnWriteArrayList<>();
        h.watcher.watch(key(), h::registry, h.register("churn#1", Map.of(), "").arn(), Optional.empty(),
                new RegistryWatcher.Listener() {
                    @Override
                    public void onDecided(ModelPackageRef current) {}

                    @Override
                    public void onPollFailed(RegistryException e) {
                        failures.add(e);
                    }
                });

        h.advance(Duration.ofMinutes(10));

        assertTrue(failures.get(0).isThrottling(), failures.get(0).getMessage());
        // Throttled polls multiply the interval by four, up to five minutes: 2 s, then +40 s, +160 s, +300 s, ...
        assertEquals(List.of(40L, 160L, 300L), gapsInSeconds(pollTimes()));
        assertEquals(4, failures.size());
    }

    @Test
    void wakeLooksAtOnce() {
        ModelPackageRef ref = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(ref);
        h.advance(EXACT.firstLook()); // the first look has happened; the next is 20 s away
        h.decideInConsole(ref, "Approved", "ok");

        h.watcher.wakeGroup(WaitHarness.GROUP.toLowerCase(Locale.ROOT));
        h.settle();

        assertEquals("Approved", seen.join().approvalStatus());
    }

    @Test
    void buildsWithDifferentCredentialsUnderOneIdDoNotSharePolls() {
        ModelPackageRef ref = h.register("churn#1", Map.of(), "");
        var folderA = new RegistryWatcher.GroupKey(h.fx.settings(), WaitHarness.GROUP, new Object());
        var folderB = new RegistryWatcher.GroupKey(h.fx.settings(), WaitHarness.GROUP, new Object());

        h.watcher.watch(folderA, h::registry, ref.arn(), Optional.empty(), r -> {});
        h.watcher.watch(folderB, h::registry, ref.arn(), Optional.empty(), r -> {});

        assertEquals(2, h.watcher.groupCount());
    }

    @Test
    void aWaitPollsTheGroupAsTheRegistrySpellsItWhateverSpellingTheArnHas() {
        ModelPackageRef registered = h.register("churn#1", Map.of(), "");
        // The Jenkinsfile names the version with the group in lower case (as a lower-cased ARN from the service would).
        ModelPackageRef typed = ModelPackageRef.fromArn(registered.arn().toLowerCase(Locale.ROOT), "PendingManualApproval");
        ApprovalWait wait = new ApprovalWait(typed, h.fx.settings(), new ApprovalGate(WaitHarness.policy(List.of()), List.of()),
                Optional.empty(), true);
        wait.begin(h.environment(new WaitHarness.Recorder()));
        h.settle();
        h.fx.emulator.clearCalls();

        h.advance(EXACT.firstLook());

        var lists = h.fx.emulator.calls("ListModelPackages");
        assertFalse(lists.isEmpty());
        assertTrue(lists.stream().allMatch(c -> c.request().get("ModelPackageGroupName").asText().equals(WaitHarness.GROUP)),
                lists.stream().map(c -> c.request().get("ModelPackageGroupName").asText()).toList().toString());
    }

    @Test
    void aWaiterWhoseBuildIsGoneIsDropped() {
        h.watcher.watch(key(), h::registry, h.register("churn#1", Map.of(), "").arn(), Optional.empty(),
                new RegistryWatcher.Listener() {
                    @Override
                    public void onDecided(ModelPackageRef current) {}

                    @Override
                    public boolean isActive() {
                        return false;
                    }
                });

        h.advance(EXACT.firstLook());

        assertEquals(0, h.watcher.waiterCount());
        assertEquals(0, h.watcher.groupCount());
    }

    @Test
    void aWaiterJoiningWhileAPollIsQueuedDoesNotStartASecondChainOfPolls() {
        // Timers fire into a queue of polls that the test runs itself: a fired poll waits there while a waiter joins.
        ManualScheduledExecutor polls = new ManualScheduledExecutor(h.fx.clock);
        RegistryWatcher.Settings every10s = new RegistryWatcher.Settings(
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), 0);
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.scheduler, polls, h.fx.clock, every10s, new Random(1));
        ModelPackageRef first = h.register("churn#1", Map.of(), "");
        ModelPackageRef second = h.register("churn#2", Map.of(), "");
        watch(first);
        h.advance(Duration.ofSeconds(10)); // the timer fires; its poll is queued, not run
        watch(second);
        polls.runDue(); // the queued poll finds itself outdated
        h.fx.emulator.clearCalls();

        for (int i = 0; i < 6; i++) {
            h.advance(Duration.ofSeconds(10));
            polls.runDue();
        }

        // One chain: one poll (two calls) every 10 s; two chains would make twice as many.
        assertEquals(12, h.fx.calls("ListModelPackages"));
    }

    @Test
    void cancellingTheLastWaiterStopsPollingTheGroup() {
        RegistryWatcher.Subscription s = h.watcher.watch(key(), h::registry, h.register("churn#1", Map.of(), "").arn(),
                Optional.empty(), r -> {});
        s.cancel();
        h.fx.emulator.clearCalls();

        h.advance(Duration.ofMinutes(1));

        assertEquals(0, h.watcher.groupCount());
        assertEquals(0, h.fx.calls("ListModelPackages"));
    }

    /** Subscribes a waiter whose registry access holds its build; returns a weak view of the build. */
    WeakReference<Object> watchAsABuild(ModelPackageRef ref, List<RegistryWatcher.Subscription> subscriptions) {
        Object build = new Object() {
            @Override
            public String toString() {
                return "build #41";
            }
        };
        Supplier<ModelRegistry> buildsRegistry = () -> {
            if (build.toString().isEmpty()) {
                throw new IllegalStateException();
            }
            return h.registry();
        };
        subscriptions.add(h.watcher.watch(key(), buildsRegistry, ref.arn(), Optional.empty(), r -> {}));
        return new WeakReference<>(build);
    }

    @Test
    void theWatcherKeepsNothingOfABuildThatStoppedWaiting() throws Exception {
        List<RegistryWatcher.Subscription> first = new ArrayList<>();
        WeakReference<Object> gone = watchAsABuild(h.register("churn#1", Map.of(), ""), first);
        watch(h.register("churn#2", Map.of(), "")); // a build that goes on waiting keeps the group's polls alive
        h.advance(EXACT.firstLook());

        first.get(0).cancel(); // the first build stops waiting
        first.clear();
        h.advance(Duration.ofMinutes(1));

        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(gone.get(), "the watcher still holds the build that stopped waiting");
        assertEquals(1, h.watcher.waiterCount());
    }
}
