package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.registration.MetadataValues;
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
 * rules, or the timeout. Exactly one of them ends the wait.
 *
 * <p>Serializable state (the package, policy, sign-offs, deadline, decision) survives a controller restart; the
 * live parts (subscription, timer) are transient and re-armed by {@link #resume}. Holds no thread while waiting.
 */
public final class ApprovalWait implements Serializable {
    private static final long serialVersionUID = 1L;

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

        /** The wait ended; called exactly once. */
        void finished(ApprovalDecision decision);

        /** The wait cannot go on (the package does not exist, the registry refuses us). */
        void failed(Exception e);
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
    private final List<String> ruleEvidence = new ArrayList<>();
    private boolean rulesEvaluated;
    private ApprovalDecision decision;

    private transient Environment env;
    private transient RegistryWatcher.Subscription subscription;
    private transient ScheduledFuture<?> timer;
    private transient boolean ownWriteInFlight;
    private transient boolean pollFailureReported;

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

    public Optional<Instant> deadline() {
        return deadlineMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadlineMillis));
    }

    /** Starts waiting. Returns at once: the registry is read on {@code env.io()}. */
    public void begin(Environment environment) {
        arm(environment);
    }

    /** Goes on waiting after a restart; a decision taken meanwhile is picked up by the first poll. */
    public void resume(Environment environment) {
        arm(environment);
    }

    private void arm(Environment environment) {
        synchronized (this) {
            this.env = environment;
            if (decision != null) {
                return;
            }
        }
        environment.io().execute(this::prepareAndWatch);
    }

    private void prepareAndWatch() {
        Environment e;
        synchronized (this) {
            if (decision != null || gate.isDecided()) {
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
        } catch (RuntimeException ex) {
            fail(ex);
            return;
        }
        CandidateSummary s = new CandidateSummary(details, approved);
        boolean evaluate;
        synchronized (this) {
            summary = s;
            gate.addRequester(details.customerMetadata().getOrDefault(MetadataKeys.REGISTERED_BY, ""));
            evaluate = !rulesEvaluated && !gate.policy().getRules().isEmpty();
        }
        e.callbacks().prepared(s);
        if (isFinal(details.ref().approvalStatus())) {
            // Already decided in the registry (before this build waited, or while Jenkins was down).
            fromRegistry(details);
            return;
        }
        if (evaluate && applyRules(s, registry)) {
            return;
        }
        synchronized (this) {
            // Aborted or decided while we were reading the registry: do not leave a waiter or a timer behind.
            // Subscribing under this lock is safe: the watcher never calls back while holding its own lock.
            if (decision != null || gate.isDecided()) {
                return;
            }
            subscription = e.watcher().watch(
                    new RegistryWatcher.GroupKey(connection, details.ref().group(), registry.principal()), () -> registry, packageArn,
                    Optional.of(details.creationTime()), new RegistryWatcher.Listener() {
                        @Override
                        public void onDecided(ModelPackageRef current) {
                            e.io().execute(() -> registryChanged());
                        }

                        @Override
                        public void onPollFailed(RegistryException failure) {
                            reportPollFailure(failure);
                        }
                    });
            // Armed only now, after the registry was read: after a restart past the deadline, a decision taken while
            // Jenkins was down wins over the timeout.
            if (deadlineMillis != 0) {
                long delay = Math.max(0, deadlineMillis - e.clock().millis());
                timer = e.timers().schedule(this::timeOut, delay, TimeUnit.MILLISECONDS);
            }
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
        synchronized (this) {
            rulesEvaluated = true;
            ruleEvidence.clear();
            ruleEvidence.addAll(evidence);
        }
        evidence.forEach(line -> env.callbacks().log("approveIf " + line));
        if (!pass && gate.policy().getOnRuleFailure() == ApprovalPolicy.OnRuleFailure.HUMANS) {
            env.callbacks().log("approveIf rules did not all hold; leaving the decision to reviewers");
            return false;
        }
        ApprovalOutcome outcome = pass ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED;
        String status = pass ? "Approved" : "Rejected";
        Instant now = env.clock().instant();
        String description = truncate(status + " by approveIf rules in Jenkins build " + env.buildUrl() + ": "
                + String.join("; ", evidence), 1024);
        synchronized (this) {
            if (decision != null) {
                return true;
            }
            gate.close();
            ownWriteInFlight = true;
        }
        try {
            registry.updateApproval(packageArn, status, description, decisionMetadata("approveIf rules", now, DecisionPath.RULE));
        } catch (RuntimeException ex) {
            fail(ex);
            return true;
        }
        finish(new ApprovalDecision(outcome, status, "approveIf rules", now, DecisionPath.RULE, "", false,
                gate.signoffs(), evidence));
        return true;
    }

    /**
     * A reviewer's approve or reject from Jenkins. Writes the decision (or the tier sign-off) to the registry
     * before reporting it; if that write fails nothing is recorded and the reviewer is told.
     */
    public Answer attempt(Reviewer who, Vote vote, String tier, String comment, IdMatcher ids) {
        Environment e;
        ApprovalGate.Attempt result;
        Instant now;
        synchronized (this) {
            e = env;
            if (decision != null || e == null) {
                return new Refused(decision != null ? "This approval has already been decided: " + decision.summary()
                        : "This wait is not active.");
            }
            now = e.clock().instant();
            result = gate.attempt(who, vote, tier, comment, now, ids);
            if (result instanceof ApprovalGate.Refused r) {
                return new Refused(r.reason());
            }
            if (result instanceof ApprovalGate.Decided) {
                ownWriteInFlight = true;
            }
        }
        String cleanComment = comment.strip();
        try {
            ModelRegistry registry = e.registry().get();
            if (result instanceof ApprovalGate.Signed signed) {
                TierSignoff so = signed.signoff();
                registry.updateApproval(packageArn, "", "", Map.of(MetadataKeys.TIER_PREFIX + MetadataValues.sanitize(so.getTier()),
                        MetadataValues.sanitize(so.getUserId() + " " + so.getAt())));
                e.callbacks().signed(so);
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
            Map<String, String> metadata = decisionMetadata(d.userId(), now, DecisionPath.JENKINS);
            gate.signoffs().stream().filter(s -> s.getAt().equals(now)).forEach(s -> metadata.put(
                    MetadataKeys.TIER_PREFIX + MetadataValues.sanitize(s.getTier()), MetadataValues.sanitize(s.getUserId() + " " + s.getAt())));
            registry.updateApproval(packageArn, status, description, metadata);
            finish(new ApprovalDecision(d.outcome(), status, d.userId(), now, DecisionPath.JENKINS, cleanComment,
                    d.administratorOverride(), gate.signoffs(), ruleEvidence()));
            return new Accepted(status + " by " + d.userId() + ".");
        } catch (RuntimeException ex) {
            synchronized (this) {
                gate.undo(result);
                ownWriteInFlight = false;
            }
            return new Refused("The registry did not take the decision, so nothing was recorded: " + ex.getMessage());
        }
    }

    private Map<String, String> decisionMetadata(String who, Instant at, DecisionPath path) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.APPROVED_BY, MetadataValues.sanitize(who));
        m.put(MetadataKeys.APPROVED_AT, at.toString());
        m.put(MetadataKeys.APPROVAL_PATH, path.label());
        if (!env.buildUrl().isEmpty()) {
            m.put(MetadataKeys.APPROVAL_BUILD, MetadataValues.sanitize(env.buildUrl()));
        }
        return m;
    }

    /** The watcher saw a final status: find out who set it and end the wait, unless it was our own write. */
    private void registryChanged() {
        synchronized (this) {
            if (decision != null || ownWriteInFlight) {
                return;
            }
        }
        try {
            fromRegistry(env.registry().get().describe(packageArn));
        } catch (RuntimeException ex) {
            fail(ex);
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
        synchronized (this) {
            gate.close();
        }
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

    private void timeOut() {
        Environment e;
        synchronized (this) {
            if (decision != null || ownWriteInFlight) {
                return;
            }
            gate.close();
            e = env;
        }
        String status = summary().map(CandidateSummary::getApprovalStatus).orElse("PendingManualApproval");
        finish(new ApprovalDecision(ApprovalOutcome.TIMED_OUT, status, "", e.clock().instant(), DecisionPath.TIMEOUT,
                "No decision before the timeout; the registry was left untouched.", false, gate.signoffs(), ruleEvidence()));
    }

    /** Aborted (build stopped): stop listening and timing; the registry is not touched. */
    public void abort() {
        synchronized (this) {
            gate.close();
            disarm();
        }
    }

    private void finish(ApprovalDecision d) {
        Environment e;
        synchronized (this) {
            if (decision != null) {
                return;
            }
            decision = d;
            ownWriteInFlight = false;
            gate.close();
            disarm();
            e = env;
        }
        e.callbacks().log("Model package " + packageArn + ": " + d.summary());
        e.callbacks().finished(d);
    }

    private void fail(Exception ex) {
        Environment e;
        synchronized (this) {
            if (decision != null) {
                return;
            }
            gate.close();
            disarm();
            e = env;
        }
        e.callbacks().failed(ex);
    }

    private void reportPollFailure(RegistryException failure) {
        boolean first;
        synchronized (this) {
            first = !pollFailureReported;
            pollFailureReported = true;
        }
        if (first) {
            env.callbacks().log("Registry watch is retrying with back-off: " + failure.getMessage());
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

    /** For the console and the action: how long until the timeout, if any. */
    public Optional<Duration> remaining(Clock clock) {
        return deadline().map(d -> Duration.between(clock.instant(), d)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }
}
