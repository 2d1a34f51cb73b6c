package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One watcher for all waiting builds: polls per group, backs off, slows down on throttling, wakes on demand. */
class RegistryWatcherTest {

    final WaitHarness h = new WaitHarness();

    @AfterEach
    void close() {
        h.close();
    }

    RegistryWatcher.GroupKey key() {
        return new RegistryWatcher.GroupKey(h.fx.settings(), "churn-model", h.fx.registry().principal());
    }

    CompletableFuture<ModelPackageRef> watch(ModelPackageRef ref) {
        CompletableFuture<ModelPackageRef> seen = new CompletableFuture<>();
        h.watcher.watch(key(), h.fx::registry, ref.arn(), Optional.empty(), seen::complete);
        return seen;
    }

    @Test
    void manyWaitersOnOneGroupShareEachPoll() throws Exception {
        List<ModelPackageRef> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(h.register("churn#" + i, Map.of(), ""));
        }
        h.fx.emulator.clearCalls();
        List<CompletableFuture<ModelPackageRef>> seen = new ArrayList<>();
        refs.forEach(r -> seen.add(watch(r)));
        Thread.sleep(300);

        long polls = h.fx.calls("ListModelPackages");
        assertTrue(polls > 0 && polls <= 2 * 10, "20 waiters, ~300 ms of polling at most every 40 ms, two calls each: " + polls);
        assertEquals(1, h.watcher.groupCount());
        assertEquals(20, h.watcher.waiterCount());
    }

    @Test
    void aRegistryDecisionReachesOnlyTheWaiterOfThatVersion() throws Exception {
        ModelPackageRef v1 = h.register("churn#1", Map.of(), "");
        ModelPackageRef v2 = h.register("churn#2", Map.of(), "");
        CompletableFuture<ModelPackageRef> first = watch(v1);
        CompletableFuture<ModelPackageRef> second = watch(v2);

        h.approveInConsole(v2, "Rejected", "no");

        assertEquals("Rejected", second.get(5, TimeUnit.SECONDS).approvalStatus());
        assertTrue(!first.isDone());
        assertEquals(1, h.watcher.waiterCount());
    }

    @Test
    void pollsBackOffWhileNothingChanges() throws Exception {
        watch(h.register("churn#1", Map.of(), ""));
        Thread.sleep(150);
        long early = h.fx.calls("ListModelPackages");
        h.fx.emulator.clearCalls();
        Thread.sleep(1000);
        long later = h.fx.calls("ListModelPackages");

        // Without back-off, 1 s at the 40 ms base would be ~50 calls; capped at 200 ms (+-20%) it is about 10-12.
        assertTrue(later <= 2 * 7, "calls in the second second: " + later + " (first 150 ms: " + early + ")");
    }

    @Test
    void throttlingSlowsPollingAndIsReportedToWaiters() throws Exception {
        h.fx.emulator.faults().on("ListModelPackages").every().throttle();
        List<RegistryException> failures = new CopyOnWriteArrayList<>();
        h.watcher.watch(key(), h.fx::registry, h.register("churn#1", Map.of(), "").arn(), Optional.empty(),
                new RegistryWatcher.Listener() {
                    @Override
                    public void onDecided(ModelPackageRef current) {}

                    @Override
                    public void onPollFailed(RegistryException e) {
                        failures.add(e);
                    }
                });
        Thread.sleep(1500);

        assertTrue(!failures.isEmpty());
        assertTrue(failures.get(0).isThrottling(), failures.get(0).getMessage());
        // Each failed poll is one SDK call retried up to 4 times; throttled polls back off to 400 ms.
        assertTrue(failures.size() <= 6, "failed polls in 1.5 s: " + failures.size());
    }

    @Test
    void wakeLooksAtOnce() throws Exception {
        h.watcher.shutdown();
        h.watcher = new RegistryWatcher(h.timers, java.time.Clock.systemUTC(),
                new RegistryWatcher.Settings(Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 0), new java.util.Random(3));
        ModelPackageRef ref = h.register("churn#1", Map.of(), "");
        CompletableFuture<ModelPackageRef> seen = watch(ref);
        Thread.sleep(200); // the first look has happened; the next is 30 s away
        h.approveInConsole(ref, "Approved", "ok");

        h.watcher.wake("Churn-Model");

        assertEquals("Approved", seen.get(5, TimeUnit.SECONDS).approvalStatus());
    }

    @Test
    void buildsWithDifferentCredentialsUnderOneIdDoNotSharePolls() throws Exception {
        ModelPackageRef ref = h.register("churn#1", Map.of(), "");
        var folderA = new RegistryWatcher.GroupKey(h.fx.settings(), "churn-model", new Object());
        var folderB = new RegistryWatcher.GroupKey(h.fx.settings(), "churn-model", new Object());

        h.watcher.watch(folderA, h.fx::registry, ref.arn(), Optional.empty(), r -> {});
        h.watcher.watch(folderB, h.fx::registry, ref.arn(), Optional.empty(), r -> {});

        assertEquals(2, h.watcher.groupCount());
    }

    @Test
    void theGroupNameIsSentAsTheRegistrySpellsIt() throws Exception {
        ModelPackageRef ref = h.register("ChurnModel", "churn#1", Map.of(), "");
        h.watcher.watch(new RegistryWatcher.GroupKey(h.fx.settings(), "ChurnModel", h.fx.registry().principal()),
                h.fx::registry, ref.arn(), Optional.empty(), r -> {});
        Thread.sleep(100);

        var lists = h.fx.emulator.calls("ListModelPackages");
        assertTrue(!lists.isEmpty());
        assertTrue(lists.stream().allMatch(c -> c.request().get("ModelPackageGroupName").asText().equals("ChurnModel")));
    }

    @Test
    void aWaiterWhoseBuildIsGoneIsDropped() throws Exception {
        h.watcher.watch(key(), h.fx::registry, h.register("churn#1", Map.of(), "").arn(), Optional.empty(),
                new RegistryWatcher.Listener() {
                    @Override
                    public void onDecided(ModelPackageRef current) {}

                    @Override
                    public boolean isActive() {
                        return false;
                    }
                });
        Thread.sleep(100);

        assertEquals(0, h.watcher.waiterCount());
        assertEquals(0, h.watcher.groupCount());
    }

    @Test
    void aWaiterJoiningWhileAPollIsQueuedDoesNotStartASecondChainOfPolls() throws Exception {
        // One busy thread runs the polls, so a fired timer's poll waits in the queue while another waiter joins.
        java.util.concurrent.ExecutorService busy = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            h.watcher.shutdown();
            h.watcher = new RegistryWatcher(h.timers, busy, java.time.Clock.systemUTC(), new RegistryWatcher.Settings(
                    Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100), 0),
                    new java.util.Random(1));
            ModelPackageRef first = h.register("churn#1", Map.of(), "");
            ModelPackageRef second = h.register("churn#2", Map.of(), "");
            busy.execute(() -> sleep(300));
            watch(first);
            Thread.sleep(150);
            watch(second);
            Thread.sleep(250);
            h.fx.emulator.clearCalls();

            Thread.sleep(1000);

            // One chain polls every 100 ms with two calls each: about 20 in a second; two chains would make about 40.
            long calls = h.fx.calls("ListModelPackages");
            assertTrue(calls <= 26, "ListModelPackages calls in one second: " + calls);
        } finally {
            h.watcher.shutdown();
            busy.shutdownNow();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void cancellingTheLastWaiterStopsPollingTheGroup() throws Exception {
        RegistryWatcher.Subscription s = h.watcher.watch(key(), h.fx::registry, h.register("churn#1", Map.of(), "").arn(),
                Optional.empty(), r -> {});
        s.cancel();
        h.fx.emulator.clearCalls();
        Thread.sleep(200);

        assertEquals(0, h.watcher.groupCount());
        assertEquals(0, h.fx.calls("ListModelPackages"));
    }
}
