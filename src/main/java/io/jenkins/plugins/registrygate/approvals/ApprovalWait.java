package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.MetadataValues;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One build waiting for one model package version to be decided, wherever the decision is made: a reviewer in
 * Jenkins ({@link #attempt}), the registry (through the shared {@link RegistryWatcher}), the {@code approveIf}
 * rules, or the timeout. Exactly one of them ends the wait, and nothing happens after it ends (decided, failed or
 * aborted): one terminal state guards every path.
 *
 * <p>The registry is the source of truth: before writing a decision, the wait reads the version, and if it was
 * already decided there, that decision ends the wait and Jenkins does not overwrite it. Serializable state (the
 * package, policy, sign-offs, deadline, decision) survives a controller restart; the live parts (subscription,
 * timer) are transient and re-armed by {@link #resume}. Holds no thread while waiting.
 */
public final class ApprovalWait implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);
    /** How soon to look again when a decision is being written while the timer or the watcher fires. */
    private static final Duration WHILE_WRITING = Duration.ofSeconds(1);

    /** What the wait needs from its surroundings; supplied anew after a restart. */
    public record Environment(RegistryWatcher watcher, ScheduledExecutorService timers, Executor io, Clock clock,
                              Supplier<ModelRegistry> registry, String buildUrl, Callbacks callbacks) {}

    /** How the wait reports; the Jenkins layer maps these to the console, the build action and the step result. */
    public interface Callbacks {
        void log(String line);

        /** The summary for reviewers is known (or changed). */
        default void prepared(CandidateSummary summary) {}

        /** A tier signed; the wait goes on. */
        default void signed(TierSignoff signoff) {}

        /** Serializable state changed (rules evaluated, a tier signed): a good moment to save the program. */
        default void stateChanged() {}

        /** The wait ended; called once (again after a restart if the program was saved with the decision). */
        void finished(ApprovalDecision decision);

        /** The wait cannot go on (the package does not exist, the registry refuses us). */
        void failed(Exception e);

        /** False once the build is gone without stopping the wait (killed): the watcher then drops it. */
        default boolean isActive() {
            return true;
        }
    }

    /** What a reviewer's attempt came to, for the web layer. */
    public sealed interface Answer permits Refused, Accepted {}

    public record Refused(String reason) implements Answer {}

    public record Accepted(String message) implements Answer {}

    private final String packageArn;
    private final String group;
    private final ConnectionSettings connection;
    private final ApprovalGate gate;
    private final long deadlineMillis;
    private final boolean failOnTimeout;
    private CandidateSummary summary;
    private long createdAtMillis;
    private final ArrayList<String> ruleEvidence = new ArrayList<>();
    private boolean rulesEvaluated;
    private ApprovalDecision decision;
    /** Decided, failed or aborted: nothing may happen any more. */
    private boolean ended;

    private transient Environment env;
    private transient RegistryWatcher.Subscription subscription;
    private transient ScheduledFuture<?> timer;
    /** A decision (Jenkins or rules) is being written to the registry; others wait for its outcome. */
    private transient boolean writing;
    private transient boolean pollFailureReported;
    private transient Duration retry;

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
        return ended;
    }

    public Optional<Instant> deadline() {
        return deadlineMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadlineMillis));
    }

    /** Starts waiting. Returns at once: the registry is read on {@code env.io()}. */
    public void begin(Environment environment) {
        arm(environment);
    }

    /**
     * Goes on waiting after a restart: a decision taken meanwhile is picked up by the first read of the registry.
     * If the program was saved after the decision but before the step completed, the decision is delivered again.
     */
    public void resume(Environment environment) {
        arm(environment);
    }

    private void arm(Environment environment) {
        ApprovalDecision replay;
        synchronized (this) {
            this.env = environment;
            replay = decision;
            if (replay == null && ended) {
                return;
            }
            if (replay == null && deadlineMillis != 0) {
                long delay = Math.max(0, deadlineMillis - environment.clock().millis());
                timer = environment.timers().schedule(() -> environment.io().execute(this::timeOut), delay, TimeUnit.MILLISECONDS);
            }
        }
        if (replay != null) {
            environment.io().execute(() -> environment.callbacks().finished(replay));
            return;
        }
        environment.io().execute(this::prepareAndWatch);
    }

    private void prepareAndWatch() {
        Environment e;
        synchronized (this) {
            if (ended) {
                return;
            }
            e = env;
        }
        ModelRegistry registry;
        ModelPackageDetails details;
        Optional<ModelPackageDetails> approved;
        try {
            registry = e.registry().get();
            details = registry.describe(packageArn);
            approved = registry.latestApproved(details.ref().group(), packageArn);
        } catch (RuntimeException | LinkageError ex) {
            retryOrFail(ex, this::prepareAndWatch);
            return;
        }
        CandidateSummary s = new CandidateSummary(details, approved);
        boolean evaluate;
        synchronized (this) {
            retry = null;
            pollFailureReported = false;
            if (!writing && decision == null) {
                // After a restart mid-write, the gate may hold a decision or sign-off the registry never got.
                if (gate.isDecided()) {
                    rulesEvaluated = false;
                }
                gate.reconcile(confirmedTiers(details.customerMetadata()));
            }
            summary = s;
            createdAtMillis = details.creationTime().toEpochMilli();
            gate.addRequester(details.customerMetadata().getOrDefault(MetadataKeys.REGISTERED_BY, ""));
            evaluate = !rulesEvaluated && !gate.policy().getRules().isEmpty();
        }
        if (isFinal(details.ref().approvalStatus())) {
            // Already decided in the registry (before this build waited, or while Jenkins was down).
            e.callbacks().prepared(s);
            fromRegistry(details);
            return;
        }
        boolean decidedByRules = evaluate && applyRules(s, registry);
        // The prompt appears once the rules have spoken, so reviewers see their evidence and can act at once.
        e.callbacks().prepared(s);
        if (!decidedByRules) {
            subscribe(e, details.ref().group());
        }
    }

    private static java.util.Set<String> confirmedTiers(Map<String, String> metadata) {
        java.util.Set<String> tiers = new java.util.HashSet<>();
        metadata.keySet().stream().filter(k -> k.startsWith(MetadataKeys.TIER_PREFIX))
                .forEach(k -> tiers.add(k.substring(MetadataKeys.TIER_PREFIX.length())));
        return tiers;
    }

    /** Asks the shared watcher to tell us when the version gets a final status. */
    private void subscribe(Environment e, String registryGroupName) {
        ModelRegistry registry;
        try {
            // Outside the lock: this may look up credentials and build a client.
            registry = e.registry().get();
        } catch (RuntimeException | LinkageError ex) {
            retryOrFail(ex, () -> subscribe(e, registryGroupName));
            return;
        }
        synchronized (this) {
            // Subscribing under this lock is safe: the watcher calls nothing of this object while holding its lock
            // (it asks the callbacks' isActive(), which takes no lock of ours).
            if (ended || subscription != null) {
                return;
            }
            subscription = e.watcher().watch(
                    new RegistryWatcher.GroupKey(connection, registryGroupName, registry.principal()), e.registry(),
                    packageArn, Optional.of(Instant.ofEpochMilli(createdAtMillis)), new RegistryWatcher.Listener() {
                        @Override
                        public void onDecided(ModelPackageRef current) {
                            e.io().execute(ApprovalWait.this::registryChanged);
                        }

                        @Override
                        public void onPollFailed(RegistryException failure) {
                            reportPollFailure(failure);
                        }

                        @Override
                        public boolean isActive() {
                            return e.callbacks().isActive();
                        }
                    });
        }
    }

    /** Evaluates approveIf; returns true when the rules decided the wait. */
    private boolean applyRules(CandidateSummary s, ModelRegistry registry) {
        List<MetricRule.Evaluation> results = new ArrayList<>();
        for (String text : gate.policy().getRules()) {
            results.add(MetricRule.parse(text).evaluate(s.getMetrics(),
                    s.getBaselineVersion() == 0 ? Optional.empty() : Optional.of(s.baseline())));
        }
        boolean pass = results.stream().allMatch(MetricRule.Evaluation::passed);
        List<String> evidence = results.stream().map(MetricRule.Evaluation::evidence).toList();
        Environment e;
        synchronized (this) {
            if (ended) {
                return true;
            }
            e = env;
            rulesEvaluated = true;
            ruleEvidence.clear();
            ruleEvidence.addAll(evidence);
        }
        evidence.forEach(line -> e.callbacks().log("approveIf " + line));
        e.callbacks().stateChanged();
        if (!pass && gate.policy().getOnRuleFailure() == ApprovalPolicy.OnRuleFailure.HUMANS) {
            e.callbacks().log("approveIf rules did not all hold; leaving the decision to reviewers");
            return false;
        }
        ApprovalOutcome outcome = pass ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED;
        String status = pass ? "Approved" : "Rejected";
        Instant now = e.clock().instant();
        String description = truncate(status + " by approveIf rules in Jenkins build " + e.buildUrl() + ": "
                + String.join("; ", evidence), 1024);
        synchronized (this) {
            if (ended) {
                return true;
            }
            if (writing) {
                // A reviewer is writing a decision right now: theirs counts; the rules stay as evidence.
                e.callbacks().log("approveIf: a reviewer's decision is being written; the rules' verdict is kept as evidence only");
                return false;
            }
            gate.close();
            writing = true;
        }
        try {
            registry.updateApproval(packageArn, status, description, decisionMetadata(e, "approveIf rules", now, DecisionPath.RULE));
        } catch (RuntimeException | LinkageError ex) {
            synchronized (this) {
                writing = false;
            }
            fail(ex);
            return true;
        }
        finish(new ApprovalDecision(outcome, status, "approveIf rules", now, DecisionPath.RULE, "", false,
                gate.signoffs(), evidence));
        return true;
    }

    /**
     * A reviewer's approve or reject from Jenkins. Reads the registry first: a version already decided there is
     * not overwritten (that decision ends the wait and the reviewer is told). Then writes the decision (or the
     * tier sign-off) to the registry before reporting it; if that write fails nothing is recorded.
     */
    public Answer attempt(Reviewer who, Vote vote, String tier, String comment, IdMatcher ids) {
        Environment e;
        ApprovalGate.Attempt result;
        Instant now;
        synchronized (this) {
            e = env;
            if (ended || e == null) {
                return new Refused(decision != null ? "This approval has already been decided: " + decision.summary()
                        : ended ? "This wait has ended." : "This wait is not active.");
            }
            if (writing) {
                return new Refused("Another decision on this version is being written to the registry; try again.");
            }
            if (!gate.policy().getRules().isEmpty() && !rulesEvaluated) {
                return new Refused("The approveIf rules are being evaluated; try again in a moment.");
            }
            now = e.clock().instant();
            result = gate.attempt(who, vote, tier, comment, now, ids);
            if (result instanceof ApprovalGate.Refused r) {
                return new Refused(r.reason());
            }
            writing = true;
        }
        String cleanComment = comment.strip();
        boolean written = false;
        try {
            ModelRegistry registry = e.registry().get();
            ModelPackageDetails current = registry.describe(packageArn);
            if (isFinal(current.ref().approvalStatus())) {
                takeBack(result);
                fromRegistry(current);
                return new Refused("The version was already " + current.ref().approvalStatus()
                        + " in the registry; that decision stands and ended this wait.");
            }
            synchronized (this) {
                if (ended) {
                    return new Refused("The build stopped waiting; nothing was written to the registry.");
                }
            }
            if (result instanceof ApprovalGate.Signed signed) {
                TierSignoff so = signed.signoff();
                registry.updateApproval(packageArn, "", "", Map.of(MetadataKeys.TIER_PREFIX + MetadataValues.sanitize(so.getTier()),
                        MetadataValues.sanitize(so.getUserId() + " " + so.getAt())));
                written = true;
                synchronized (this) {
                    writing = false;
                }
                e.callbacks().signed(so);
                e.callbacks().stateChanged();
                e.callbacks().log("Tier '" + so.getTier() + "' signed by " + so.getUserId()
                        + (so.isAdministratorOverride() ? " (administrator override)" : "")
                        + "; waiting for " + String.join(", ", signed.remainingTiers()));
                return new Accepted("Signed tier '" + so.getTier() + "'. Still to sign: " + String.join(", ", signed.remainingTiers()));
            }
            ApprovalGate.Decided d = (ApprovalGate.Decided) result;
            String status = d.outcome() == ApprovalOutcome.APPROVED ? "Approved" : "Rejected";
            String description = truncate(status + " by Jenkins user " + d.userId()
                    + (d.administratorOverride() ? " (administrator override)" : "")
                    + " in " + e.buildUrl() + (cleanComment.isEmpty() ? "" : ": " + cleanComment), 1024);
            Map<String, String> metadata = decisionMetadata(e, d.userId(), now, DecisionPath.JENKINS);
            gate.signoffs().stream().filter(s -> s.getAt().equals(now)).forEach(s -> metadata.put(
                    MetadataKeys.TIER_PREFIX + MetadataValues.sanitize(s.getTier()), MetadataValues.sanitize(s.getUserId() + " " + s.getAt())));
            registry.updateApproval(packageArn, status, description, metadata);
            written = true;
            boolean adopted = finish(new ApprovalDecision(d.outcome(), status, d.userId(), now, DecisionPath.JENKINS, cleanComment,
                    d.administratorOverride(), gate.signoffs(), ruleEvidence()));
            return adopted ? new Accepted(status + " by " + d.userId() + ".")
                    : new Refused("The registry now says " + status + ", but the build had stopped waiting meanwhile.");
        } catch (RuntimeException | LinkageError ex) {
            return new Refused("The registry did not take the decision, so nothing was recorded: " + ex.getMessage());
        } finally {
            if (!written) {
                takeBack(result);
            }
        }
    }

    /** Undoes an attempt that did not reach the registry; an ended wait stays ended. */
    private synchronized void takeBack(ApprovalGate.Attempt result) {
        writing = false;
        if (!ended) {
            gate.undo(result);
        }
    }

    private static Map<String, String> decisionMetadata(Environment e, String who, Instant at, DecisionPath path) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.APPROVED_BY, MetadataValues.sanitize(who));
        m.put(MetadataKeys.APPROVED_AT, at.toString());
        m.put(MetadataKeys.APPROVAL_PATH, path.label());
        if (!e.buildUrl().isEmpty()) {
            m.put(MetadataKeys.APPROVAL_BUILD, MetadataValues.sanitize(e.buildUrl()));
        }
        return m;
    }

    /** The watcher saw a final status: find out who set it and end the wait, unless it was our own write. */
    private void registryChanged() {
        Environment e;
        synchronized (this) {
            if (ended) {
                return;
            }
            subscription = null; // the watcher drops a waiter once it has reported it
            e = env;
            if (writing) {
                // Our own decision is being written: its outcome decides; look again shortly in case it fails.
                e.timers().schedule(() -> e.io().execute(this::registryChanged), WHILE_WRITING.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        ModelPackageDetails details;
        try {
            details = e.registry().get().describe(packageArn);
        } catch (RuntimeException | LinkageError ex) {
            retryOrFail(ex, this::registryChanged);
            return;
        }
        synchronized (this) {
            retry = null;
            pollFailureReported = false;
        }
        if (isFinal(details.ref().approvalStatus())) {
            fromRegistry(details);
        } else {
            // Set back to pending before we looked: keep waiting.
            subscribe(e, details.ref().group());
        }
    }

    private void fromRegistry(ModelPackageDetails details) {
        String status = details.ref().approvalStatus();
        ApprovalOutcome outcome = "Approved".equals(status) ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED;
        Instant at = details.lastModifiedTime().orElse(env.clock().instant());
        Optional<DecisionPath> ours = ownRecord(details, at);
        // Our own metadata names the Jenkins user or rule (a decision written just before a restart); anything else
        // was decided outside Jenkins, and the registry's LastModifiedBy names who.
        String decidedBy = ours.isPresent() ? details.customerMetadata().get(MetadataKeys.APPROVED_BY)
                : details.lastModifiedBy().isEmpty() ? "(registry)" : details.lastModifiedBy();
        finish(new ApprovalDecision(outcome, status, decidedBy, at, ours.orElse(DecisionPath.REGISTRY),
                details.approvalDescription(), false, gate.signoffs(), ruleEvidence()));
    }

    /** The path recorded by this plugin's own write, if the last change to the package was that write. */
    private static Optional<DecisionPath> ownRecord(ModelPackageDetails details, Instant lastModified) {
        Map<String, String> md = details.customerMetadata();
        String path = md.getOrDefault(MetadataKeys.APPROVAL_PATH, "");
        if (!md.containsKey(MetadataKeys.APPROVED_BY)) {
            return Optional.empty();
        }
        try {
            Instant written = Instant.parse(md.getOrDefault(MetadataKeys.APPROVED_AT, ""));
            // Our UpdateModelPackage sets status and metadata together; a later change of status is someone else's.
            if (Duration.between(written, lastModified).abs().compareTo(Duration.ofMinutes(1)) > 0) {
                return Optional.empty();
            }
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        for (DecisionPath p : List.of(DecisionPath.JENKINS, DecisionPath.RULE)) {
            if (p.label().equals(path)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The deadline passed: a decision already in the registry still wins; otherwise the wait times out. */
    private void timeOut() {
        Environment e;
        synchronized (this) {
            if (ended) {
                return;
            }
            e = env;
            if (writing) {
                e.timers().schedule(() -> e.io().execute(this::timeOut), WHILE_WRITING.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            // Claim the writer slot: no reviewer's write may start between this read and the timeout.
            writing = true;
        }
        try {
            ModelPackageDetails details = e.registry().get().describe(packageArn);
            if (isFinal(details.ref().approvalStatus())) {
                fromRegistry(details);
                return;
            }
        } catch (RuntimeException | LinkageError ex) {
            e.callbacks().log("Could not read the registry at the deadline (" + ex.getMessage() + "); timing out");
        }
        String status = summary().map(CandidateSummary::getApprovalStatus).orElse("PendingManualApproval");
        finish(new ApprovalDecision(ApprovalOutcome.TIMED_OUT, status, "", e.clock().instant(), DecisionPath.TIMEOUT,
                "No decision before the timeout; the registry was left untouched.", false, gate.signoffs(), ruleEvidence()));
    }

    /** Aborted (build stopped): stop listening and timing; the registry is not touched, nothing completes later. */
    public void abort() {
        synchronized (this) {
            ended = true;
            gate.close();
            disarm();
        }
    }

    /** Ends the wait with {@code d}; false if it had already ended (then nothing happens). */
    private boolean finish(ApprovalDecision d) {
        Environment e;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            decision = d;
            writing = false;
            gate.close();
            disarm();
            e = env;
        }
        e.callbacks().log("Model package " + packageArn + ": " + d.summary());
        e.callbacks().finished(d);
        return true;
    }

    /** The program state is written while other threads may change the wait: serialize under its lock. */
    private synchronized void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
    }

    private void fail(Throwable ex) {
        Environment e;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            gate.close();
            disarm();
            e = env;
        }
        e.callbacks().failed(ex instanceof Exception x ? x : new IllegalStateException(ex.toString(), ex));
    }

    /**
     * A wait can last days: a throttled or unreachable registry is retried with back-off (the deadline still
     * applies); a version that does not exist or that the credentials may not read fails the wait.
     */
    private void retryOrFail(Throwable ex, Runnable again) {
        if (!(ex instanceof RegistryException re) || !re.isTransient()) {
            fail(ex);
            return;
        }
        Environment e;
        Duration wait;
        synchronized (this) {
            if (ended) {
                return;
            }
            e = env;
            wait = retry == null ? FIRST_RETRY : min(retry.multipliedBy(2), MAX_RETRY);
            retry = wait;
        }
        reportPollFailure(re);
        e.timers().schedule(() -> e.io().execute(again), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reportPollFailure(RegistryException failure) {
        boolean first;
        Environment e;
        synchronized (this) {
            first = !pollFailureReported;
            pollFailureReported = true;
            e = env;
        }
        if (first) {
            e.callbacks().log("The registry did not answer; retrying with back-off: " + failure.getMessage());
        }
    }

    private void disarm() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static boolean isFinal(String status) {
        return "Approved".equals(status) || "Rejected".equals(status);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For the console and the action: how long until the timeout, if any. */
    public Optional<Duration> remaining(Clock clock) {
        return deadline().map(d -> Duration.between(clock.instant(), d)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }
}
