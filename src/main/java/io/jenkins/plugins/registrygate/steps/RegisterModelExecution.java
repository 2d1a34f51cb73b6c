package io.jenkins.plugins.registrygate.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import io.jenkins.plugins.registrygate.registration.Lineage;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registration.RegistrationToken;
import io.jenkins.plugins.registrygate.registration.RegistrationValidator;
import io.jenkins.plugins.registrygate.registration.RetryingRegistration;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Runs one registration off the Pipeline thread and survives a controller restart.
 *
 * <p>At its first start the execution fixes, in its saved state, everything that decides what is created where: the
 * captured environment, the ClientToken, the connection (region, endpoint, credentials id, role) and, once known, the
 * AWS account. {@link #onResume()} returns the recorded result, or carries on with exactly those: a plugin upgrade, a
 * renamed job or a changed global default between the crash and the resume changes neither the token nor the target.
 * A resumed registration first looks for the version it may already have created ({@link RetryingRegistration}).
 */
final class RegisterModelExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final RegisterModelStep step;
    /** Set once registered; what the step returns, also after a restart. */
    private HashMap<String, Object> result;
    /**
     * The lineage variables as captured at start (credentials removed from GIT_URL). A resume re-sends exactly the
     * same request, even if the environment changed meanwhile (a new Jenkins root URL changes BUILD_URL).
     */
    private HashMap<String, String> captured;
    /** The ClientToken, fixed at first start. */
    private String clientToken;
    /** The connection, fixed at first start; the region filled in from the SDK's chain if nothing named one. */
    private ConnectionSettings connection;
    /** The AWS account, once known (from the role, or the first ARN the service returns); empty before. */
    private String accountId;
    /** When the registration first started (epoch ms): bounds the look-up for its version on resume. */
    private long startedAtMillis;
    /** This registration created the group (possibly before a restart). */
    private boolean groupCreated;
    private transient RetryingRegistration running;
    /** The step's outcome was delivered (or it was stopped) in this run of the controller: nothing more to deliver. */
    private transient boolean delivered;

    RegisterModelExecution(StepContext context, RegisterModelStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        // Validates on the Pipeline thread: bad input fails here, before any AWS call.
        launch(RetryingRegistration.Start.FIRST);
        return false;
    }

    @Override
    public void onResume() {
        Map<String, Object> done;
        synchronized (this) {
            done = result;
        }
        if (done != null) {
            if (claimDelivery()) {
                getContext().onSuccess(done);
            }
            return;
        }
        try {
            launch(RetryingRegistration.Start.RESUMED);
        } catch (Exception e) {
            if (claimDelivery()) {
                getContext().onFailure(e);
            }
        }
    }

    private void launch(RetryingRegistration.Start how) throws Exception {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        RegistryGateRuntime runtime = RegistryStep.runtime(ctx);
        PrintStream log = ctx.get(TaskListener.class).getLogger();
        ModelRegistration.Prepared prepared = prepare(run, ctx.get(EnvVars.class), runtime);
        RetryingRegistration registration;
        synchronized (this) {
            registration = new RetryingRegistration(() -> registry(runtime, run), prepared,
                    Instant.ofEpochMilli(startedAtMillis), accountId,
                    new RetryingRegistration.Environment(runtime.io(), scheduler(ctx, runtime), runtime.clock(),
                            new SecureRandom(), policy(ctx)),
                    progress(log));
            running = registration;
        }
        if (how == RetryingRegistration.Start.RESUMED) {
            log.println("[registerModel] Resumed after a restart: looking for the version this registration may already have "
                    + "created in " + prepared.group() + " before creating one (ClientToken " + prepared.clientToken() + ")");
        }
        registration.start(how).whenComplete((r, failure) -> {
            if (!claimDelivery()) {
                return; // stopped meanwhile
            }
            if (failure != null) {
                getContext().onFailure(new AbortException(failure.getMessage()));
                return;
            }
            try {
                registered(runtime, run, prepared, r, log);
            } catch (RuntimeException | LinkageError e) {
                // Never leave the step hanging (an SDK version clash between plugins surfaces as a LinkageError).
                getContext().onFailure(e);
            }
        });
    }

    /**
     * The request, and on the first start the token, connection and start time that every resume reuses. An
     * execution saved by an older version of the plugin, without them, fixes them now.
     */
    private synchronized ModelRegistration.Prepared prepare(Run<?, ?> run, EnvVars env, RegistryGateRuntime runtime) throws Exception {
        Map<String, String> environment = lineageEnvironment(env);
        ParameterRules rules = new ParameterRules("registerModel");
        ConnectionSettings layered = step.connection(rules, runtime);
        try {
            RegistrationRequest request = step.toRequest(rules);
            RegistrationValidator.check(rules, request);
            rules.throwIfAny();
            String registrant = startedBy(run);
            if (clientToken != null) {
                return ModelRegistration.prepare(request, environment, registrant, new RegistrationToken(clientToken));
            }
            // First start, or an execution saved by a version that kept none of this: fix it now.
            ModelRegistration.Prepared p = ModelRegistration.prepare(request, environment, run.getExternalizableId(), registrant);
            clientToken = p.clientToken();
            connection = layered;
            accountId = layered.roleArn().map(RetryingRegistration::accountOf).orElse("");
            startedAtMillis = runtime.clock().millis();
            return p;
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    private synchronized Map<String, String> lineageEnvironment(EnvVars env) {
        if (captured == null) {
            captured = new HashMap<>();
            for (LineageField f : LineageField.values()) {
                f.environmentVariable().ifPresent(var -> {
                    String v = env.get(var);
                    if (v != null && !v.isBlank()) {
                        // program.dat must not keep a credential that the registry is never given either.
                        captured.put(var, f == LineageField.GIT_URL ? Lineage.withoutCredentials(v) : v);
                    }
                });
            }
        }
        return captured;
    }

    /**
     * The registry for the saved connection. A region that neither the step nor the global configuration named is
     * resolved once, by the SDK's chain, and kept: a resume goes to the same region whatever the chain says then.
     */
    private ModelRegistry registry(RegistryGateRuntime runtime, Run<?, ?> run) {
        ConnectionSettings c;
        boolean resolved = false;
        synchronized (this) {
            if (connection.region().isEmpty()) {
                connection = new ConnectionSettings(defaultRegion(), "", "", "", "").orElse(connection);
                resolved = true;
            }
            c = connection;
        }
        if (resolved) {
            save();
        }
        return new ModelRegistry(runtime.clients().clientFor(c, RegistryStep.credentialsFor(run)));
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("region: neither the step nor the global configuration names one, and the "
                    + "AWS SDK found none (AWS_REGION, aws.region, the profile files, instance metadata): " + e.getMessage(), e);
        }
    }

    private RetryingRegistration.Progress progress(PrintStream log) {
        return new RetryingRegistration.Progress() {
            @Override
            public void log(String line) {
                log.println("[registerModel] " + line);
            }

            @Override
            public void accountLearned(String account) {
                synchronized (RegisterModelExecution.this) {
                    accountId = account;
                }
                save();
            }

            @Override
            public void groupCreated() {
                synchronized (RegisterModelExecution.this) {
                    groupCreated = true;
                }
                save();
            }
        };
    }

    private void registered(RegistryGateRuntime runtime, Run<?, ?> run, ModelRegistration.Prepared p,
                            ModelRegistration.Result r, PrintStream log) {
        boolean created;
        synchronized (this) {
            created = groupCreated || r.groupCreated();
        }
        if (created) {
            log.println("[registerModel] Created model package group " + r.ref().group());
        } else if (!p.request().tags().isEmpty()) {
            log.println("[registerModel] Group " + r.ref().group() + " already existed; its tags were left as they are");
        }
        r.lineage().describe().forEach(line -> log.println("[registerModel] lineage: " + line));
        log.println("[registerModel] Registered " + r.ref().group() + " version " + r.ref().version()
                + " (" + r.ref().approvalStatus() + "): " + r.ref().arn());
        if (!"PendingManualApproval".equals(r.ref().approvalStatus())) {
            log.println("[registerModel] Note: registered as " + r.ref().approvalStatus()
                    + " (approvalStatus parameter): no approval gate decided this status; the build records it as given");
        }
        RegistryGateAction.of(run).addRegistration(new RegistrationRecord(r.ref().arn(), r.ref().group(),
                r.ref().version(), r.ref().approvalStatus(), created, r.clientToken(),
                r.lineage().describe(), startedBy(run), runtime.clock().instant()));
        HashMap<String, Object> value = new HashMap<>(r.ref().toPipelineMap());
        synchronized (this) {
            result = value;
        }
        save();
        getContext().onSuccess(value);
    }

    private void save() {
        // Asks Pipeline to write the program state soon; a failure to do so leaves the previous state, still valid.
        getContext().saveState();
    }

    /** Tests supply their own back-off and timer through the context; Jenkins uses the defaults and the runtime's timer. */
    private static RetryingRegistration.Policy policy(StepContext ctx) throws IOException, InterruptedException {
        RetryingRegistration.Policy p = ctx.get(RetryingRegistration.Policy.class);
        return p != null ? p : RetryingRegistration.Policy.DEFAULTS;
    }

    private static RetryingRegistration.Scheduler scheduler(StepContext ctx, RegistryGateRuntime runtime)
            throws IOException, InterruptedException {
        RetryingRegistration.Scheduler s = ctx.get(RetryingRegistration.Scheduler.class);
        return s != null ? s : (delay, task) -> runtime.timers().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The Jenkins user who started the build, directly or up its trigger chain, if a user did. */
    static String startedBy(Run<?, ?> run) {
        return Requesters.first(run);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        RetryingRegistration r;
        synchronized (this) {
            r = running;
        }
        if (r != null) {
            r.cancel();
        }
        if (claimDelivery()) {
            getContext().onFailure(cause);
        }
    }

    /** Exactly one of the registration's outcome and a stop reaches the context. */
    private synchronized boolean claimDelivery() {
        if (delivered) {
            return false;
        }
        delivered = true;
        return true;
    }

    /**
     * A restart while a call is in flight is safe (token and marker), but there is no reason to invite one; waiting
     * between attempts does not hold a restart back.
     */
    @Override
    public synchronized boolean blocksRestart() {
        return result == null && running != null && running.calling();
    }

    @Override
    public synchronized String getStatus() {
        return result != null ? "registered " + result.get("modelPackageArn") : "registering in " + step.getModelPackageGroup();
    }
}
