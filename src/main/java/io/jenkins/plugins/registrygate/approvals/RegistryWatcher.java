package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;

/**
 * One watcher for every build waiting on a registry decision. It asks the registry per model package group (two
 * ListModelPackages calls, for Approved and Rejected, however many builds wait on that group), backs off while
 * nothing changes, adds jitter so groups do not poll in step, and slows down further on throttling.
 *
 * <p>Registry events (EventBridge, through the plugin's endpoint or an SQS queue) come in through
 * {@link #wake(String)}: the package an event names is read now, once per burst of events for it
 * ({@link Settings#wakeCoalesce}), and only the builds waiting on that package are told. An event decides nothing: a
 * build hears of a decision only when the registry, read by Jenkins, shows it. While events or heartbeats keep arriving
 * ({@link #pushReceived}), group polls slow down to {@link PushCadence#safetyInterval}, a safety net; when none has come
 * for {@link PushCadence#silence}, polling returns to its normal cadence and the waiting builds are told
 * ({@link Listener#onPushChanged}).
 *
 * <p>The watcher keeps nothing of a build once it stopped waiting: each waiter brings its own way to reach the
 * registry (which may hold its build, to look up its credentials), and a poll uses a current waiter's. The group's
 * key holds only the connection settings, the group name and the client standing for the resolved credentials.
 */
public final class RegistryWatcher {

    private static final Logger LOGGER = Logger.getLogger(RegistryWatcher.class.getName());

    /**
     * Polling cadence: first look soon after a build starts waiting, then back off to {@code max}.
     *
     * @param wakeCoalesce how long a {@link #wake} waits for more events about the same package before it reads it:
     *     SageMaker may send several events per change, and they all come within it, so one read serves the burst
     */
    public record Settings(Duration firstLook, Duration base, Duration max, Duration throttledMax, double jitter,
                           Duration wakeCoalesce) {
        public static final Duration DEFAULT_WAKE_COALESCE = Duration.ofMillis(250);
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMinutes(5), 0.2, DEFAULT_WAKE_COALESCE);

        /** With the default coalescing of wakes. */
        public Settings(Duration firstLook, Duration base, Duration max, Duration throttledMax, double jitter) {
            this(firstLook, base, max, throttledMax, jitter, DEFAULT_WAKE_COALESCE);
        }
    }

    /**
     * Polling while registry events arrive.
     *
     * @param safetyInterval how often each group is still polled while events or heartbeats arrive
     * @param silence how long without an event or a heartbeat before polling returns to its normal cadence
     */
    public record PushCadence(Duration safetyInterval, Duration silence) {
        public static final PushCadence DEFAULTS = new PushCadence(Duration.ofMinutes(15), Duration.ofMinutes(12));
    }

    /**
     * Whether registry events are arriving.
     *
     * @param live an event or heartbeat came within the silence limit: groups are polled at the safety interval
     * @param lastReceived when the last one came
     * @param fallbacks how often events stopped and polling returned to its normal cadence
     */
    public record PushState(boolean live, Optional<Instant> lastReceived, long fallbacks) {}

    /** What a waiting build hears. Called on the watcher's thread; implementations must return quickly. */
    public interface Listener {
        /** The package now has a final status (Approved or Rejected) in the registry. */
        void onDecided(ModelPackageRef current);

        /** A poll failed; the watcher keeps trying with back-off. */
        default void onPollFailed(RegistryException e) {}

        /** Registry events started or stopped arriving, and the watcher's polling changed with them; for the console. */
        default void onPushChanged(String message) {}

        /** False once the waiting build is gone without cancelling (killed): the watcher then drops the waiter. */
        default boolean isActive() {
            return true;
        }
    }

    /** Cancels one build's interest. */
    public interface Subscription {
        void cancel();
    }

    /**
     * A group as reached through one connection and one resolved identity: builds with the same key share polls.
     * {@code principal} is the object standing for the credentials a build resolved (its cached client), so two
     * folders whose credentials share an id but not a secret never poll with each other's credentials.
     */
    public record GroupKey(ConnectionSettings connection, String group, Object principal) {
        // Names compare without case (they are unique regardless of case in the registry), but the name is sent
        // to the registry as the registry itself spells it: whether its filters ignore case is not documented.
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && connection.equals(k.connection) && group.equalsIgnoreCase(k.group)
                    && principal == k.principal;
        }

        @Override
        public int hashCode() {
            return (connection.hashCode() * 31 + group.toLowerCase(Locale.ROOT).hashCode()) * 31 + System.identityHashCode(principal);
        }
    }

    private final ScheduledExecutorService scheduler;
    private final Executor polls;
    private final Clock clock;
    private final Settings settings;
    private final Random random;
    private final Map<GroupKey, GroupWatch> groups = new HashMap<>();
    private final AtomicLong registryCalls = new AtomicLong();
    private volatile java.util.function.Supplier<PushCadence> pushCadence = () -> PushCadence.DEFAULTS;
    private Instant lastPush;
    private boolean pushLive;
    private long fallbacks;
    private ScheduledFuture<?> silenceCheck;

    /** Polls run on {@code scheduler}'s own threads: for tests and small setups. */
    public RegistryWatcher(ScheduledExecutorService scheduler, Clock clock, Settings settings, Random random) {
        this(scheduler, scheduler, clock, settings, random);
    }

    /**
     * @param scheduler times the polls (never blocks)
     * @param polls runs them: they make blocking HTTP calls, so not on threads that fire other builds' timers
     */
    public RegistryWatcher(ScheduledExecutorService scheduler, Executor polls, Clock clock, Settings settings, Random random) {
        this.scheduler = scheduler;
        this.polls = polls;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
    }

    /** The cadence while events arrive, read at each use (the global configuration can change it). */
    public RegistryWatcher withPushCadence(Supplier<PushCadence> cadence) {
        this.pushCadence = cadence;
        return this;
    }

    /**
     * Starts watching one package for a final status.
     *
     * @param registry how this waiter reaches the registry (asked at each poll, so an evicted client is replaced);
     *     polls use a current waiter's, and it is dropped with the waiter
     * @param createdAfter when the package was created, if known: the watcher then lists only newer versions
     */
    public Subscription watch(GroupKey key, Supplier<ModelRegistry> registry, String packageArn,
                              Optional<Instant> createdAfter, Listener listener) {
        String arn = packageArn.toLowerCase(Locale.ROOT);
        Waiter waiter = new Waiter(arn, packageArn, createdAfter, listener, registry);
        synchronized (this) {
            GroupWatch existing = groups.get(key);
            GroupWatch g = existing != null ? existing : new GroupWatch(key);
            groups.put(key, g);
            g.waiters.add(waiter);
            // A first look soon (a resumed build may have been decided while Jenkins was down), but a group that
            // is being throttled keeps its back-off.
            if (existing == null || !g.throttled) {
                g.scheduleWithin(settings.firstLook);
            }
        }
        return () -> {
            synchronized (RegistryWatcher.this) {
                GroupWatch g = groups.get(key);
                if (g != null) {
                    g.waiters.remove(waiter);
                    if (g.waiters.isEmpty()) {
                        g.cancel();
                        groups.remove(key);
                    }
                }
            }
        };
    }

    /** Asks for an immediate poll of every watched group of that name. */
    public synchronized void wakeGroup(String group) {
        groups.values().stream().filter(g -> g.key.group().equalsIgnoreCase(group) && !g.throttled)
                .forEach(g -> g.scheduleWithin(Duration.ZERO));
    }

    /**
     * A registry event named this package: read it soon ({@link Settings#wakeCoalesce}, so that a burst of events costs
     * one {@code DescribeModelPackage}) and tell the builds waiting on it if it has a final status. Events for
     * packages no build waits on cost nothing; a duplicate or an event older than what the registry shows changes
     * nothing (the read shows the registry as it is now).
     *
     * @return whether a build waits on the package
     */
    public synchronized boolean wake(String packageArn) {
        String arn = packageArn.toLowerCase(Locale.ROOT);
        boolean waited = false;
        for (GroupWatch g : groups.values()) {
            if (g.waiters.stream().anyMatch(w -> w.arn.equals(arn))) {
                g.wakePackage(arn);
                waited = true;
            }
        }
        return waited;
    }

    /**
     * A registry event or heartbeat arrived (authenticated, fresh, not seen before): push is live. The first one after
     * a silence tells the waiting builds that polling slows to the safety interval; a check at the silence limit
     * brings polling back when they stop.
     */
    public void pushReceived() {
        List<Runnable> notifications = new ArrayList<>();
        synchronized (this) {
            lastPush = clock.instant();
            if (!pushLive) {
                pushLive = true;
                String message = "Registry events are arriving: a decision is read as soon as its event comes; the "
                        + "registry is polled only every " + human(pushCadence.get().safetyInterval()) + " as a safety net.";
                groups.values().forEach(g -> g.waiters.forEach(w -> notifications.add(() -> w.listener.onPushChanged(message))));
            }
            if (silenceCheck == null) {
                scheduleSilenceCheck(pushCadence.get().silence());
            }
        }
        deliver(notifications);
    }

    /** The cadence while events arrive, as configured now. */
    public PushCadence pushCadence() {
        return pushCadence.get();
    }

    /** Whether events are arriving, when the last came, how often polling fell back. */
    public synchronized PushState pushState() {
        return new PushState(pushLive, Optional.ofNullable(lastPush), fallbacks);
    }

    /** Caller holds the lock. */
    private void scheduleSilenceCheck(Duration delay) {
        silenceCheck = scheduler.schedule(this::checkSilence, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void checkSilence() {
        List<Runnable> notifications = new ArrayList<>();
        synchronized (this) {
            silenceCheck = null;
            if (!pushLive || lastPush == null) {
                return;
            }
            Duration silence = pushCadence.get().silence();
            Duration quiet = Duration.between(lastPush, clock.instant());
            if (quiet.compareTo(silence) < 0) {
                scheduleSilenceCheck(silence.minus(quiet));
                return;
            }
            pushLive = false;
            fallbacks++;
            String message = "No registry event or heartbeat for " + human(silence) + ": polling the registry at its "
                    + "normal cadence again (every " + human(settings.base) + " to " + human(settings.max) + ").";
            for (GroupWatch g : groups.values()) {
                g.interval = settings.base;
                // Events may have been missed while they were not arriving: look soon.
                if (!g.throttled) {
                    g.scheduleWithin(settings.firstLook);
                }
                g.waiters.forEach(w -> notifications.add(() -> w.listener.onPushChanged(message)));
            }
        }
        // Listeners write to consoles: not on the timer thread.
        if (!notifications.isEmpty()) {
            polls.execute(() -> deliver(notifications));
        }
    }

    private static void deliver(List<Runnable> notifications) {
        for (Runnable n : notifications) {
            try {
                n.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "a waiting build failed to take a notification", e);
            }
        }
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    public synchronized int groupCount() {
        return groups.size();
    }

    public synchronized int waiterCount() {
        return groups.values().stream().mapToInt(g -> g.waiters.size()).sum();
    }

    /** Registry calls made so far (each ListModelPackages page counts). */
    public long registryCalls() {
        return registryCalls.get();
    }

    /** Stops every poll; waiting builds are not notified. */
    public synchronized void shutdown() {
        groups.values().forEach(GroupWatch::cancel);
        groups.clear();
        if (silenceCheck != null) {
            silenceCheck.cancel(false);
            silenceCheck = null;
        }
    }

    /** @param arn lower-cased, to match; {@code packageArn} as the build named it, to read */
    private record Waiter(String arn, String packageArn, Optional<Instant> createdAfter, Listener listener,
                          Supplier<ModelRegistry> registry) {}

    private final class GroupWatch {
        final GroupKey key;
        final List<Waiter> waiters = new ArrayList<>();
        Duration interval = settings.base;
        ScheduledFuture<?> next;
        Instant nextAt = Instant.MAX;
        boolean polling;
        /** Asked for a look while a poll was running (a wake or a new waiter): poll again right after. */
        boolean again;
        /** The last poll was throttled: new waiters and wakes do not shorten the back-off. */
        boolean throttled;
        /**
         * Which scheduled poll is current. A fired timer only queues its poll on the executor, so a poll can be
         * waiting there when another is scheduled; the stale one finds its generation outdated and does nothing,
         * so a group never runs two chains of polls.
         */
        long generation;
        /** Packages (lower-cased ARNs) events named, to read at the next wake read. */
        final Set<String> woken = new LinkedHashSet<>();
        /** A wake read is scheduled (its coalescing window is running) or queued. */
        boolean wakeScheduled;
        /** A wake read is running; packages woken meanwhile are read after it. */
        boolean wakeReading;

        GroupWatch(GroupKey key) {
            this.key = key;
        }

        /** Caller holds the lock. */
        void wakePackage(String arn) {
            woken.add(arn);
            if (!wakeScheduled && !wakeReading) {
                scheduleWakeRead();
            }
        }

        /** Caller holds the lock. */
        void scheduleWakeRead() {
            wakeScheduled = true;
            scheduler.schedule(() -> polls.execute(this::readWoken), settings.wakeCoalesce.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** One DescribeModelPackage per woken package; the builds waiting on one that has a final status are told. */
        void readWoken() {
            List<Waiter> toRead = new ArrayList<>();
            Supplier<ModelRegistry> access;
            synchronized (RegistryWatcher.this) {
                wakeScheduled = false;
                if (groups.get(key) != this || wakeReading) {
                    return;
                }
                for (String arn : woken) {
                    waiters.stream().filter(w -> w.arn.equals(arn)).findFirst().ifPresent(toRead::add);
                }
                woken.clear();
                if (toRead.isEmpty()) {
                    return;
                }
                wakeReading = true;
                // Any current waiter's access will do: they share the key's connection and resolved credentials.
                access = waiters.get(0).registry();
            }
            List<ModelPackageRef> decided = new ArrayList<>();
            RegistryException failure = null;
            for (Waiter w : toRead) {
                try {
                    registryCalls.incrementAndGet();
                    ModelPackageRef ref = access.get().describe(w.packageArn()).ref();
                    if (DecisionWriter.isFinal(ref.approvalStatus())) {
                        decided.add(ref);
                    }
                } catch (RegistryException e) {
                    failure = e;
                } catch (RuntimeException | LinkageError e) {
                    failure = new RegistryException("DescribeModelPackage", "ClientError", String.valueOf(e.getMessage()), "", 0, e);
                }
            }
            List<Runnable> notifications = new ArrayList<>();
            synchronized (RegistryWatcher.this) {
                wakeReading = false;
                for (ModelPackageRef ref : decided) {
                    for (Waiter w : List.copyOf(waiters)) {
                        if (w.arn.equalsIgnoreCase(ref.arn())) {
                            waiters.remove(w);
                            notifications.add(() -> w.listener.onDecided(ref));
                        }
                    }
                }
                if (failure != null) {
                    LOGGER.log(Level.FINE, "reading a package an event named in " + key.group() + " failed", failure);
                    // The event is not lost: the group's next poll finds the decision; bring it forward.
                    if (!failure.isThrottling() && !failure.isNotFound() && !throttled) {
                        scheduleWithin(settings.firstLook);
                    }
                }
                if (waiters.isEmpty()) {
                    cancel();
                    groups.remove(key, this);
                } else if (!woken.isEmpty() && !wakeScheduled) {
                    scheduleWakeRead();
                }
            }
            deliver(notifications);
        }

        /** Brings the next poll forward to within {@code delay}; never pushes it back. Caller holds the lock. */
        void scheduleWithin(Duration delay) {
            Instant at = clock.instant().plus(delay);
            if (polling) {
                again = again || delay.compareTo(settings.firstLook) <= 0;
                return;
            }
            if (next != null && !next.isDone() && !nextAt.isAfter(at)) {
                return;
            }
            cancel();
            nextAt = at;
            long gen = ++generation;
            next = scheduler.schedule(() -> polls.execute(() -> poll(gen)), delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        void cancel() {
            if (next != null) {
                next.cancel(false);
                next = null;
            }
            nextAt = Instant.MAX;
        }

        void poll(long gen) {
            List<Waiter> snapshot;
            synchronized (RegistryWatcher.this) {
                if (groups.get(key) != this || gen != generation || polling) {
                    return;
                }
                // Builds killed without cancelling their wait are dropped here.
                waiters.removeIf(w -> {
                    try {
                        return !w.listener.isActive();
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
                if (waiters.isEmpty()) {
                    groups.remove(key, this);
                    return;
                }
                polling = true;
                again = false;
                next = null;
                nextAt = Instant.MAX;
                snapshot = List.copyOf(waiters);
            }
            List<ModelPackageRef> decided = new ArrayList<>();
            RegistryException failure = null;
            try {
                Optional<Instant> since = snapshot.stream()
                        .map(Waiter::createdAfter)
                        .reduce((a, b) -> a.isPresent() && b.isPresent() ? Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get()) : Optional.empty())
                        .orElse(Optional.empty())
                        // A minute of slack for clock skew between Jenkins and AWS.
                        .map(t -> t.minus(Duration.ofMinutes(1)));
                // Any current waiter's access will do: they share the key's connection and resolved credentials.
                ModelRegistry r = snapshot.get(0).registry().get();
                for (ModelApprovalStatus status : List.of(ModelApprovalStatus.APPROVED, ModelApprovalStatus.REJECTED)) {
                    registryCalls.incrementAndGet();
                    decided.addAll(r.listWithStatus(key.group(), status, since));
                }
            } catch (RegistryException e) {
                failure = e;
            } catch (RuntimeException | LinkageError e) {
                failure = new RegistryException("ListModelPackages", "ClientError", String.valueOf(e.getMessage()), "", 0, e);
            } finally {
                List<Runnable> notifications = new ArrayList<>();
                synchronized (RegistryWatcher.this) {
                    polling = false;
                    throttled = failure != null && failure.isThrottling();
                    if (failure != null) {
                        RegistryException f = failure;
                        Duration cap = f.isThrottling() ? settings.throttledMax : settings.max;
                        interval = min(interval.multipliedBy(f.isThrottling() ? 4 : 2), cap);
                        LOGGER.log(Level.FINE, "poll of " + key.group() + " failed; next in " + interval, f);
                        waiters.forEach(w -> notifications.add(() -> w.listener.onPollFailed(f)));
                    } else {
                        boolean changed = false;
                        for (ModelPackageRef ref : decided) {
                            for (Waiter w : List.copyOf(waiters)) {
                                if (w.arn.equalsIgnoreCase(ref.arn())) {
                                    waiters.remove(w);
                                    notifications.add(() -> w.listener.onDecided(ref));
                                    changed = true;
                                }
                            }
                        }
                        interval = changed ? settings.base : min(interval.multipliedBy(2), settings.max);
                    }
                    if (waiters.isEmpty()) {
                        groups.remove(key, this);
                    } else if (again && !throttled) {
                        scheduleWithin(Duration.ZERO);
                    } else if (next == null) {
                        // While events arrive, polls are only the safety net.
                        long ms = pushLive ? Math.max(interval.toMillis(), pushCadence.get().safetyInterval().toMillis())
                                : interval.toMillis();
                        long jittered = Math.max(1, Math.round(ms * (1 + settings.jitter * (2 * random.nextDouble() - 1))));
                        scheduleWithin(Duration.ofMillis(jittered));
                    }
                }
                for (Runnable n : notifications) {
                    try {
                        n.run();
                    } catch (RuntimeException e) {
                        LOGGER.log(Level.WARNING, "a waiting build failed to take its decision", e);
                    }
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
