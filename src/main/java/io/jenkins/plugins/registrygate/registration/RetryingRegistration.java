package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * One registration carried through transient faults. Throttling, server errors (5xx) and calls that got no answer
 * are tried again with exponential back-off and jitter for a bounded time ({@link Policy#giveUpAfter}), beyond the
 * SDK's own few attempts: the registration is idempotent by its token, so sending it again is safe. Errors that
 * retrying cannot change (validation, access denied, missing credentials) fail at once, with the operation, the
 * error code and the request id.
 *
 * <p>Before creating, a resumed registration, and any attempt that follows a create whose outcome is unknown (no
 * answer, or a server error), first looks for the version it may already have created, by the marker the version
 * carries ({@link ModelRegistration#findRegistered}): a ClientToken that SageMaker has forgotten after a long outage
 * cannot produce a second version. When the look-up cannot answer (its permission is refused, or more versions were
 * created meanwhile than it checks) the console says so and the ClientToken alone protects the registration.
 *
 * <p>The AWS account the registration works in is checked on every ARN the service returns: it is known from the
 * start when a role is assumed (the role ARN names it), otherwise learned from the first ARN the service returns.
 * A registration that finds itself answered from another account stops before creating anything there.
 *
 * <p>Calls run on {@code io}; waits between attempts are scheduled on {@code timer}, so no thread sleeps.
 */
public final class RetryingRegistration {

    /** How long and how often to try again after transient faults. */
    public record Policy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter, double jitter) {

        /** 2 s, doubling up to 1 minute, ±20%, giving up 10 minutes after the first failure. */
        public static final Policy DEFAULTS = new Policy(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(10), 0.2);

        public Policy {
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || giveUpAfter.isNegative()) {
                throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay and giveUpAfter >= 0");
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
            }
        }

        /** The wait after {@code failures} failures in a row, before jitter: doubling from the first delay, capped. */
        Duration backoff(int failures) {
            Duration d = firstDelay;
            for (int i = 1; i < failures && d.compareTo(maxDelay) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }
    }

    /** Runs a task after a delay: the runtime's timer in Jenkins, a hand-driven one in tests. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Duration delay, Runnable task);
    }

    /** Where attempts run and wait. */
    public record Environment(Executor io, Scheduler timer, Clock clock, Random random, Policy policy) {}

    /** What the registration reports while it works; the step keeps what it must not forget. */
    public interface Progress {
        void log(String line);

        /** The AWS account, the first time an ARN shows it; to be kept with the step for the checks after a resume. */
        void accountLearned(String accountId);

        /** This registration created the group (its version may still fail). */
        void groupCreated();
    }

    /** How the registration starts: fresh, or resumed after the controller restarted. */
    public enum Start { FIRST, RESUMED }

    /** A registration that failed for good. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** At most this many of the group's newest versions are checked for the marker. */
    static final int LOOKUP_LIMIT = 50;
    /** Versions created this long before the registration started are candidates too (clocks of Jenkins and AWS differ). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private final Supplier<ModelRegistry> registries;
    private final ModelRegistration.Prepared prepared;
    private final Instant startedAt;
    private final Environment env;
    private final Progress progress;
    private final CompletableFuture<ModelRegistration.Result> outcome = new CompletableFuture<>();

    private String account;
    private volatile boolean cancelled;
    private volatile boolean calling;
    // Touched only by the one attempt running at a time; executor and timer hand-offs order the attempts.
    private boolean lookFirst;
    private boolean groupCreated;
    private final Set<String> notThisOne = new HashSet<>();
    private int failures;
    private Instant firstFailure;

    /**
     * @param registries the registry for each attempt (asked anew, so a client replaced in the cache is not reused)
     * @param startedAt when the registration first started (kept with the step): versions older than that, less
     *     {@link #CLOCK_SKEW}, are not candidates of the look-up
     * @param knownAccount the account known so far (kept with the step, or named by the role), or empty
     */
    public RetryingRegistration(Supplier<ModelRegistry> registries, ModelRegistration.Prepared prepared, Instant startedAt,
                                String knownAccount, Environment env, Progress progress) {
        this.registries = Objects.requireNonNull(registries);
        this.prepared = Objects.requireNonNull(prepared);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.account = Objects.requireNonNull(knownAccount);
        this.env = Objects.requireNonNull(env);
        this.progress = Objects.requireNonNull(progress);
    }

    /**
     * Starts the first attempt on the I/O executor. The future completes with the version, or with a
     * {@link Failure}; it never completes when the registration is cancelled or its threads are stopped (a
     * controller shutting down), since the step resumes after the restart.
     */
    public CompletableFuture<ModelRegistration.Result> start(Start how) {
        lookFirst = how == Start.RESUMED;
        env.io().execute(this::attempt);
        return outcome;
    }

    /** No further attempt starts. A call in flight runs to its end; the caller ignores what the future then says. */
    public void cancel() {
        cancelled = true;
    }

    /** True while a registry call is under way (not while waiting between attempts). */
    public boolean calling() {
        return calling;
    }

    /** The account id an ARN names ({@code arn:<partition>:<service>:<region>:<account>:…}), or empty. */
    public static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 && "arn".equals(parts[0]) && ACCOUNT.matcher(parts[4]).matches() ? parts[4] : "";
    }

    private void attempt() {
        if (cancelled) {
            return;
        }
        calling = true;
        try {
            ModelRegistration registration = new ModelRegistration(registries.get());
            if (lookFirst) {
                Optional<ModelRegistration.Result> found = lookUp(registration);
                if (found.isPresent()) {
                    outcome.complete(found.get());
                    return;
                }
                lookFirst = false;
            }
            ModelRegistration.Result r = registration.register(prepared, groupArn -> {
                groupCreated = true;
                progress.groupCreated();
                checkAccount(groupArn, "created the group " + groupArn);
            });
            checkAccount(r.ref().arn(), "created " + r.ref().arn() + " there; check it and delete it if it is not wanted");
            outcome.complete(new ModelRegistration.Result(r.ref(), r.groupCreated() || groupCreated, r.lineage(),
                    r.clientToken(), r.metadataWritten()));
        } catch (RegistryException e) {
            if (stopped(e)) {
                return;
            }
            if (!e.isTransient()) {
                outcome.completeExceptionally(new Failure(e.getMessage(), e));
                return;
            }
            if ("CreateModelPackage".equals(e.operation()) && outcomeUnknown(e)) {
                lookFirst = true;
            }
            retryLater(e);
        } catch (RuntimeException e) {
            if (!stopped(e)) {
                outcome.completeExceptionally(new Failure(String.valueOf(e.getMessage()), e));
            }
        } catch (LinkageError e) {
            // An SDK version clash between plugins: fail the registration rather than leave it waiting forever.
            outcome.completeExceptionally(new Failure(e.toString(), e));
        } finally {
            calling = false;
        }
    }

    private Optional<ModelRegistration.Result> lookUp(ModelRegistration registration) {
        ModelRegistration.Lookup lookup;
        try {
            lookup = registration.findRegistered(prepared, startedAt.minus(CLOCK_SKEW), LOOKUP_LIMIT, notThisOne);
        } catch (RegistryException e) {
            if (e.isTransient() || stopped(e)) {
                throw e;
            }
            progress.log("could not look for a version this registration may already have created (" + e.getMessage()
                    + "); relying on its ClientToken");
            return Optional.empty();
        }
        for (String arn : lookup.listedArns()) {
            checkAccount(arn, "nothing was created there");
        }
        if (lookup.found().isPresent()) {
            ModelPackageRef ref = lookup.found().get();
            checkAccount(ref.arn(), "nothing was created there");
            progress.log("found version " + ref.version() + " that this registration created earlier (" + ref.arn()
                    + "); not creating another");
            return Optional.of(ModelRegistration.found(prepared, ref, groupCreated));
        }
        progress.log(lookup.exhaustive()
                ? "no version of " + prepared.group() + " carries this registration's marker yet; creating it"
                : "more than " + LOOKUP_LIMIT + " versions of " + prepared.group() + " were created since this registration "
                        + "started; none of the newest " + LOOKUP_LIMIT + " is this registration's, relying on its ClientToken for the rest");
        return Optional.empty();
    }

    private synchronized void checkAccount(String arn, String consequence) {
        String seen = accountOf(arn);
        if (seen.isEmpty()) {
            return;
        }
        if (account.isEmpty()) {
            account = seen;
            progress.accountLearned(seen);
        } else if (!account.equals(seen)) {
            throw new IllegalStateException("registerModel: this registration started in AWS account " + account
                    + " but SageMaker now answers from account " + seen + " (" + arn + "): the credentials or role behind "
                    + "its connection changed since; " + consequence);
        }
    }

    /** Failures after which the create may have been applied: no answer at all, or a server error. */
    private static boolean outcomeUnknown(RegistryException e) {
        return e.httpStatus() == 0 || e.httpStatus() >= 500;
    }

    /** The call was interrupted (the step stopped, or the controller is shutting down): nothing to report. */
    private boolean stopped(Throwable e) {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof AbortedException) {
                return true;
            }
        }
        return false;
    }

    private void retryLater(RegistryException e) {
        Instant now = env.clock().instant();
        if (firstFailure == null) {
            firstFailure = now;
        }
        failures++;
        Duration elapsed = Duration.between(firstFailure, now);
        Duration budget = env.policy().giveUpAfter();
        if (elapsed.compareTo(budget) >= 0) {
            outcome.completeExceptionally(new Failure(e.getMessage() + "; still failing after " + failures
                    + " attempts over " + describe(elapsed) + ", gave up", e));
            return;
        }
        Duration delay = jittered(env.policy().backoff(failures));
        Duration remaining = budget.minus(elapsed);
        if (delay.compareTo(remaining) > 0) {
            delay = remaining;
        }
        progress.log(e.getMessage() + "; trying again in " + describe(delay) + " (attempt " + (failures + 1) + ")");
        try {
            env.timer().schedule(delay, () -> {
                if (!cancelled) {
                    try {
                        env.io().execute(this::attempt);
                    } catch (RejectedExecutionException shuttingDown) {
                        // The controller is stopping: the step resumes after the restart.
                    }
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // As above.
        }
    }

    private Duration jittered(Duration d) {
        double jitter = env.policy().jitter();
        if (jitter == 0) {
            return d;
        }
        double factor = 1 + jitter * (2 * env.random().nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = (ms + 500) / 1000;
        return s < 120 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
}
