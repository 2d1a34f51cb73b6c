package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.events.EventRefusal.Reason;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where registry events come in, from the plugin's HTTP endpoint (an EventBridge API destination) or from an SQS
 * queue, and what they may do: make the plugin read the registry now. An event never decides anything: it wakes the
 * builds waiting on its package ({@link RegistryWatcher#wake}), which read the version, and it offers the package to
 * the jobs' triggers ({@link ApprovalTriggers}), which read it too. Every event or heartbeat taken keeps the watcher's
 * polling at its safety interval ({@link RegistryWatcher#pushReceived}).
 *
 * <p>Over HTTP, in this order, each refusal changing nothing: no API key configured (403); the API key header missing or
 * wrong, compared in constant time (401); a body over 256 KB (413); not one of the events taken (400); older than the
 * freshness window or more than {@link #FUTURE_SKEW} in the future (400); an event id received before (409). A queue's
 * messages are authenticated by IAM (only the EventBridge rule may send to it): they skip the key and the freshness
 * window (a controller that was down reads its backlog), and an id received before joins the first delivery's
 * handling.
 */
public final class EventIntake {

    private static final Logger LOGGER = Logger.getLogger(EventIntake.class.getName());

    /** Events stamped further ahead of Jenkins' clock than this are refused (clock skew allowed). */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    /** Event ids remembered at most (refused as busy beyond, never forgotten early). */
    static final int REMEMBERED_IDS = 50_000;

    /** How an event came. */
    public enum Channel { HTTP, SQS }

    /**
     * @param apiKey the value the EventBridge connection sends in {@link ApiKey#HEADER}; empty: the endpoint is off
     * @param maxAge the freshness window: older events are refused over HTTP, and ids are remembered this long
     */
    public record Settings(String apiKey, Duration maxAge) {
        public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
        public static final Settings DISABLED = new Settings("", DEFAULT_MAX_AGE);

        public Settings {
            apiKey = apiKey == null ? "" : apiKey;
        }

        @Override
        public String toString() {
            return "Settings[apiKey=" + (apiKey.isEmpty() ? "(none)" : "****") + ", maxAge=" + maxAge + "]";
        }
    }

    private final Clock clock;
    private final RegistryWatcher watcher;
    private final ApprovalTriggers triggers;
    private final Supplier<Settings> settings;
    private final ReplayGuard guard = new ReplayGuard(REMEMBERED_IDS);
    private final EventStats stats;
    private volatile Supplier<Optional<String>> queueStatus = Optional::empty;

    public EventIntake(Clock clock, RegistryWatcher watcher, ApprovalTriggers triggers, Supplier<Settings> settings) {
        this.clock = clock;
        this.watcher = watcher;
        this.triggers = triggers;
        this.settings = settings;
        this.stats = new EventStats(clock);
    }

    /** Where the status line gets the SQS consumer's state. */
    public void queueStatus(Supplier<Optional<String>> source) {
        this.queueStatus = source;
    }

    /** A request body, read only once the caller is authenticated. */
    @FunctionalInterface
    public interface Body {
        /** At most {@code limit} bytes of the body (more than that is refused without being read). */
        byte[] read(int limit) throws IOException;
    }

    /** One POST of the API destination whose body has been read. */
    public Receipt receive(Optional<String> apiKey, byte[] body) {
        return receive(apiKey, limit -> body.length > limit ? Arrays.copyOf(body, limit) : body);
    }

    /**
     * One POST of the API destination.
     *
     * @param apiKey the value of the {@link ApiKey#HEADER} header, if sent
     * @param body the request body: read after authentication, at most {@link EventParser#MAX_BYTES} + 1 bytes
     */
    public Receipt receive(Optional<String> apiKey, Body body) {
        Settings s = settings.get();
        try {
            if (s.apiKey().isEmpty()) {
                throw new EventRefusal(Reason.NOT_ENABLED, "Registry events are not enabled: set the events API key in "
                        + "Manage Jenkins » System » Model Registry Gate.");
            }
            if (!ApiKey.matches(apiKey, s.apiKey())) {
                throw new EventRefusal(Reason.UNAUTHENTICATED, "Missing or wrong " + ApiKey.HEADER + " header.");
            }
            byte[] bytes;
            try {
                bytes = body.read(EventParser.MAX_BYTES + 1);
            } catch (IOException e) {
                throw new EventRefusal(Reason.MALFORMED, "The body could not be read.");
            }
            RegistryEvent e = EventParser.parse(bytes);
            Instant now = clock.instant();
            if (e.time().isBefore(now.minus(s.maxAge()))) {
                throw new EventRefusal(Reason.STALE, "Event " + e.id() + " of " + e.time() + " is older than the freshness "
                        + "window (" + s.maxAge().toSeconds() + " s); the registry is polled anyway.");
            }
            if (e.time().isAfter(now.plus(FUTURE_SKEW))) {
                throw new EventRefusal(Reason.STALE, "Event " + e.id() + " of " + e.time() + " is from the future.");
            }
            ReplayGuard.Claim claim = guard.claim(e.id(), now, s.maxAge());
            if (!claim.first()) {
                stats.duplicate();
                throw new EventRefusal(Reason.REPLAYED, "Event " + e.id() + " was received before.");
            }
            return Receipt.accepted(e.id(), handle(e, Channel.HTTP, claim));
        } catch (EventRefusal r) {
            stats.refused(r.reason());
            LOGGER.log(Level.FINE, "registry event refused: {0}", r.getMessage());
            return Receipt.refused(r);
        }
    }

    /**
     * One message of the SQS queue (its body: the event as EventBridge sent it).
     *
     * @return completes when the event is handled (the message may then be deleted); an id received before returns
     *     the first delivery's handling
     * @throws EventRefusal the message is not an event the plugin takes: it is left on the queue, whose redrive
     *     policy moves it to the dead-letter queue
     */
    public CompletableFuture<Void> receiveQueued(String body) throws EventRefusal {
        try {
            RegistryEvent e = EventParser.parse(body);
            ReplayGuard.Claim claim = guard.claim(e.id(), clock.instant(), settings.get().maxAge());
            if (!claim.first()) {
                stats.duplicate();
                return claim.handling();
            }
            return handle(e, Channel.SQS, claim);
        } catch (EventRefusal r) {
            stats.refused(r.reason());
            throw r;
        }
    }

    /** Wakes the waiting builds, offers the package to the triggers; the claim completes when the triggers are done. */
    private CompletableFuture<Void> handle(RegistryEvent e, Channel channel, ReplayGuard.Claim claim) {
        CompletableFuture<Void> handling = claim.handling();
        CompletableFuture<Void> work;
        try {
            stats.taken(e, channel);
            watcher.pushReceived();
            for (ModelPackageRef ref : e.packages()) {
                watcher.wake(ref.arn());
            }
            work = e.kind() == RegistryEvent.Kind.MODEL_PACKAGE_STATE_CHANGE
                    ? triggers.offer(e) : CompletableFuture.completedFuture(null);
        } catch (RuntimeException ex) {
            work = CompletableFuture.failedFuture(ex);
        }
        work.whenComplete((v, ex) -> {
            if (ex != null) {
                // Forgotten before anyone sees the failure, so that the retry of this event is taken.
                guard.release(e.id(), handling);
                handling.completeExceptionally(ex);
            } else {
                handling.complete(null);
            }
        });
        return handling;
    }

    /** For the global configuration page. */
    public EventStatus status() {
        return new EventStatus(stats.lastAt(), stats.lastType(), stats.lastChannel(), stats.lastHour(), watcher.pushState(),
                watcher.pushCadence().safetyInterval(), stats.refusals(), queueStatus.get());
    }
}
