package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.MetadataValues;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One build waiting for one model package version to be decided, wherever the decision is made: a reviewer in
 * Jenkins ({@link #attempt}), the registry (seen by the shared {@link RegistryWatcher}), the {@code approveIf}
 * rules, or the timeout.
 *
 * <p>An explicit state machine ({@link WaitState}, whose table lists every allowed transition): every change of
 * state happens under this object's lock through {@link #become}, which refuses a transition the table does not
 * allow, and the thread that moves the wait into a terminal state (decided, failed, aborted) is the one that reports
 * it, once. Registry writes go through one {@link DecisionWriter} at a time (state {@code WRITING}): read, write,
 * read back. Events that arrive while the wait is busy are held and acted on when it is free again: a final status
 * seen by the watcher ({@code registryChangeSeen}), the deadline (read from the clock), and an abort during a write
 * ({@code abortRequested}), so whatever reached the registry ends the wait. {@code inFlight} marks a registry call of
 * the writer in progress (the rules' write also waits in {@code WRITING} between retries, with none in flight).
 *
 * <p>The registry is the source of truth. Serializable state (package, policy, sign-offs, deadline, summary,
 * decision, state) survives a controller restart; the live parts (subscription, timers) are transient and re-armed
 * by {@link #resume}. Holds no thread while waiting.
 */
public final class ApprovalWait implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);
    static final String RULES = "approveIf rules";

    /**
     * What the wait needs from its surroundings; supplied anew after a restart.
     *
     * @param registry the registry as this build reaches it (its credentials, its role session)
     * @param watchRegistry the registry as the shared watcher may reach it for this build while it waits: it must hold
     *     no {@code Run} (a lookup resolved once, naming no build), since the watcher outlives builds
     * @param seal seals the decisions this wait writes and checks those it reads (the controller's key)
     */
    public record Environment(RegistryWatcher watcher, ScheduledExecutorService timers, Executor io, Clock clock,
                              Supplier<ModelRegistry> registry, Supplier<ModelRegistry> watchRegistry, String buildUrl,
                              DecisionSeal seal, Callbacks callbacks) {
        /** A link in the registry is absolute or absent: a relative build URL is dropped. */
        public Environment {
            buildUrl = isAbsolute(buildUrl) ? buildUrl : "";
        }

        /** One way to reach the registry for both, when it holds no build (tests, tools). */
        public Environment(RegistryWatcher watcher, ScheduledExecutorService timers, Executor io, Clock clock,
                           Supplier<ModelRegistry> registry, String buildUrl, DecisionSeal seal, Callbacks callbacks) {
            this(watcher, timers, io, clock, registry, registry, buildUrl, seal, callbacks);
        }

        static boolean isAbsolute(String url) {
            String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
            return u.startsWith("https://") || u.startsWith("http://");
        }
    }

    /** How the wait reports; the Jenkins layer maps these to the console, the build action and the step result. */
    public interface Callbacks {
        void log(String line);

        /** The summary for reviewers is known (or changed). */
        default void prepared(CandidateSummary summary) {}

        /** A tier signed (or a sign-off the registry holds was restored); the wait goes on. */
        default void signed(TierSignoff signoff) {}

        /** Serializable state changed (rules evaluated, a tier signed): a good moment to save the program. */
        default void stateChanged() {}

        /** The wait ended decided; called once (again after a restart if the program was saved with the decision). */
        void finished(ApprovalDecision decision);

        /** The wait cannot go on (the package does not exist or failed, the registry refuses us); called once. */
        void failed(Exception e);

        /** The wait ended because the build was stopped and nothing was decided; called once. */
        default void aborted(String reason) {}

        /** False once the build is gone without stopping the wait (killed): the watcher then drops it. */
        default boolean isActive() {
            return true;
        }
    }

    /** What a reviewer's attempt came to, for the web layer. */
    public sealed interface Answer permits Refused, Accepted, Unconfirmed {}

    /** Nothing was recorded. */
    public record Refused(String reason) implements Answer {}

    /** The registry shows the decision or sign-off. */
    public record Accepted(String message) implements Answer {}

    /** The registry did not answer whether it took the decision; the wait reads it again and records what it finds. */
    public record Unconfirmed(String message) implements Answer {}

    /** What {@link #abort} did. */
    public enum AbortResult {
        /** The wait ended aborted; {@link Callbacks#aborted} was called. */
        ABORTED,
        /** A registry write is in flight: its outcome ends the wait (decided or aborted), reported through the callbacks. */
        AFTER_WRITE,
        /** The wait had ended already; nothing more is reported. */
        ALREADY_ENDED
    }

    /** What the approveIf rules concluded. */
    enum RulesVerdict { NONE, HUMANS, APPROVE, REJECT }

    private final String packageArn;
    private final String group;
    private final ConnectionSettings connection;
    private final ApprovalGate gate;
    private final long deadlineMillis;
    private final boolean failOnTimeout;
    private CandidateSummary summary;
    private long createdAtMillis;
    /** The group's name as the registry spells it (the ARN may spell it otherwise). */
    private String registryGroup;
    private final ArrayList<String> ruleEvidence = new ArrayList<>();
    /** Warnings from sign-off writes (the registry changed meanwhile), carried into the decision. */
    private ArrayList<String> warnings = new ArrayList<>();
    private RulesVerdict rulesVerdict = RulesVerdict.NONE;
    private ApprovalDecision decision;
    private WaitState state = WaitState.NEW;
    /** Why the wait failed or was aborted, to report again after a restart. */
    private String ending = "";

    private transient Environment env;
    private transient DecisionWriter writer;
    private transient RegistryWatcher.Subscription subscription;
    private transient ScheduledFuture<?> timer;
    private transient ScheduledFuture<?> retry;
    private transient Duration backoff;
    private transient boolean failureReported;
    private transient String notReadyReported;
    /** A registry call of the writer is running: an abort waits for its outcome. */
    private transient boolean inFlight;
    private transient boolean abortRequested;
    /** The watcher saw a final status while the wait was busy: look once it is waiting again. */
    private transient boolean registryChangeSeen;
    /** The write whose fate is unknown (state CONFIRMING). */
    private transient Pending pending;

    /** A write of this wait: the reviewer's gate attempt (to take back if it does not land) or the rules'. */
    private record Pending(DecisionWriter.Unconfirmed write, ApprovalGate.Attempt attempt, boolean byRules) {}

    /**
     * @param deadline when to stop waiting, if any
     * @param failOnTimeout whether the timeout fails the step; otherwise it returns {@code TimedOut}
     */
    public ApprovalWait(ModelPackageRef ref, ConnectionSettings connection, ApprovalGate gate,
                        Optional<Instant> deadline, boolean failOnTimeout) {
        this.packageArn = ref.arn();
        this.group = ref.group();
        this.connection = connection;
        this.gate = gate;
        this.deadlineMillis = deadline.map(Instant::toEpochMilli).orElse(0L);
        this.failOnTimeout = failOnTimeout;
    }

    public String packageArn() {
        return packageArn;
    }

    public String group() {
        return group;
    }

    public ApprovalGate gate() {
        return gate;
    }

    public boolean failOnTimeout() {
        return failOnTimeout;
    }

    public synchronized WaitState state() {
        return state;
    }

    public synchronized Optional<CandidateSummary> summary() {
        return Optional.ofNullable(summary);
    }

    public synchronized Optional<ApprovalDecision> decision() {
        return Optional.ofNullable(decision);
    }

    public synchronized List<String> ruleEvidence() {
        return List.copyOf(ruleEvidence);
    }

    public synchronized boolean isEnded() {
        return state.isTerminal();
    }

    public Optional<Instant> deadline() {
        return deadlineMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadlineMillis));
    }

    /** For the console and the action: how long until the timeout, if any. */
    public Optional<Duration> remaining(Clock clock) {
        return deadline().map(d -> Duration.between(clock.instant(), d)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    // ------------------------------------------------------------------------------------------ state machine

    /** Moves to {@code next}; the caller holds the lock. A transition the table does not allow is a bug. */
    private void become(WaitState next) {
        if (!state.canBecome(next)) {
            throw new IllegalStateException("approval wait for " + packageArn + ": " + state + " cannot become " + next);
        }
        state = next;
    }

    /** Starts waiting. Returns at once: the registry is read on {@code env.io()}. */
    public void begin(Environment environment) {
        arm(environment, false);
    }

    /**
     * Goes on waiting after a restart. A wait that had ended reports its ending again (the program may have been saved
     * before the step completed). A plain wait that knows its summary reads nothing: the watcher's first poll of its
     * group finds a decision taken meanwhile, so a resume costs one poll per group, not reads per build. A tiered wait,
     * one whose rules have not concluded, and one that was writing read the version once, to restore sign-offs the
     * registry holds and take back those it never received.
     */
    public void resume(Environment environment) {
        arm(environment, true);
    }

    private void arm(Environment environment, boolean resumed) {
        WaitState terminal = null;
        boolean light = false;
        synchronized (this) {
            this.env = environment;
            this.writer = new DecisionWriter();
            if (state.isTerminal()) {
                terminal = state;
            } else {
                WaitState savedState = state; // what it says about the past: a write may have been in flight
                state = WaitState.NEW; // a restart is not a transition: the machinery starts afresh
                light = resumed && summary != null && !gate.policy().isTiered()
                        && (rulesVerdict == RulesVerdict.HUMANS || gate.policy().getRules().isEmpty())
                        && (savedState == WaitState.WAITING || savedState == WaitState.CHECKING);
                if (deadlineMillis != 0) {
                    long delay = Math.max(0, deadlineMillis - environment.clock().millis());
                    timer = environment.timers().schedule(() -> environment.io().execute(this::deadlineReached),
                            delay, TimeUnit.MILLISECONDS);
                }
                become(light ? WaitState.WAITING : WaitState.PREPARING);
            }
        }
        if (terminal != null) {
            WaitState t = terminal;
            environment.io().execute(() -> report(t));
        } else if (light) {
            environment.io().execute(this::whileWaiting);
        } else {
            environment.io().execute(this::prepare);
        }
    }

    /** Reports the terminal state (again, after a restart). */
    private void report(WaitState terminal) {
        Environment e;
        ApprovalDecision d;
        String why;
        synchronized (this) {
            e = env;
            d = decision;
            why = ending;
        }
        switch (terminal) {
            case DECIDED -> e.callbacks().finished(d);
            case FAILED -> e.callbacks().failed(new IllegalStateException(why));
            default -> e.callbacks().aborted(why);
        }
    }

    // ------------------------------------------------------------------------------------------ PREPARING

    /** Reads the version, checks it can be approved and has room, restores sign-offs, applies the rules. */
    private void prepare() {
        Environment e;
        synchronized (this) {
            if (state != WaitState.PREPARING) {
                return;
            }
            e = env;
        }
        ModelRegistry registry;
        ModelPackageDetails details;
        try {
            registry = e.registry().get();
            details = registry.describe(packageArn);
        } catch (RuntimeException | LinkageError ex) {
            retryOrFail(WaitState.PREPARING, ex, this::prepare);
            return;
        }
        if (DecisionWriter.isFinal(details.ref().approvalStatus())) {
            // Already decided in the registry (before this build waited, or while Jenkins was down).
            CandidateSummary s = new CandidateSummary(details, Optional.empty());
            synchronized (this) {
                summary = s;
            }
            e.callbacks().prepared(s);
            finishFromRegistry(details, true, List.of());
            return;
        }
        String packageStatus = details.packageStatus();
        if ("Failed".equals(packageStatus) || "Deleting".equals(packageStatus)) {
            fail(WaitState.PREPARING, new IllegalStateException("Model package " + packageArn + " has ModelPackageStatus "
                    + packageStatus + " in the registry and can never be approved; register a new version. The registry was "
                    + "left untouched."));
            return;
        }
        if (!details.isCompleted()) {
            notReadyYet(e, details);
            return;
        }
        Optional<String> noRoom = metadataRoom(details, e.buildUrl());
        if (noRoom.isPresent()) {
            fail(WaitState.PREPARING, new IllegalStateException(noRoom.get()));
            return;
        }
        CandidateSummary known;
        synchronized (this) {
            // A resumed wait that knows its summary keeps its baseline unless rules must (again) decide against it: a
            // restart then costs one read per wait, not three (the newest approved version, listed and read).
            known = summary != null && (gate.policy().getRules().isEmpty() || rulesVerdict == RulesVerdict.HUMANS) ? summary : null;
        }
        CandidateSummary s;
        if (known != null) {
            s = known.withCandidate(details);
        } else {
            Optional<ModelPackageDetails> approved;
            try {
                approved = registry.latestApproved(details.ref().group(), packageArn);
            } catch (RuntimeException | LinkageError ex) {
                retryOrFail(WaitState.PREPARING, ex, this::prepare);
                return;
            }
            s = new CandidateSummary(details, approved);
        }
        List<TierSignoff> restored;
        boolean evaluate;
        synchronized (this) {
            if (state != WaitState.PREPARING) {
                return;
            }
            backoff = null;
            failureReported = false;
            notReadyReported = null;
            summary = s;
            createdAtMillis = details.creationTime().toEpochMilli();
            registryGroup = details.ref().group();
            gate.addRequester(details.customerMetadata().getOrDefault(MetadataKeys.REGISTERED_BY, ""));
            // No reviewer can act while preparing, so this read is the newest: take back sign-offs the registry
            // never received (a restart mid-write) and restore those it holds but the build lacks.
            restored = gate.syncWithRegistry(sealedSignoffs(details.customerMetadata()), details.lastModifiedTime().orElse(details.creationTime()), true);
            if (rulesVerdict == RulesVerdict.APPROVE || rulesVerdict == RulesVerdict.REJECT) {
                rulesVerdict = RulesVerdict.NONE; // their write never landed (the registry is not final): decide again
            }
            evaluate = rulesVerdict == RulesVerdict.NONE && !gate.policy().getRules().isEmpty();
        }
        restored.forEach(so -> e.callbacks().signed(so));
        if (!restored.isEmpty()) {
            e.callbacks().log("Restored from the registry: " + restored.stream().map(TierSignoff::toString).toList());
        }
        RulesVerdict verdict = evaluate ? evaluateRules(e, s) : currentVerdict();
        // The prompt appears once the rules have spoken, so reviewers see their evidence and can act at once.
        e.callbacks().prepared(s);
        e.callbacks().stateChanged();
        boolean rulesDecide = verdict == RulesVerdict.APPROVE || verdict == RulesVerdict.REJECT;
        synchronized (this) {
            if (state != WaitState.PREPARING) {
                return;
            }
            become(rulesDecide ? WaitState.WRITING : WaitState.WAITING);
        }
        if (rulesDecide) {
            writeRules();
        } else {
            whileWaiting();
        }
    }

    private synchronized RulesVerdict currentVerdict() {
        return rulesVerdict;
    }

    /** The version is not Completed yet (InProgress, Pending): say so once and look again with back-off. */
    private void notReadyYet(Environment e, ModelPackageDetails details) {
        boolean first;
        synchronized (this) {
            first = !details.packageStatus().equals(notReadyReported);
            notReadyReported = details.packageStatus();
        }
        if (first) {
            e.callbacks().log("Model package " + packageArn + " is " + (details.packageStatus().isEmpty() ? "not Completed"
                    : details.packageStatus()) + " in the registry (ModelPackageStatus); waiting until it is Completed: "
                    + "a version can be approved only then.");
        }
        scheduleRetry(WaitState.PREPARING, this::prepare);
    }

    /** The metadata keys this wait may add, checked against SageMaker's 50 entries before anyone signs. */
    private Optional<String> metadataRoom(ModelPackageDetails details, String buildUrl) {
        Set<String> wanted = new LinkedHashSet<>(List.of(MetadataKeys.APPROVED_BY, MetadataKeys.APPROVED_AT, MetadataKeys.APPROVAL_PATH,
                MetadataKeys.APPROVAL_SEAL));
        if (!buildUrl.isEmpty()) {
            wanted.add(MetadataKeys.APPROVAL_BUILD);
        }
        gate.policy().getTiers().forEach(t -> wanted.add(TierSignoff.registryKey(t.getName())));
        wanted.removeAll(details.customerMetadata().keySet());
        int have = details.customerMetadata().size();
        if (have + wanted.size() <= DecisionWriter.MAX_METADATA) {
            return Optional.empty();
        }
        return Optional.of("Model package " + packageArn + " has " + have + " customer metadata entries; recording this "
                + "approval needs " + wanted.size() + " more (" + String.join(", ", wanted) + "), and SageMaker allows at most "
                + DecisionWriter.MAX_METADATA + " per version. Nobody has signed and the registry was left untouched: remove "
                + "entries from the version or use fewer tiers.");
    }

    /** Evaluates approveIf once; the evidence is kept for auditors either way. */
    private RulesVerdict evaluateRules(Environment e, CandidateSummary s) {
        List<MetricRule.Evaluation> results = new ArrayList<>();
        for (String text : gate.policy().getRules()) {
            results.add(MetricRule.parse(text).evaluate(s.getMetrics(),
                    s.getBaselineVersion() == 0 ? Optional.empty() : Optional.of(s.baseline())));
        }
        boolean pass = results.stream().allMatch(MetricRule.Evaluation::passed);
        List<String> evidence = results.stream().map(MetricRule.Evaluation::evidence).toList();
        RulesVerdict verdict = pass ? RulesVerdict.APPROVE
                : gate.policy().getOnRuleFailure() == ApprovalPolicy.OnRuleFailure.REJECT ? RulesVerdict.REJECT : RulesVerdict.HUMANS;
        synchronized (this) {
            ruleEvidence.clear();
            ruleEvidence.addAll(evidence);
            rulesVerdict = verdict;
        }
        evidence.forEach(line -> e.callbacks().log("approveIf " + line));
        if (verdict == RulesVerdict.HUMANS) {
            e.callbacks().log("approveIf rules did not all hold; leaving the decision to reviewers");
        }
        return verdict;
    }

    // ------------------------------------------------------------------------------------------ WAITING

    /** Entered WAITING: act on what happened meanwhile (deadline, registry change), else make sure the watcher looks. */
    private void whileWaiting() {
        Environment e;
        CheckReason reason = null;
        synchronized (this) {
            if (state != WaitState.WAITING) {
                return;
            }
            e = env;
            if (deadlinePassed()) {
                reason = CheckReason.DEADLINE;
            } else if (registryChangeSeen) {
                reason = CheckReason.REGISTRY_CHANGED;
            } else if (subscription != null) {
                return;
            }
            if (reason != null) {
                become(WaitState.CHECKING);
            }
        }
        if (reason != null) {
            check(reason);
        } else {
            subscribe(e);
        }
    }

    /** Asks the shared watcher to tell us when the version gets a final status. */
    private void subscribe(Environment e) {
        ModelRegistry registry;
        try {
            // Outside the lock: this may look up credentials and build a client. Asked here, before the watcher keeps
            // the supplier, so that a supplier which resolves its credential on first use holds no build from then on.
            registry = e.watchRegistry().get();
        } catch (RuntimeException | LinkageError ex) {
            retryOrFail(WaitState.WAITING, ex, this::whileWaiting);
            return;
        }
        synchronized (this) {
            // The watcher calls nothing of this object while holding its own lock (isActive() takes no lock of ours).
            if (state != WaitState.WAITING || subscription != null) {
                return;
            }
            String name = registryGroup == null || registryGroup.isEmpty() ? group : registryGroup;
            subscription = e.watcher().watch(new RegistryWatcher.GroupKey(connection, name, registry.principal()),
                    e.watchRegistry(), packageArn, Optional.of(Instant.ofEpochMilli(createdAtMillis)), new RegistryWatcher.Listener() {
                        @Override
                        public void onDecided(ModelPackageRef current) {
                            e.io().execute(ApprovalWait.this::registryChanged);
                        }

                        @Override
                        public void onPollFailed(RegistryException failure) {
                            reportFailure(failure);
                        }

                        @Override
                        public void onPushChanged(String message) {
                            e.callbacks().log(message);
                        }

                        @Override
                        public boolean isActive() {
                            return e.callbacks().isActive();
                        }
                    });
        }
    }

    /** The watcher saw a final status. Looked at now if the wait is idle; otherwise once it is waiting again. */
    private void registryChanged() {
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            subscription = null; // the watcher drops a waiter once it has told it
            registryChangeSeen = true;
            if (state != WaitState.WAITING) {
                return;
            }
            become(WaitState.CHECKING);
        }
        check(CheckReason.REGISTRY_CHANGED);
    }

    /** The deadline passed. Looked at now if the wait is idle; otherwise once its current work is done. */
    private void deadlineReached() {
        synchronized (this) {
            timer = null;
            if (state != WaitState.WAITING) {
                return; // PREPARING, WRITING, CONFIRMING and CHECKING look at the deadline when they finish
            }
            become(WaitState.CHECKING);
        }
        check(CheckReason.DEADLINE);
    }

    private enum CheckReason { REGISTRY_CHANGED, DEADLINE }

    /** CHECKING: reads the version once. A decision there ends the wait; at the deadline, so does the timeout. */
    private void check(CheckReason reason) {
        Environment e;
        synchronized (this) {
            if (state != WaitState.CHECKING) {
                return;
            }
            e = env;
        }
        ModelPackageDetails details;
        try {
            details = e.registry().get().describe(packageArn);
        } catch (RuntimeException | LinkageError ex) {
            if (reason == CheckReason.DEADLINE) {
                e.callbacks().log("Could not read the registry at the deadline (" + ex.getMessage() + "); timing out");
                timedOut();
                return;
            }
            // Back to WAITING (reviewers may act; their write reads the version first) and look again later.
            if (!isTransient(ex)) {
                fail(WaitState.CHECKING, ex);
                return;
            }
            reportFailure(ex);
            synchronized (this) {
                if (state != WaitState.CHECKING) {
                    return;
                }
                become(WaitState.WAITING);
                retry = scheduleLater(nextBackoff(), this::whileWaiting);
            }
            return;
        }
        synchronized (this) {
            registryChangeSeen = false;
            backoff = null;
            failureReported = false;
        }
        if (DecisionWriter.isFinal(details.ref().approvalStatus())) {
            finishFromRegistry(details, true, List.of());
        } else if (reason == CheckReason.DEADLINE) {
            timedOut();
        } else {
            // Set back to pending before we looked: keep waiting.
            synchronized (this) {
                if (state != WaitState.CHECKING) {
                    return;
                }
                become(WaitState.WAITING);
            }
            whileWaiting();
        }
    }

    // ------------------------------------------------------------------------------------------ WRITING (reviewers)

    /**
     * A reviewer's approve or reject from Jenkins. Refused without any registry call if the gate refuses it. Otherwise
     * the writer reads the version first: a version already decided there is not overwritten (that decision ends the
     * wait and the reviewer is told). Then it writes the decision or tier sign-off and reads it back; only what the
     * registry shows is recorded.
     */
    public Answer attempt(Reviewer who, Vote vote, String tier, String comment, IdMatcher ids) {
        Environment e;
        Instant now;
        String clean = RegistryText.oneLine(comment);
        synchronized (this) {
            e = env;
            Optional<String> busy = whyNotNow();
            if (busy.isPresent()) {
                return new Refused(busy.get());
            }
            now = e.clock().instant();
            // A dry run: a reviewer the gate refuses costs no registry call. The real attempt follows the fresh read.
            ApprovalGate.Attempt dry = gate.attempt(who, vote, tier, clean, now, ids);
            if (dry instanceof ApprovalGate.Refused r) {
                return new Refused(r.reason());
            }
            gate.undo(dry);
            become(WaitState.WRITING);
            inFlight = true;
        }
        ApprovalGate.Attempt[] attempted = new ApprovalGate.Attempt[1];
        List<TierSignoff> restored = new ArrayList<>();
        DecisionWriter.Outcome outcome;
        try {
            outcome = writer.write(e.registry().get(), packageArn, current -> {
                synchronized (this) {
                    restored.addAll(gate.syncWithRegistry(sealedSignoffs(current.customerMetadata()), current.lastModifiedTime().orElse(current.creationTime()), false));
                    ApprovalGate.Attempt a = gate.attempt(who, vote, tier, clean, now, ids);
                    if (a instanceof ApprovalGate.Refused r) {
                        return new DecisionWriter.Decline(r.reason());
                    }
                    attempted[0] = a;
                    return intentFor(a, now, e.buildUrl());
                }
            });
        } catch (RuntimeException | LinkageError ex) {
            outcome = new DecisionWriter.NotWritten(ex.getMessage(), ex instanceof RuntimeException r ? r : new IllegalStateException(ex), false);
        }
        restored.forEach(so -> e.callbacks().signed(so));
        return settleReviewerWrite(e, outcome, attempted[0]);
    }

    /** Why a reviewer cannot act right now, if so; the caller holds the lock. */
    private Optional<String> whyNotNow() {
        if (state.isTerminal() || env == null) {
            return Optional.of(decision != null ? "This approval has already been decided: " + decision.summary()
                    : state.isTerminal() ? "This wait has ended." : "This wait is not active.");
        }
        return switch (state) {
            case NEW, PREPARING -> Optional.of(notReadyReported != null
                    ? "The version is " + notReadyReported + " in the registry (ModelPackageStatus); it can be approved once it is Completed."
                    : rulesVerdict == RulesVerdict.NONE && !gate.policy().getRules().isEmpty()
                    ? "The approveIf rules are being evaluated; try again in a moment."
                    : "The wait is reading the version from the registry; try again in a moment.");
            case WRITING, CONFIRMING -> Optional.of("Another decision on this version is being written to the registry; try again.");
            case CHECKING -> Optional.of("The wait is reading a change in the registry; try again in a moment.");
            default -> Optional.empty();
        };
    }

    /** Acts on what came of a reviewer's write and answers the reviewer. */
    private Answer settleReviewerWrite(Environment e, DecisionWriter.Outcome outcome, ApprovalGate.Attempt attempt) {
        if (outcome instanceof DecisionWriter.Written w) {
            return landed(e, w, attempt, false);
        }
        if (outcome instanceof DecisionWriter.AlreadyDecided a) {
            takeBack(attempt);
            finishFromRegistry(a.current(), true, List.of());
            return new Refused("The version was already " + a.current().ref().approvalStatus()
                    + " in the registry; that decision stands and ended this wait.");
        }
        if (outcome instanceof DecisionWriter.Superseded s) {
            takeBack(attempt);
            finishFromRegistry(s.current(), false, List.of(s.change()));
            return new Refused(s.change() + " That decision ended this wait.");
        }
        if (outcome instanceof DecisionWriter.Declined d) {
            takeBack(attempt);
            releaseWriter();
            return new Refused(d.reason());
        }
        if (outcome instanceof DecisionWriter.NotWritten n) {
            takeBack(attempt);
            releaseWriter();
            return new Refused("The registry did not take the decision, so nothing was recorded: " + n.message());
        }
        DecisionWriter.Unconfirmed u = (DecisionWriter.Unconfirmed) outcome;
        String message = "The registry did not answer whether it took the decision (" + u.cause().getMessage()
                + "); the build reads the version again and records the decision if it is there.";
        e.callbacks().log(message);
        confirmLater(new Pending(u, attempt, false));
        return new Unconfirmed(message);
    }

    /** The registry shows the write: a sign-off goes on waiting, a decision ends the wait. */
    private Answer landed(Environment e, DecisionWriter.Written w, ApprovalGate.Attempt attempt, boolean confirmedLater) {
        if (attempt instanceof ApprovalGate.Signed signed) {
            w.changes().forEach(c -> e.callbacks().log("Warning: " + c));
            synchronized (this) {
                warnings.addAll(w.changes());
            }
            TierSignoff so = signed.signoff();
            e.callbacks().signed(so);
            e.callbacks().stateChanged();
            e.callbacks().log("Tier '" + so.getTier() + "' signed by " + so.getUserId()
                    + (so.isAdministratorOverride() ? " (administrator override)" : "")
                    + (confirmedLater ? " (confirmed in the registry)" : "")
                    + "; waiting for " + String.join(", ", signed.remainingTiers()));
            releaseWriter();
            return new Accepted("Signed tier '" + so.getTier() + "'. Still to sign: " + String.join(", ", signed.remainingTiers())
                    + (w.changes().isEmpty() ? "" : " " + String.join(" ", w.changes())));
        }
        ApprovalGate.Decided d = (ApprovalGate.Decided) attempt;
        List<String> now = new ArrayList<>(w.changes());
        synchronized (this) {
            if (abortRequested) {
                now.add("The build was aborted while this decision was being written; the registry took it, so it is recorded.");
            }
        }
        String status = statusOf(d.outcome());
        Instant at = Instant.parse(w.readBack().customerMetadata().get(MetadataKeys.APPROVED_AT));
        finish(new ApprovalDecision(d.outcome(), status, d.userId(), at, DecisionPath.JENKINS, d.comment(),
                d.administratorOverride(), gate.signoffs(), ruleEvidence(), withEarlierWarnings(now)));
        return new Accepted(status + " by " + d.userId() + "." + (now.isEmpty() ? "" : " " + String.join(" ", now)));
    }

    /** Takes back a gate attempt that did not reach the registry (the gate never closes on it). */
    private synchronized void takeBack(ApprovalGate.Attempt attempt) {
        if (attempt != null && !state.isTerminal()) {
            gate.undo(attempt);
        }
    }

    /** The write is over and changed nothing final: back to WAITING, or, if the build was stopped meanwhile, ABORTED. */
    private void releaseWriter() {
        boolean abort;
        synchronized (this) {
            inFlight = false;
            pending = null;
            if (state.isTerminal()) {
                return;
            }
            abort = abortRequested;
            if (!abort) {
                become(WaitState.WAITING);
            }
        }
        if (abort) {
            abortNow(ending);
        } else {
            whileWaiting();
        }
    }

    /** The registry keys and description of a reviewer's attempt. */
    private DecisionWriter.Intent intentFor(ApprovalGate.Attempt a, Instant now, String buildUrl) {
        if (a instanceof ApprovalGate.Signed s) {
            TierSignoff so = s.signoff();
            String key = TierSignoff.registryKey(so.getTier());
            String value = sealOf().sealedTierValue(packageArn, key, so.registryValue());
            return new DecisionWriter.Intent("", "", Map.of(key, value), Map.of(key, value),
                    "tier '" + so.getTier() + "' signed by " + so.getUserId());
        }
        ApprovalGate.Decided d = (ApprovalGate.Decided) a;
        String status = statusOf(d.outcome());
        String description = RegistryText.approvalDescription(status + " by Jenkins user " + d.userId()
                + (d.administratorOverride() ? " (administrator override)" : "")
                + (buildUrl.isEmpty() ? "" : " in " + buildUrl) + (d.comment().isEmpty() ? "" : ": " + d.comment()));
        Map<String, String> keys = decisionKeys(status, d.userId(), now, DecisionPath.JENKINS, buildUrl);
        if (gate.policy().isTiered() && d.outcome() == ApprovalOutcome.APPROVED) {
            // The final tier's sign-off (the one this attempt added) is written with the decision.
            List<TierSignoff> signed = gate.signoffs();
            TierSignoff last = signed.get(signed.size() - 1);
            String key = TierSignoff.registryKey(last.getTier());
            keys.put(key, sealOf().sealedTierValue(packageArn, key, last.registryValue()));
        }
        return new DecisionWriter.Intent(status, description, keys, fingerprint(keys), status + " by " + d.userId());
    }

    /** The warnings of earlier sign-off writes, then {@code latest}. */
    private synchronized List<String> withEarlierWarnings(List<String> latest) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(latest);
        return all;
    }

    /**
     * The registry's metadata with only the tier sign-offs this controller sealed for this version, as their text: a
     * sign-off a build wrote by hand (with its own AWS credentials), or copied, is neither restored nor counted.
     */
    private Map<String, String> sealedSignoffs(Map<String, String> metadata) {
        DecisionSeal seal = sealOf();
        Map<String, String> m = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (!k.startsWith(MetadataKeys.TIER_PREFIX)) {
                m.put(k, v);
            } else {
                seal.tierText(packageArn, k, v).ifPresent(text -> m.put(k, text));
            }
        });
        return m;
    }

    /** The decision record, sealed with the controller's key so that a build cannot write one of its own. */
    private Map<String, String> decisionKeys(String status, String who, Instant at, DecisionPath path, String buildUrl) {
        Map<String, String> m = new LinkedHashMap<>();
        String by = MetadataValues.sanitize(who);
        m.put(MetadataKeys.APPROVED_BY, by);
        m.put(MetadataKeys.APPROVED_AT, at.toString());
        m.put(MetadataKeys.APPROVAL_PATH, path.label());
        m.put(MetadataKeys.APPROVAL_SEAL, sealOf().seal(packageArn, status, by, at.toString(), path.label()));
        if (!buildUrl.isEmpty()) {
            m.put(MetadataKeys.APPROVAL_BUILD, MetadataValues.sanitize(buildUrl));
        }
        return m;
    }

    /** The keys only this write produces: when and by whom (with the status, what the read-back compares). */
    private static Map<String, String> fingerprint(Map<String, String> keys) {
        return Map.of(MetadataKeys.APPROVED_AT, keys.get(MetadataKeys.APPROVED_AT),
                MetadataKeys.APPROVED_BY, keys.get(MetadataKeys.APPROVED_BY));
    }

    private static String statusOf(ApprovalOutcome outcome) {
        return outcome == ApprovalOutcome.APPROVED ? "Approved" : "Rejected";
    }

    // ------------------------------------------------------------------------------------------ WRITING (rules)

    /** Writes the rules' verdict; transient failures are retried with back-off, reading the version first each time. */
    private void writeRules() {
        Environment e;
        RulesVerdict verdict;
        List<String> evidence;
        synchronized (this) {
            if (state != WaitState.WRITING) {
                return;
            }
            retry = null;
            e = env;
            verdict = rulesVerdict;
            evidence = List.copyOf(ruleEvidence);
            inFlight = true;
        }
        Instant now = e.clock().instant();
        String status = verdict == RulesVerdict.APPROVE ? "Approved" : "Rejected";
        Map<String, String> keys = decisionKeys(status, RULES, now, DecisionPath.RULE, e.buildUrl());
        DecisionWriter.Intent intent = new DecisionWriter.Intent(status,
                RegistryText.approvalDescription(status + " by approveIf rules in Jenkins"
                        + (e.buildUrl().isEmpty() ? "" : " build " + e.buildUrl()) + ": " + String.join("; ", evidence)),
                keys, fingerprint(keys), status + " by the approveIf rules");
        DecisionWriter.Outcome outcome;
        try {
            outcome = writer.write(e.registry().get(), packageArn, current -> intent);
        } catch (RuntimeException | LinkageError ex) {
            outcome = new DecisionWriter.NotWritten(ex.getMessage(), ex instanceof RuntimeException r ? r : new IllegalStateException(ex), isTransient(ex));
        }
        settleRulesWrite(e, outcome);
    }

    private void settleRulesWrite(Environment e, DecisionWriter.Outcome outcome) {
        if (outcome instanceof DecisionWriter.Written w) {
            List<String> now = new ArrayList<>(w.changes());
            synchronized (this) {
                if (abortRequested) {
                    now.add("The build was aborted while the rules' decision was being written; the registry took it, so it is recorded.");
                }
            }
            String status = w.readBack().ref().approvalStatus();
            finish(new ApprovalDecision("Approved".equals(status) ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED,
                    status, RULES, Instant.parse(w.readBack().customerMetadata().get(MetadataKeys.APPROVED_AT)), DecisionPath.RULE,
                    "", false, gate.signoffs(), ruleEvidence(), withEarlierWarnings(now)));
        } else if (outcome instanceof DecisionWriter.AlreadyDecided a) {
            finishFromRegistry(a.current(), true, List.of());
        } else if (outcome instanceof DecisionWriter.Superseded s) {
            finishFromRegistry(s.current(), false, List.of(s.change()));
        } else if (outcome instanceof DecisionWriter.Declined d) {
            fail(WaitState.WRITING, new IllegalStateException("The approveIf rules' decision cannot be written: " + d.reason()));
        } else if (outcome instanceof DecisionWriter.NotWritten n) {
            if (!n.retryable()) {
                fail(WaitState.WRITING, n.cause() != null ? n.cause() : new IllegalStateException(n.message()));
                return;
            }
            reportFailure(n.cause() != null ? n.cause() : new IllegalStateException(n.message()));
            boolean abort;
            boolean late;
            synchronized (this) {
                inFlight = false;
                abort = abortRequested;
                late = deadlinePassed();
                if (!abort && !late) {
                    retry = scheduleLater(nextBackoff(), this::writeRules);
                }
            }
            if (abort) {
                abortNow(ending);
            } else if (late) {
                timedOut();
            }
        } else {
            DecisionWriter.Unconfirmed u = (DecisionWriter.Unconfirmed) outcome;
            e.callbacks().log("The registry did not answer whether it took the approveIf rules' decision ("
                    + u.cause().getMessage() + "); reading the version again.");
            confirmLater(new Pending(u, null, true));
        }
    }

    // ------------------------------------------------------------------------------------------ CONFIRMING

    private void confirmLater(Pending p) {
        boolean abortNowInstead;
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            inFlight = false;
            pending = p;
            become(WaitState.CONFIRMING);
            abortNowInstead = abortRequested;
            if (!abortNowInstead) {
                retry = scheduleLater(nextBackoff(), this::confirm);
            }
        }
        if (abortNowInstead) {
            env.io().execute(this::confirm);
        }
    }

    /** Reads the version to learn whether the write whose answer was lost landed. */
    private void confirm() {
        Environment e;
        Pending p;
        synchronized (this) {
            if (state != WaitState.CONFIRMING || inFlight || pending == null) {
                return;
            }
            retry = null;
            e = env;
            p = pending;
            inFlight = true;
        }
        DecisionWriter.Outcome outcome;
        try {
            outcome = writer.confirm(e.registry().get(), packageArn, p.write());
        } catch (RuntimeException | LinkageError ex) {
            outcome = new DecisionWriter.Unconfirmed(p.write().intent(), p.write().sent(),
                    ex instanceof RuntimeException r ? r : new IllegalStateException(ex));
        }
        if (outcome instanceof DecisionWriter.Unconfirmed) {
            boolean abort;
            boolean late;
            synchronized (this) {
                inFlight = false;
                abort = abortRequested;
                late = deadlinePassed();
                if (!abort && !late) {
                    retry = scheduleLater(nextBackoff(), this::confirm);
                }
            }
            if (late && !abort) {
                e.callbacks().log("Could not read the registry at the deadline; whether " + p.write().intent().what()
                        + " reached it is unknown: check the version's status there. Timing out.");
                takeBack(p.attempt());
                timedOut();
            } else if (abort) {
                abortNow(ending + " Whether " + p.write().intent().what() + " reached the registry is unknown (the registry did "
                        + "not answer); check the version's status there.");
            }
            return;
        }
        synchronized (this) {
            backoff = null;
            failureReported = false;
        }
        if (p.byRules()) {
            if (outcome instanceof DecisionWriter.NotWritten) {
                boolean late;
                synchronized (this) {
                    inFlight = false;
                    pending = null;
                    if (state != WaitState.CONFIRMING) {
                        return;
                    }
                    late = deadlinePassed();
                    if (!late) {
                        become(WaitState.WRITING);
                    }
                }
                if (late) {
                    timedOut();
                    return;
                }
                e.callbacks().log("The approveIf rules' decision did not reach the registry; writing it again.");
                writeRules();
            } else {
                settleRulesWrite(e, outcome);
            }
            return;
        }
        if (outcome instanceof DecisionWriter.Written w) {
            landed(e, w, p.attempt(), true);
        } else if (outcome instanceof DecisionWriter.Superseded s) {
            takeBack(p.attempt());
            finishFromRegistry(s.current(), false, List.of(s.change()));
        } else {
            takeBack(p.attempt());
            e.callbacks().log(p.write().intent().what() + " did not reach the registry; nothing was recorded.");
            releaseWriter();
        }
    }

    // ------------------------------------------------------------------------------------------ endings

    /**
     * The build was stopped. Nothing is written to the registry. If a write is in flight, its outcome ends the wait:
     * decided if the registry took it (the decision is recorded), aborted otherwise; exactly one ending is reported.
     */
    public AbortResult abort(String reason) {
        Environment deliver;
        boolean confirmNow;
        boolean deferred;
        synchronized (this) {
            if (state.isTerminal()) {
                return AbortResult.ALREADY_ENDED;
            }
            ending = reason;
            abortRequested = true;
            if (inFlight || state == WaitState.CONFIRMING) {
                // Whatever reaches the registry ends the wait: wait for the write's outcome, and stop everything else.
                cancelSubscriptionAndTimer();
                if (retry != null) {
                    retry.cancel(false);
                    retry = null;
                }
                confirmNow = !inFlight; // between two reads of an unconfirmed write: look once more, now
                deferred = true;
                deliver = null;
            } else {
                become(WaitState.ABORTED);
                gate.close();
                disarm();
                confirmNow = false;
                deferred = false;
                deliver = env;
            }
        }
        if (deferred) {
            if (confirmNow) {
                env.io().execute(this::confirm);
            }
            return AbortResult.AFTER_WRITE;
        }
        if (deliver != null) {
            deliver.callbacks().aborted(reason);
        }
        return AbortResult.ABORTED;
    }

    /** Aborted (build stopped) with no reason given. */
    public AbortResult abort() {
        return abort("The build was stopped.");
    }

    private boolean abortNow(String reason) {
        Environment e;
        synchronized (this) {
            if (state.isTerminal()) {
                return false;
            }
            become(WaitState.ABORTED);
            ending = reason;
            inFlight = false;
            pending = null;
            gate.close();
            disarm();
            e = env;
        }
        if (e != null) {
            e.callbacks().aborted(reason);
        }
        return true;
    }

    /** Ends the wait decided; false if it had ended already (then nothing happens). */
    private boolean finish(ApprovalDecision d) {
        Environment e;
        synchronized (this) {
            if (state.isTerminal()) {
                return false;
            }
            become(WaitState.DECIDED);
            decision = d;
            inFlight = false;
            pending = null;
            gate.close();
            disarm();
            e = env;
        }
        d.getWarnings().forEach(w -> e.callbacks().log("Warning: " + w));
        e.callbacks().log("Model package " + packageArn + ": " + d.summary());
        e.callbacks().finished(d);
        return true;
    }

    /** The version is final in the registry: that decision ends the wait, attributed to whoever made it. */
    private void finishFromRegistry(ModelPackageDetails details, boolean mayBeOurs, List<String> latest) {
        String status = details.ref().approvalStatus();
        ApprovalOutcome outcome = "Approved".equals(status) ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED;
        Instant at = details.lastModifiedTime().orElse(env.clock().instant());
        Optional<DecisionPath> ours = mayBeOurs ? ownRecord(sealOf(), details, at) : Optional.empty();
        // Our own metadata names the Jenkins user or rule (a decision written just before a restart); anything else
        // was decided outside Jenkins, and the registry's LastModifiedBy names who.
        String decidedBy = ours.isPresent() ? details.customerMetadata().get(MetadataKeys.APPROVED_BY)
                : details.lastModifiedBy().isEmpty() ? "(registry)" : details.lastModifiedBy();
        finish(new ApprovalDecision(outcome, status, decidedBy, at, ours.orElse(DecisionPath.REGISTRY),
                details.approvalDescription(), false, gate.signoffs(), ruleEvidence(), withEarlierWarnings(latest)));
    }

    /** The path recorded by this plugin's own write, if the last change to the package was that write. */
    private static Optional<DecisionPath> ownRecord(DecisionSeal seal, ModelPackageDetails details, Instant lastModified) {
        return RecordedDecision.current(seal, details.ref().arn(), details.customerMetadata(), details.ref().approvalStatus(),
                details.approvalDescription(), Optional.of(lastModified));
    }

    private synchronized DecisionSeal sealOf() {
        return env.seal();
    }

    /** The deadline passed with no decision: the registry is left untouched. */
    private void timedOut() {
        Environment e;
        String status;
        synchronized (this) {
            e = env;
            status = summary == null ? "PendingManualApproval" : summary.getApprovalStatus();
        }
        finish(new ApprovalDecision(ApprovalOutcome.TIMED_OUT, status, "", e.clock().instant(), DecisionPath.TIMEOUT,
                "No decision before the timeout; the registry was left untouched.", false, gate.signoffs(), ruleEvidence(),
                withEarlierWarnings(List.of())));
    }

    private void fail(WaitState from, Throwable ex) {
        Environment e;
        synchronized (this) {
            if (state.isTerminal()) {
                return;
            }
            if (state != from) {
                return; // something else moved the wait on meanwhile; this failure is stale
            }
            become(WaitState.FAILED);
            ending = String.valueOf(ex.getMessage());
            inFlight = false;
            pending = null;
            gate.close();
            disarm();
            e = env;
        }
        e.callbacks().failed(ex instanceof Exception x ? x : new IllegalStateException(ex.toString(), ex));
    }

    // ------------------------------------------------------------------------------------------ retries

    /**
     * A wait can last days: a throttled or unreachable registry is retried with back-off (the deadline still
     * applies); a version that does not exist or that the credentials may not read fails the wait.
     */
    private void retryOrFail(WaitState in, Throwable ex, Runnable again) {
        if (!isTransient(ex)) {
            fail(in, ex);
            return;
        }
        reportFailure(ex);
        scheduleRetry(in, again);
    }

    /** Tries {@code again} later, unless the deadline has passed (then the wait times out: nothing was decided). */
    private void scheduleRetry(WaitState in, Runnable again) {
        boolean late;
        synchronized (this) {
            if (state != in) {
                return;
            }
            // WAITING looks at the deadline itself (through CHECKING) when it runs again.
            late = in != WaitState.WAITING && deadlinePassed();
            if (!late) {
                retry = scheduleLater(nextBackoff(), again);
            }
        }
        if (late) {
            timedOut();
        }
    }

    private static boolean isTransient(Throwable ex) {
        return ex instanceof RegistryException re && re.isTransient();
    }

    /** The next back-off: 2 s, doubling up to a minute. Caller holds the lock. */
    private Duration nextBackoff() {
        backoff = backoff == null ? FIRST_RETRY : min(backoff.multipliedBy(2), MAX_RETRY);
        return backoff;
    }

    /** Caller holds the lock. */
    private ScheduledFuture<?> scheduleLater(Duration delay, Runnable task) {
        Environment e = env;
        return e.timers().schedule(() -> e.io().execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reportFailure(Throwable failure) {
        boolean first;
        Environment e;
        synchronized (this) {
            first = !failureReported;
            failureReported = true;
            e = env;
        }
        if (first && e != null) {
            e.callbacks().log("The registry did not answer; retrying with back-off: " + failure.getMessage());
        }
    }

    /** Caller holds the lock. */
    private boolean deadlinePassed() {
        return deadlineMillis != 0 && env.clock().millis() >= deadlineMillis;
    }

    private void cancelSubscriptionAndTimer() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Caller holds the lock. */
    private void disarm() {
        cancelSubscriptionAndTimer();
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    // ------------------------------------------------------------------------------------------ persistence

    /** The program state is written while other threads may change the wait: serialize under its lock. */
    private synchronized void writeObject(java.io.ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
    }

    /** A program saved by an older version lacks the newer fields: fill defaults. */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (state == null) {
            state = decision != null ? WaitState.DECIDED : WaitState.NEW;
        }
        if (rulesVerdict == null) {
            rulesVerdict = RulesVerdict.NONE;
        }
        if (ending == null) {
            ending = "";
        }
        if (warnings == null) {
            warnings = new ArrayList<>();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
