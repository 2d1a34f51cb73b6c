package io.jenkins.plugins.registrygate.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationValidator;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one registration off the Pipeline thread. Survives a controller restart: {@link #onResume()} returns the
 * recorded result, or repeats the registration, which the deterministic ClientToken makes return the same version.
 */
final class RegisterModelExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final RegisterModelStep step;
    /** Set once registered; what the step returns, also after a restart. */
    private HashMap<String, Object> result;
    /**
     * The lineage variables as captured at start. A resume re-sends exactly the same request (same ClientToken,
     * same content), even if the environment changed meanwhile (a new Jenkins root URL changes BUILD_URL).
     */
    private HashMap<String, String> captured;
    private transient Future<?> task;

    RegisterModelExecution(StepContext context, RegisterModelStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        // Validates on the Pipeline thread: bad input fails here, before any AWS call.
        submit();
        return false;
    }

    private Prepared prepare() throws Exception {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        Map<String, String> env = lineageEnvironment(ctx.get(EnvVars.class));
        ParameterRules rules = new ParameterRules("registerModel");
        ConnectionSettings connection = step.connection(rules, RegistryStep.runtime(ctx));
        try {
            var request = step.toRequest(rules);
            RegistrationValidator.check(rules, request);
            rules.throwIfAny();
            return new Prepared(run, connection, ModelRegistration.prepare(request, env, run.getExternalizableId(), startedBy(run)));
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    private record Prepared(Run<?, ?> run, ConnectionSettings connection, ModelRegistration.Prepared registration) {}

    private synchronized Map<String, String> lineageEnvironment(EnvVars env) {
        if (captured == null) {
            captured = new HashMap<>();
            for (LineageField f : LineageField.values()) {
                f.environmentVariable().map(env::get).filter(v -> v != null && !v.isBlank())
                        .ifPresent(v -> captured.put(f.environmentVariable().get(), v));
            }
        }
        return captured;
    }

    private synchronized void submit() throws Exception {
        Prepared p = prepare();
        RegistryGateRuntime runtime = RegistryStep.runtime(getContext());
        TaskListener listener = getContext().get(TaskListener.class);
        task = runtime.io().submit(() -> register(runtime, p, listener.getLogger()));
    }

    private void register(RegistryGateRuntime runtime, Prepared p, PrintStream log) {
        try {
            var client = runtime.clients().clientFor(p.connection(), RegistryStep.credentialsFor(p.run()));
            ModelRegistration.Result r = new ModelRegistration(new ModelRegistry(client)).register(p.registration());
            if (r.groupCreated()) {
                log.println("[registerModel] Created model package group " + r.ref().group());
            } else if (!p.registration().request().tags().isEmpty()) {
                log.println("[registerModel] Group " + r.ref().group() + " already existed; its tags were left as they are");
            }
            r.lineage().describe().forEach(line -> log.println("[registerModel] lineage: " + line));
            log.println("[registerModel] Registered " + r.ref().group() + " version " + r.ref().version()
                    + " (" + r.ref().approvalStatus() + "): " + r.ref().arn());
            if (!"PendingManualApproval".equals(r.ref().approvalStatus())) {
                log.println("[registerModel] Note: registered as " + r.ref().approvalStatus()
                        + " (approvalStatus parameter): no approval gate decided this status; the build records it as given");
            }
            RegistryGateAction.of(p.run()).addRegistration(new RegistrationRecord(r.ref().arn(), r.ref().group(),
                    r.ref().version(), r.ref().approvalStatus(), r.groupCreated(), r.clientToken(),
                    r.lineage().describe(), startedBy(p.run()), runtime.clock().instant()));
            HashMap<String, Object> value = new HashMap<>(r.ref().toPipelineMap());
            synchronized (this) {
                result = value;
            }
            getContext().saveState();
            getContext().onSuccess(value);
        } catch (RuntimeException e) {
            getContext().onFailure(new AbortException(e.getMessage()));
        } catch (LinkageError e) {
            // An SDK version clash between plugins must fail the step, not leave it hanging.
            getContext().onFailure(e);
        }
    }

    /** The Jenkins user who started the build, directly or up its trigger chain, if a user did. */
    static String startedBy(Run<?, ?> run) {
        return Requesters.first(run);
    }

    @Override
    public void onResume() {
        Map<String, Object> done;
        synchronized (this) {
            done = result;
        }
        if (done != null) {
            getContext().onSuccess(done);
            return;
        }
        try {
            submit();
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        synchronized (this) {
            if (task != null) {
                task.cancel(true);
            }
        }
        getContext().onFailure(cause);
    }

    /** A restart while the call is in flight is safe (the ClientToken), but there is no reason to invite one. */
    @Override
    public synchronized boolean blocksRestart() {
        return result == null && task != null && !task.isDone();
    }

    @Override
    public synchronized String getStatus() {
        return result != null ? "registered " + result.get("modelPackageArn") : "registering in " + step.getModelPackageGroup();
    }
}
