package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.approvals.DecisionSeal;
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.gates.AdmissionGate;
import io.jenkins.plugins.registrygate.gates.GateCheckResult;
import io.jenkins.plugins.registrygate.gates.Preflight;
import io.jenkins.plugins.registrygate.gates.VersionUnderReview;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.validation.Durations;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One {@code deployApproved}: admission, the endpoint's turn, the model and configuration, the request to SageMaker,
 * the rollout and the verification of what serves, as an explicit state machine ({@link Stage}) whose every move is
 * checked against {@link Stage#next}. It holds no thread while SageMaker works: each stage runs as a short task on the
 * I/O pool and the waits are timers. The stage and what was learnt survive a controller restart (this object is part
 * of the step execution's saved state); {@link #resume} continues from the stage it was saved in.
 *
 * <p><b>Never a second update.</b> Before sending CreateEndpoint or UpdateEndpoint the deployment moves to
 * {@link Stage#REQUESTED}, noting SageMaker's LastModifiedTime of the endpoint, and has that saved. Resumed in that
 * stage, it sends the request again only when SageMaker shows the endpoint unchanged since (same LastModifiedTime, our
 * configuration neither in force nor pending); in every other case it follows what SageMaker shows. An ambiguous
 * failure of the request itself (a dropped connection, a 5xx) is handled the same way.
 */
public final class Deployment implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a deployment stands. The first seven can be resumed; the rest are terminal. */
    public enum Stage {
        /** Reading the version, the gate and the preflight checks (read-only; repeated on resume). */
        ADMITTING,
        /** Another build on this controller is deploying to the same endpoint. */
        AWAITING_TURN,
        /** Is the endpoint there, busy, failed? Waits while it is busy and {@code ifBusy: 'wait'}. */
        CHECKING_ENDPOINT,
        /** Creating the model and the endpoint configuration (idempotent by name and tags). */
        CREATING,
        /** CreateEndpoint or UpdateEndpoint is being sent: saved before sending (see the class comment). */
        REQUESTED,
        /** SageMaker is creating or updating the endpoint; polled. */
        ROLLING_OUT,
        /** The endpoint settled: what does it serve? */
        VERIFYING,
        PLANNED, REFUSED, DEPLOYED, ROLLED_BACK, FAILED, TIMED_OUT, ABORTED;

        private static final Map<Stage, Set<Stage>> NEXT = new LinkedHashMap<>();

        static {
            Set<Stage> ends = EnumSet.of(FAILED, ABORTED);
            NEXT.put(ADMITTING, with(ends, PLANNED, REFUSED, AWAITING_TURN, TIMED_OUT));
            NEXT.put(AWAITING_TURN, with(ends, CHECKING_ENDPOINT, TIMED_OUT));
            NEXT.put(CHECKING_ENDPOINT, with(ends, CHECKING_ENDPOINT, CREATING, ROLLING_OUT, VERIFYING, TIMED_OUT));
            // CREATING re-checks the version (REFUSED) and the endpoint (back to CHECKING_ENDPOINT if it changed).
            NEXT.put(CREATING, with(ends, CHECKING_ENDPOINT, REQUESTED, ROLLING_OUT, REFUSED, TIMED_OUT));
            // Refused as busy by another change: back to CHECKING_ENDPOINT, which waits or fails as ifBusy says.
            NEXT.put(REQUESTED, with(ends, REQUESTED, CHECKING_ENDPOINT, ROLLING_OUT, VERIFYING, TIMED_OUT));
            NEXT.put(ROLLING_OUT, with(ends, ROLLING_OUT, VERIFYING, TIMED_OUT));
            NEXT.put(VERIFYING, with(ends, ROLLING_OUT, DEPLOYED, ROLLED_BACK, TIMED_OUT));
            for (Stage s : values()) {
                NEXT.putIfAbsent(s, EnumSet.noneOf(Stage.class));
            }
        }

        private static Set<Stage> with(Set<Stage> base, Stage... more) {
            Set<Stage> s = EnumSet.copyOf(base);
            s.addAll(List.of(more));
            return s;
        }

        /** The stages this one may move to. */
        public Set<Stage> next() {
            return EnumSet.copyOf(NEXT.get(this));
        }

        public boolean isTerminal() {
            return NEXT.get(this).isEmpty();
        }
    }

    /**
     * How long past the timeout a deployment whose request may have reached SageMaker goes on finding out what became of
     * it, rather than ending with "could not tell".
     */
    static final Duration GRACE = Duration.ofMinutes(10);

    /** How often SageMaker may say it cannot find our own, just created endpoint configuration before that is believed. */
    static final int CONFIG_NOT_VISIBLE_RETRIES = 3;

    /** Polling cadence: SageMaker's own waiter asks every 30 seconds; throttling slows it down to {@code throttledMax}. */
    public record Settings(Duration poll, Duration throttledMax) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /**
     * The services a deployment calls, asked for anew after a restart.
     *
     * @param seal checks that a Jenkins or rules decision record was written by this controller (its key)
     */
    public record Services(Hosting hosting, VersionReader versions, Preflight preflight, DecisionSeal seal) {}

    /** What the deployment needs from its surroundings; supplied anew after a restart. */
    public record Environment(ScheduledExecutorService timers, Executor io, Clock clock, Supplier<Services> services,
                              EndpointLocks locks, String lockKey, String buildId, int buildNumber, String buildUrl,
                              List<String> deployers, String waivedBy, Settings settings, Callbacks callbacks) {
        public Environment {
            deployers = List.copyOf(deployers);
        }
    }

    /** How the deployment reports; the Jenkins layer maps these to the console, the build record and the step result. */
    public interface Callbacks {
        void log(String line);

        /** The state worth keeping changed: the build record is updated from {@link #record()}. */
        void changed(DeploymentRecord record);

        /**
         * Saves the step execution (and so this deployment); the returned future completes once it is saved. Called
         * before a request that must not be sent twice.
         */
        Future<?> save();

        /** The deployment ended (any terminal stage); called once, again after a restart if saved ended. */
        void finished(DeploymentRecord record);
    }

    private final String stepId;
    /** Known before the deployment starts, so the build's first record of it already names the endpoint. */
    private final String endpointName;
    private Stage stage = Stage.ADMITTING;
    private String modelPackageArn = "";
    private String modelPackageGroup = "";
    private int modelPackageVersion;
    private String modelName = "";
    private String endpointConfigName = "";
    private String endpointArn = "";
    private boolean newEndpoint;
    private ArrayList<GateCheckResult> gate = new ArrayList<>();
    private String approvedBy = "";
    private String previousConfig = "";
    private ArrayList<String> previousPackages = new ArrayList<>();
    private ArrayList<String> plan = new ArrayList<>();
    private ArrayList<String> timeline = new ArrayList<>();
    private String lastSeen = "";
    private String outcome = "";
    private final long startedAtMillis;
    private final long deadlineMillis;
    private long endedAtMillis;
    /** SageMaker's LastModifiedTime of the endpoint when the request was about to be sent (0: it did not exist). */
    private long modifiedBeforeRequestMillis;
    /** Attempts at the request, counted (and saved) before each is sent: more than zero means it may have gone out. */
    private int requestsSent;
    private int configNotVisible;
    /** Progress within {@link Stage#CREATING}: a retry after a transient fault does not repeat what succeeded. */
    private boolean modelCreated;
    private boolean configCreated;

    private transient Environment env;
    private transient DeploymentRequest request;
    private transient ScheduledFuture<?> timer;
    private transient EndpointLocks.Lease lease;
    private transient Duration backoff;
    /** Which continuation is current: a stale timer or callback finds it outdated and does nothing (one driver). */
    private transient long generation;
    /** The endpoint as the poll just saw it settle, for the verification that follows at once (no second read). */
    private transient EndpointSnapshot settled;
    /** The saved request is going out now: a stop from here on cannot take it back. */
    private transient boolean sending;

    /**
     * @param stepId identifies this deployment in the build (its record id)
     * @param startedAt when the step started; the request's timeout counts from here
     */
    public Deployment(String stepId, Instant startedAt, Duration timeout) {
        this(stepId, "", startedAt, timeout);
    }

    public Deployment(String stepId, String endpointName, Instant startedAt, Duration timeout) {
        this.stepId = stepId;
        this.endpointName = endpointName;
        this.startedAtMillis = startedAt.toEpochMilli();
        this.deadlineMillis = startedAt.plus(timeout).toEpochMilli();
    }

    public synchronized Stage stage() {
        return stage;
    }

    public String stepId() {
        return stepId;
    }

    /** Starts (returns at once: the work runs on {@code environment.io()}). */
    public void begin(DeploymentRequest req, Environment environment) {
        arm(req, environment, false);
    }

    /** Goes on after a restart, from the saved stage; an ended deployment reports its end again. */
    public void resume(DeploymentRequest req, Environment environment) {
        arm(req, environment, true);
    }

    private void arm(DeploymentRequest req, Environment environment, boolean resumed) {
        boolean ended;
        synchronized (this) {
            this.env = environment;
            this.request = req;
            ended = stage.isTerminal();
            if (resumed && !ended && stage.compareTo(Stage.AWAITING_TURN) > 0) {
                // It had its turn before the restart, and may have changed the endpoint: it keeps it, ahead of newer builds.
                lease = environment.locks().reclaim(environment.lockKey(), environment.buildId());
            }
        }
        if (ended) {
            environment.io().execute(() -> environment.callbacks().finished(record()));
            return;
        }
        continueNow();
    }

    /**
     * The build was stopped: stop waiting; what SageMaker was asked to do it goes on doing, and the record says so.
     *
     * @return false when the deployment had already ended (nothing changed)
     */
    public boolean abort(String why) {
        Environment e;
        synchronized (this) {
            if (stage.isTerminal() || env == null) {
                return false;
            }
            e = env;
            moveTo(Stage.ABORTED, why + "; " + whatWasDone());
        }
        end(e);
        return true;
    }

    /** What a stop leaves behind in SageMaker, for the record. Caller holds the lock. */
    private String whatWasDone() {
        String verb = newEndpoint ? "create" : "update";
        boolean sent = stage == Stage.ROLLING_OUT || stage == Stage.VERIFYING || (stage == Stage.REQUESTED && sending);
        if (sent) {
            return "SageMaker was already asked to " + verb + " endpoint " + request.endpointName() + " and goes on doing so";
        }
        if (stage == Stage.REQUESTED && requestsSent > 1) {
            return "an earlier attempt to " + verb + " endpoint " + request.endpointName() + " got no answer and may have reached SageMaker";
        }
        String created = !modelCreated ? "" : "; model " + modelName + (configCreated ? " and endpoint configuration " + endpointConfigName
                + " were" : " was") + " created and left in place";
        return "endpoint " + request.endpointName() + " was not changed" + created;
    }

    // ------------------------------------------------------------------------------------------------ the driver

    /** Runs the current stage's work once, unless a newer continuation was arranged since {@code gen}. */
    private void advance(long gen) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
        }
        advance();
    }

    /** Runs the current stage's work once; each stage either moves on, schedules itself again, or ends. */
    private void advance() {
        Stage now;
        synchronized (this) {
            now = stage;
            if (now.isTerminal()) {
                return;
            }
            if (env.clock().millis() >= giveUpAtMillis()) {
                moveTo(Stage.TIMED_OUT, "no result within the timeout (" + Durations.format(Duration.ofMillis(deadlineMillis - startedAtMillis))
                        + "); " + whatTimedOut());
            }
        }
        if (stage().isTerminal()) {
            end(env);
            return;
        }
        try {
            switch (now) {
                case ADMITTING -> admit();
                case AWAITING_TURN -> awaitTurn();
                case CHECKING_ENDPOINT -> checkEndpoint();
                case CREATING -> create();
                case REQUESTED -> request();
                case ROLLING_OUT -> poll();
                case VERIFYING -> verify();
                default -> throw new IllegalStateException("no work in stage " + now);
            }
        } catch (RegistryException e) {
            if (e.isTransient()) {
                retryLater(e);
            } else {
                fail(e.getMessage());
            }
        } catch (RuntimeException | LinkageError e) {
            fail(String.valueOf(e.getMessage()));
        }
    }

    private void admit() {
        Services s = env.services().get();
        if (modelPackageArn.isEmpty()) {
            String arn;
            if (request.target() instanceof PackageSelector.Pinned p) {
                arn = p.modelPackageArn();
            } else {
                String group = ((PackageSelector.NewestApproved) request.target()).modelPackageGroup();
                arn = s.versions().newestApproved(group).map(r -> r.arn()).orElse("");
                if (arn.isEmpty()) {
                    refuse("model package group " + group + " has no Approved version to deploy");
                    return;
                }
                env.callbacks().log("Deploying the newest Approved version of " + group + ": " + arn);
            }
            synchronized (this) {
                modelPackageArn = arn;
            }
        }
        VersionReader.Read version = s.versions().read(modelPackageArn);
        List<GateCheckResult> results = new ArrayList<>(AdmissionGate.checkVersion(version.review(), request.gate(), env.deployers(), s.seal()));
        Optional<String> registeredDigest = Optional.ofNullable(version.review().metadata().get(MetadataKeys.IMAGE_DIGEST))
                .map(String::trim).filter(d -> !d.isEmpty());
        results.addAll(s.preflight().check(new Preflight.Subject(version.containers(), registeredDigest,
                request.executionRoleArn(), request.traffic().alarms())));
        AdmissionGate.Verdict verdict = AdmissionGate.decide(results, request.gate(), env.waivedBy());
        ResourceNames names = ResourceNames.of(version.ref().group(), version.ref().version(), env.buildId(), stepId, env.buildNumber(),
                request.endpointName());
        Optional<EndpointSnapshot> endpoint = s.hosting().endpoint(request.endpointName());
        Optional<ServingState> serving = endpoint.filter(e -> !e.endpointConfigName().isEmpty()).map(s.hosting()::serving);
        RolloutPlan rollout = plan(names);
        synchronized (this) {
            modelPackageGroup = version.ref().group();
            modelPackageVersion = version.ref().version();
            modelName = names.modelName();
            endpointConfigName = names.endpointConfigName();
            approvedBy = approver(version.review(), s.seal());
            gate = new ArrayList<>(verdict.results());
            serving.ifPresent(this::rememberPrevious);
            plan = new ArrayList<>(rollout.describe(serving));
        }
        verdict.results().forEach(r -> env.callbacks().log("gate " + r.summary()));
        if (!verdict.admits()) {
            refuse(verdict.refusal());
            return;
        }
        if (request.plan()) {
            env.callbacks().log("Plan (nothing is changed):");
            rollout.describe(serving).forEach(line -> env.callbacks().log("  would " + line));
            finish(Stage.PLANNED, "planned; nothing was changed");
            return;
        }
        changeTo(Stage.AWAITING_TURN, "admitted by the gate");
        continueNow();
    }

    private void awaitTurn() {
        EndpointLocks.Lease l;
        synchronized (this) {
            if (stage != Stage.AWAITING_TURN) {
                return; // stopped meanwhile: a lease taken now would never be released
            }
            if (lease == null) {
                lease = env.locks().acquire(env.lockKey(), env.buildId(), this::continueNow);
            }
            l = lease;
            if (!l.isGranted()) {
                // Under the lock: a grant from now on runs continueNow after this timer is set, and supersedes it.
                scheduleAfter(Duration.ofMillis(Math.max(0, deadlineMillis - env.clock().millis())));
            }
        }
        if (!l.isGranted()) {
            env.callbacks().log("Waiting for " + l.holder() + ", which is deploying to endpoint " + request.endpointName() + " on this controller");
            return;
        }
        changeTo(Stage.CHECKING_ENDPOINT, "");
        continueNow();
    }

    private void checkEndpoint() {
        Hosting hosting = env.services().get().hosting();
        Optional<EndpointSnapshot> e = hosting.endpoint(request.endpointName());
        answered();
        if (e.isEmpty()) {
            synchronized (this) {
                newEndpoint = true;
                previousConfig = "";
                previousPackages = new ArrayList<>();
            }
            changeTo(Stage.CREATING, "endpoint " + request.endpointName() + " does not exist yet: it will be created");
            continueNow();
            return;
        }
        EndpointSnapshot now = e.get();
        if ("Failed".equals(now.status())) {
            fail("endpoint " + request.endpointName() + " is Failed (" + now.failureReason() + "); SageMaker allows only deleting it. "
                    + "Delete it, or deploy to another endpointName");
            return;
        }
        if ("UpdateRollbackFailed".equals(now.status())) {
            fail("endpoint " + request.endpointName() + " is UpdateRollbackFailed: an earlier update and its rollback both failed and it serves a "
                    + "mix of configurations; resolve that first (" + now.failureReason() + ")");
            return;
        }
        if (ours(now)) {
            // Resumed after our own request went out: follow it, never send it again.
            changeTo(now.isBusy() ? Stage.ROLLING_OUT : Stage.VERIFYING, "the endpoint already has this deployment's configuration");
            continueNow();
            return;
        }
        if (now.isBusy()) {
            if (request.ifBusy() == DeploymentRequest.IfBusy.FAIL) {
                fail("endpoint " + request.endpointName() + " is " + now.status() + " (ifBusy: 'fail'): another change is in progress");
                return;
            }
            note("endpoint " + request.endpointName() + " is " + now.status() + " (another change is in progress); waiting for it to settle");
            scheduleAfter(env.settings().poll());
            return;
        }
        boolean unchanged;
        synchronized (this) {
            // What serves was read at admission; read it again only if the configuration changed since.
            unchanged = !previousConfig.isEmpty() && previousConfig.equalsIgnoreCase(now.endpointConfigName());
        }
        if (!unchanged) {
            ServingState serving = hosting.serving(now);
            synchronized (this) {
                rememberPrevious(serving);
            }
        }
        List<String> serves;
        synchronized (this) {
            newEndpoint = false;
            endpointArn = now.endpointArn();
            serves = List.copyOf(previousPackages);
        }
        changeTo(Stage.CREATING, "endpoint " + request.endpointName() + " is " + now.status() + ", serving "
                + String.join(", ", serves) + ": it will be updated");
        continueNow();
    }

    private void create() {
        Hosting hosting = env.services().get().hosting();
        RolloutPlan rollout = plan(new ResourceNames(modelName, endpointConfigName));
        if (!modelCreated) {
            Hosting.Created model = hosting.createModel(rollout.createModel(), modelPackageArn, env.buildId());
            env.callbacks().log((model == Hosting.Created.CREATED ? "Created model " : "Model already created by this build: ") + modelName);
            synchronized (this) {
                modelCreated = true;
            }
        }
        if (!configCreated) {
            Hosting.Created config = hosting.createEndpointConfig(rollout.createEndpointConfig(), modelPackageArn, env.buildId());
            env.callbacks().log((config == Hosting.Created.CREATED ? "Created endpoint configuration " : "Endpoint configuration already created by this build: ")
                    + endpointConfigName);
            synchronized (this) {
                configCreated = true;
            }
        }
        // The turn and a busy endpoint may have taken hours: the version is judged again, as it is now, just before.
        Optional<String> revoked = stillAdmitted();
        if (revoked.isPresent()) {
            refuse(revoked.get());
            return;
        }
        // Before the request that must never be sent twice: remember how the endpoint looked, and save.
        Optional<EndpointSnapshot> before = hosting.endpoint(request.endpointName());
        if (before.isPresent() && ours(before.get())) {
            changeTo(Stage.ROLLING_OUT, "");
            continueNow();
            return;
        }
        if (before.isPresent() == newEndpoint || before.map(EndpointSnapshot::isBusy).orElse(false)) {
            // The endpoint appeared, vanished or got busy since it was checked: check again.
            changeTo(Stage.CHECKING_ENDPOINT, "the endpoint changed since it was checked; checking again");
            continueNow();
            return;
        }
        synchronized (this) {
            if (stage != Stage.CREATING) {
                return;
            }
            modifiedBeforeRequestMillis = before.map(b -> b.lastModified().toEpochMilli()).orElse(0L);
            moveTo(Stage.REQUESTED, "");
        }
        continueNow();
    }

    /**
     * The gate's checks on the version, made again now with the same policy and waivers (the preflight checks on the
     * image, data, role and alarms are not repeated).
     *
     * @return why the version may no longer be deployed, or empty
     */
    private Optional<String> stillAdmitted() {
        Services s = env.services().get();
        VersionReader.Read version = s.versions().read(modelPackageArn);
        AdmissionGate.Verdict verdict = AdmissionGate.decide(AdmissionGate.checkVersion(version.review(), request.gate(), env.deployers(), s.seal()),
                request.gate(), env.waivedBy());
        if (verdict.admits()) {
            return Optional.empty();
        }
        verdict.blocking().forEach(r -> env.callbacks().log("gate (again, before the request) " + r.summary()));
        synchronized (this) {
            return Optional.of("the version changed in the registry since it was admitted: " + verdict.blocking().stream()
                    .map(GateCheckResult::summary).collect(java.util.stream.Collectors.joining("; ")) + "; " + whatWasDone());
        }
    }

    private void request() {
        Hosting hosting = env.services().get().hosting();
        RolloutPlan rollout = plan(new ResourceNames(modelName, endpointConfigName));
        boolean firstSend;
        synchronized (this) {
            firstSend = requestsSent == 0;
        }
        // The first send follows the read just made in CREATING; a later one (after a lost answer, or resumed) looks first.
        Optional<EndpointSnapshot> current = firstSend ? Optional.empty() : hosting.endpoint(request.endpointName());
        boolean untouched;
        synchronized (this) {
            untouched = firstSend || (newEndpoint ? current.isEmpty()
                    : current.isPresent() && !ours(current.get()) && current.get().lastModified().toEpochMilli() == modifiedBeforeRequestMillis);
        }
        if (!untouched) {
            // Our request (or another change) reached SageMaker: follow what it shows.
            changeTo(current.map(c -> c.isBusy()).orElse(true) ? Stage.ROLLING_OUT : Stage.VERIFYING,
                    "SageMaker already has the request");
            continueNow();
            return;
        }
        if (current.isPresent() && ours(current.get())) {
            changeTo(current.get().isBusy() ? Stage.ROLLING_OUT : Stage.VERIFYING, "");
            continueNow();
            return;
        }
        synchronized (this) {
            if (stage != Stage.REQUESTED) {
                return; // aborted meanwhile: send nothing
            }
            requestsSent++;
        }
        awaitSave();
        synchronized (this) {
            if (stage != Stage.REQUESTED) {
                return; // stopped while saving: the request never goes out
            }
            sending = true;
        }
        try {
            if (newEndpoint) {
                env.callbacks().log("Creating endpoint " + request.endpointName() + " on " + endpointConfigName);
                hosting.createEndpoint(rollout.createEndpoint());
            } else {
                env.callbacks().log("Updating endpoint " + request.endpointName() + " from " + previousConfig + " to " + endpointConfigName
                        + ": " + rollout.guardrails());
                hosting.updateEndpoint(rollout.updateEndpoint());
            }
        } catch (RegistryException e) {
            // The answer may have been lost after SageMaker applied the request, and the SDK's own retry then refused
            // ("in-progress", "already existing"): whatever the error, look before deciding anything.
            synchronized (this) {
                sending = false;
            }
            Optional<EndpointSnapshot> after = hosting.endpoint(request.endpointName());
            if (after.isPresent() && ours(after.get())) {
                env.callbacks().log("SageMaker took the request though its answer was lost (" + e.getMessage() + ")");
            } else if (e.isTransient()) {
                throw e; // not applied: tried again after a back-off, once SageMaker is seen unchanged
            } else if (after.isPresent() && after.get().isBusy() && !newEndpoint) {
                // Another change (another controller, the console) started since the check: wait for it or fail (ifBusy).
                synchronized (this) {
                    requestsSent = 0;
                }
                changeTo(Stage.CHECKING_ENDPOINT, "SageMaker refused the update (" + e.getMessage() + "): another change is in progress");
                continueNow();
                return;
            } else if (isOwnConfigNotVisibleYet(e)) {
                retryLater(e); // just created: SageMaker's reads may lag its writes for a moment
                return;
            } else {
                fail(e.getMessage());
                return;
            }
        }
        changeTo(Stage.ROLLING_OUT, "");
        scheduleAfter(env.settings().poll());
    }

    private void poll() {
        Optional<EndpointSnapshot> e = env.services().get().hosting().endpoint(request.endpointName());
        answered();
        if (e.isEmpty()) {
            fail("endpoint " + request.endpointName() + " disappeared during the rollout (deleted?)");
            return;
        }
        EndpointSnapshot now = e.get();
        synchronized (this) {
            endpointArn = now.endpointArn();
        }
        note(now.status() + (now.progress().isEmpty() ? "" : ": " + now.progress()));
        switch (now.status()) {
            case "InService" -> {
                synchronized (this) {
                    settled = now;
                }
                changeTo(Stage.VERIFYING, "");
                continueNow();
            }
            case "Failed" -> fail("SageMaker reports endpoint " + request.endpointName() + " Failed: " + now.failureReason());
            case "UpdateRollbackFailed" -> fail("the update and SageMaker's rollback both failed; the endpoint serves a mix of "
                    + "configurations: " + now.failureReason());
            default -> scheduleAfter(env.settings().poll());
        }
    }

    private void verify() {
        Hosting hosting = env.services().get().hosting();
        EndpointSnapshot now;
        synchronized (this) {
            now = settled;
            settled = null;
        }
        if (now == null) {
            now = hosting.endpoint(request.endpointName()).orElse(null);
        }
        if (now == null) {
            fail("endpoint " + request.endpointName() + " no longer exists");
            return;
        }
        if (now.isBusy()) {
            changeTo(Stage.ROLLING_OUT, "");
            scheduleAfter(env.settings().poll());
            return;
        }
        if (!"InService".equals(now.status())) {
            // Failed, UpdateRollbackFailed, OutOfService: whatever configuration it names, it does not serve it.
            fail("SageMaker reports endpoint " + request.endpointName() + " " + now.status()
                    + (now.failureReason().isEmpty() ? "" : ": " + now.failureReason()));
            return;
        }
        ServingState serving = hosting.serving(now);
        boolean ourConfig = now.endpointConfigName().equalsIgnoreCase(endpointConfigName);
        boolean ourPackage = serving.variants().size() == 1 && serving.variants().get(0).modelName().equalsIgnoreCase(modelName)
                && serving.modelPackageArns().size() == 1 && serving.modelPackageArns().get(0).equalsIgnoreCase(modelPackageArn);
        synchronized (this) {
            endpointArn = now.endpointArn();
        }
        if (ourConfig && ourPackage) {
            finish(Stage.DEPLOYED, "InService, serving " + modelPackageArn + " through model " + modelName + " and configuration " + endpointConfigName);
        } else if (!previousConfig.isEmpty() && now.endpointConfigName().equalsIgnoreCase(previousConfig)) {
            // SageMaker names its rollbacks in FailureReason; without one, say only what is known.
            finish(Stage.ROLLED_BACK, (now.failureReason().isEmpty()
                    ? "the endpoint is back on its previous configuration and SageMaker gives no reason (rolled back, or changed back by someone)"
                    : "SageMaker rolled the update back: " + now.failureReason()) + "; " + serving.describe());
        } else {
            finish(Stage.FAILED, "the endpoint does not serve what was deployed: " + serving.describe()
                    + (ourConfig ? " (the configuration is ours, but its models are not " + modelName + " from " + modelPackageArn + ")" : ""));
        }
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** "Could not find endpoint configuration" naming ours, just created: believed after a few tries only. */
    private boolean isOwnConfigNotVisibleYet(RegistryException e) {
        boolean mentionsOurs = Hosting.isNotFound(e) && e.awsMessage().toLowerCase(java.util.Locale.ROOT)
                .contains(endpointConfigName.toLowerCase(java.util.Locale.ROOT));
        synchronized (this) {
            return mentionsOurs && configNotVisible++ < CONFIG_NOT_VISIBLE_RETRIES;
        }
    }

    /** SageMaker answered: the back-off starts again from the poll interval. */
    private synchronized void answered() {
        backoff = null;
    }

    private RolloutPlan plan(ResourceNames names) {
        return new RolloutPlan(request, modelPackageArn, names, DeploymentTags.of(modelPackageArn, env.buildId(), env.buildUrl()));
    }

    /** This deployment's configuration is in force or pending on the endpoint. */
    private boolean ours(EndpointSnapshot e) {
        return e.endpointConfigName().equalsIgnoreCase(endpointConfigName)
                || e.pendingConfigName().map(p -> p.equalsIgnoreCase(endpointConfigName)).orElse(false);
    }

    private void rememberPrevious(ServingState s) {
        if (!s.endpointConfigName().equalsIgnoreCase(endpointConfigName)) {
            previousConfig = s.endpointConfigName();
            previousPackages = new ArrayList<>(s.modelPackageArns());
        }
        endpointArn = s.endpointArn();
    }

    /** Who approved the version, as the registry records it; empty when it is not Approved. */
    private static String approver(VersionUnderReview v, DecisionSeal seal) {
        if (!"Approved".equals(v.approvalStatus())) {
            return "";
        }
        return AdmissionGate.approverOf(v, seal).who();
    }

    /** Prints a status line when what SageMaker reports changed, with the time since the step started. */
    private void note(String seen) {
        boolean changed;
        String line;
        synchronized (this) {
            changed = !seen.equals(lastSeen);
            lastSeen = seen;
            line = "[" + Durations.format(Duration.ofMillis(env.clock().millis() - startedAtMillis)) + "] " + seen;
            if (changed) {
                timeline.add(line);
            }
        }
        if (changed) {
            env.callbacks().log(line);
            env.callbacks().changed(record());
        }
    }

    private void awaitSave() {
        try {
            env.callbacks().save().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving the deployment's state", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not save the deployment's state before asking SageMaker to change the endpoint: " + e, e);
        }
    }

    private void retryLater(RegistryException e) {
        Duration next;
        synchronized (this) {
            Duration base = e.isThrottling() ? env.settings().poll().multipliedBy(2) : env.settings().poll();
            next = backoff == null ? base : backoff.multipliedBy(2);
            if (next.compareTo(env.settings().throttledMax()) > 0) {
                next = env.settings().throttledMax();
            }
            backoff = next;
        }
        env.callbacks().log("SageMaker did not answer (" + e.getMessage() + "); trying again in " + Durations.format(next));
        scheduleAfter(next);
    }

    /** The next step runs now, on the I/O pool; any pending timer is superseded. */
    private void continueNow() {
        Environment e;
        long gen;
        synchronized (this) {
            if (stage.isTerminal()) {
                return;
            }
            gen = supersede();
            e = env;
        }
        e.io().execute(() -> advance(gen));
    }

    /** The next step runs after {@code delay} (never after the deadline); any other pending continuation is superseded. */
    private void scheduleAfter(Duration delay) {
        synchronized (this) {
            if (stage.isTerminal()) {
                return;
            }
            long gen = supersede();
            // Wake at the deadline to end on time (every stage ends once it has passed: no busy loop).
            long ms = Math.max(0, Math.min(delay.toMillis(), giveUpAtMillis() - env.clock().millis()));
            Environment e = env;
            timer = e.timers().schedule(() -> e.io().execute(() -> advance(gen)), ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Caller holds the lock. */
    private long supersede() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        return ++generation;
    }

    /**
     * When the current stage gives up: at the deadline; a {@link #GRACE} later while a request that may have reached
     * SageMaker is being followed up (what became of it is found out rather than guessed). Caller holds the lock.
     */
    private long giveUpAtMillis() {
        boolean maybeSent = (stage == Stage.REQUESTED && requestsSent > 0) || stage == Stage.VERIFYING;
        return maybeSent ? deadlineMillis + GRACE.toMillis() : deadlineMillis;
    }

    /** What the timeout leaves behind. Caller holds the lock. */
    private String whatTimedOut() {
        return switch (stage) {
            case ROLLING_OUT -> "the endpoint is still " + lastSeen + " and SageMaker goes on";
            case REQUESTED -> requestsSent == 0 ? whatWasDone()
                    : "could not tell whether SageMaker has the request to " + (newEndpoint ? "create" : "update") + " endpoint "
                    + request.endpointName() + ": it did not answer; look at the endpoint";
            case VERIFYING -> "the endpoint settled, but what it serves could not be read; look at the endpoint";
            default -> whatWasDone();
        };
    }

    /** A non-terminal move, recorded. */
    private void changeTo(Stage next, String why) {
        synchronized (this) {
            if (stage.isTerminal()) {
                return;
            }
            moveTo(next, why);
        }
        if (!why.isEmpty()) {
            env.callbacks().log(why);
        }
        env.callbacks().changed(record());
    }

    private void refuse(String why) {
        finish(Stage.REFUSED, why);
    }

    private void fail(String why) {
        finish(Stage.FAILED, why);
    }

    private void finish(Stage terminal, String why) {
        Environment e;
        synchronized (this) {
            if (stage.isTerminal()) {
                return;
            }
            moveTo(terminal, why);
            e = env;
        }
        end(e);
    }

    /** The one place a move happens: checked against the transition table. Caller holds the lock. */
    private void moveTo(Stage next, String why) {
        if (!stage.next().contains(next)) {
            throw new IllegalStateException("deployment " + stepId + ": no move from " + stage + " to " + next);
        }
        stage = next;
        if (next.isTerminal()) {
            outcome = why;
            endedAtMillis = env.clock().millis();
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    private void end(Environment e) {
        EndpointLocks.Lease l;
        synchronized (this) {
            l = lease;
            lease = null;
        }
        if (l != null) {
            l.release();
        }
        DeploymentRecord r = record();
        e.callbacks().log(r.getOutcome() + ": " + r.getMessage());
        e.callbacks().changed(r);
        e.callbacks().finished(r);
    }

    /** The program state is written while other threads may change the deployment: serialize under its lock. */
    private synchronized void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
    }

    /** The deployment as the build records it now. */
    public synchronized DeploymentRecord record() {
        return new DeploymentRecord(stepId, request == null ? endpointName : request.endpointName(), endpointArn, endpointConfigName, modelName,
                modelPackageArn, modelPackageGroup, modelPackageVersion, previousConfig, previousPackages, gate, approvedBy,
                Instant.ofEpochMilli(startedAtMillis), endedAtMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(endedAtMillis)),
                stage.name(), outcome, plan, timeline);
    }
}
