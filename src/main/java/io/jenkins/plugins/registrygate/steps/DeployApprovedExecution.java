package io.jenkins.plugins.registrygate.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.deployment.Deployment;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import io.jenkins.plugins.registrygate.deployment.DeploymentRequest;
import io.jenkins.plugins.registrygate.deployment.Hosting;
import io.jenkins.plugins.registrygate.deployment.VersionReader;
import io.jenkins.plugins.registrygate.gates.AwsPreflight;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one {@link Deployment} without holding a thread or an executor: {@link #start()} validates every parameter (before
 * any AWS call), captures the connection and the global defaults, and returns; the deployment's tasks and timers do the
 * rest. The deployment and what was captured are this execution's saved state, so after a controller restart
 * {@link #onResume()} continues from the stage it was saved in, against the same account, region and defaults.
 */
final class DeployApprovedExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final DeployApprovedStep step;
    /** Captured at the first start: a changed global configuration does not change a running deployment. */
    private ConnectionSettings connection;
    private String defaultExecutionRole = "";
    private ArrayList<String> defaultRequiredMetadata = new ArrayList<>();
    /**
     * The gate checks the administrator let pipelines waive, by id. Null in an execution saved before the setting
     * existed: that deployment started when any waivable check could be waived, and resumes under that rule.
     */
    private ArrayList<String> waivableChecks = new ArrayList<>();
    /** Whether a person must have approved; null in an execution saved before the setting existed (it did not). */
    private Boolean requireHumanApproval;
    private Deployment deployment;
    /**
     * The step's outcome was reported to Pipeline in this run of the controller: never twice. Not saved: a program saved
     * before Pipeline took the outcome in is resumed, and the outcome is reported again.
     */
    private transient boolean completed;

    DeployApprovedExecution(StepContext context, DeployApprovedStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        ParameterRules rules = new ParameterRules("deployApproved");
        RegistryGateRuntime runtime = RegistryStep.runtime(ctx);
        connection = step.connection(rules, runtime);
        DeploymentParameters.Defaults defaults = runtime.deploymentDefaults();
        defaultExecutionRole = defaults.executionRoleArn();
        defaultRequiredMetadata = new ArrayList<>(defaults.requiredMetadata());
        waivableChecks = new ArrayList<>(defaults.waivableChecks().ids());
        requireHumanApproval = defaults.requireHumanApproval();
        DeploymentRequest request;
        try {
            request = step.parameters().toRequest(rules, defaults);
            rules.throwIfAny();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        // Only after every parameter was checked: building the client applies the administrator's rules and looks the
        // credentials up, which would otherwise stop the step before the other problems are named.
        if (connection.region().isEmpty()) {
            // Resolved once (the SDK's default region chain): the endpoint's lock and a resumed deployment use this region.
            connection = connection.withRegion(runtime.clients().sageMaker(connection, RegistryStep.credentialsFor(run))
                    .serviceClientConfiguration().region().id());
        }
        RegistryGateAction action = RegistryGateAction.of(run);
        String id = action.nextDeploymentId();
        deployment = new Deployment(id, request.endpointName(), runtime.clock().instant(), request.timeout());
        action.deployment(deployment.record());
        ctx.get(TaskListener.class).getLogger().println("[deployApproved] " + (request.plan() ? "Planning" : "Deploying")
                + " to endpoint " + request.endpointName() + " (" + connection.describe() + ")");
        deployment.begin(request, environment(run, runtime));
        return false;
    }

    @Override
    public void onResume() {
        if (isCompleted()) {
            return;
        }
        try {
            Run<?, ?> run = getContext().get(Run.class);
            RegistryGateRuntime runtime = RegistryStep.runtime(getContext());
            ParameterRules rules = new ParameterRules("deployApproved");
            DeploymentRequest request = step.parameters().toRequest(rules, capturedDefaults());
            rules.throwIfAny();
            getContext().get(TaskListener.class).getLogger().println("[deployApproved] Resumed in stage " + deployment.stage()
                    + " for endpoint " + request.endpointName());
            deployment.resume(request, environment(run, runtime));
        } catch (Exception e) {
            failOnce(e);
        }
    }

    /** What the administrator had set when this deployment first started. */
    private DeploymentParameters.Defaults capturedDefaults() {
        return new DeploymentParameters.Defaults(defaultExecutionRole, defaultRequiredMetadata,
                waivableChecks == null ? WaivableChecks.ALL : WaivableChecks.ofIds(waivableChecks),
                Boolean.TRUE.equals(requireHumanApproval));
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        // The step ends with the cause that stopped the build (so the build is ABORTED, not FAILED), also when the
        // deployment cannot record the stop (not yet resumed after a restart); the record then says what was left behind.
        boolean first = complete();
        if (deployment != null) {
            deployment.abort("Build stopped: " + cause);
        }
        if (first) {
            getContext().onFailure(cause);
        }
    }

    private synchronized boolean isCompleted() {
        return completed;
    }

    /** Marks the step completed; false if it was already. */
    private synchronized boolean complete() {
        if (completed) {
            return false;
        }
        completed = true;
        return true;
    }

    private void failOnce(Throwable cause) {
        if (complete()) {
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        return deployment == null ? "starting" : "deploying to " + step.getEndpointName() + ": " + deployment.stage();
    }

    private Deployment.Environment environment(Run<?, ?> run, RegistryGateRuntime runtime) throws Exception {
        StepContext ctx = getContext();
        TaskListener listener = ctx.get(TaskListener.class);
        EnvVars env = ctx.get(EnvVars.class);
        String buildUrl = env == null ? "" : env.get("BUILD_URL", "");
        CredentialsLookup credentials = RegistryStep.credentialsFor(run);
        AwsClients clients = runtime.clients();
        ConnectionSettings conn = connection;
        List<String> deployers = Requesters.of(run);
        String waivedBy = Requesters.accountable(run);
        String lockKey = conn.region().orElse("") + "|" + conn.endpoint().map(Object::toString).orElse("") + "|"
                + step.getEndpointName().toLowerCase(Locale.ROOT);
        RegistryGateAction action = RegistryGateAction.of(run);
        return new Deployment.Environment(runtime.timers(), runtime.io(), runtime.clock(), () -> {
            var sageMaker = clients.sageMaker(conn, credentials);
            return new Deployment.Services(new Hosting(sageMaker), new VersionReader(sageMaker), new AwsPreflight(new AwsPreflight.Clients(
                    clients.s3(conn, credentials), clients.kms(conn, credentials),
                    region -> clients.ecr(conn.endpoint().isPresent() ? conn : conn.withRegion(region), credentials),
                    clients.iam(conn, credentials), clients.cloudWatch(conn, credentials))), runtime.decisionSeal());
        }, runtime.endpointLocks(), lockKey, run.getExternalizableId(), run.getNumber(), buildUrl, deployers, waivedBy,
                runtime.deploymentSettings(), new Callbacks(listener, action));
    }

    /** Maps the deployment's reports to the console, the build record and the step's result. */
    private final class Callbacks implements Deployment.Callbacks {
        private final TaskListener listener;
        private final RegistryGateAction action;

        Callbacks(TaskListener listener, RegistryGateAction action) {
            this.listener = listener;
            this.action = action;
        }

        @Override
        public void log(String line) {
            listener.getLogger().println("[deployApproved] " + line);
        }

        @Override
        public void changed(DeploymentRecord record) {
            action.deployment(record);
        }

        @Override
        public Future<?> save() {
            CompletableFuture<Object> saved = new CompletableFuture<>();
            var future = getContext().saveState();
            future.addListener(() -> {
                try {
                    future.get();
                    saved.complete(null);
                } catch (Exception e) {
                    saved.completeExceptionally(e);
                }
            }, Runnable::run);
            return saved;
        }

        @Override
        public void finished(DeploymentRecord record) {
            action.deployment(record);
            HashMap<String, Object> value = new HashMap<>(record.toMap());
            switch (record.getOutcome()) {
                case "DEPLOYED", "PLANNED" -> {
                    if (complete()) {
                        getContext().onSuccess(value);
                    }
                }
                // stop() normally failed the step already with the cause that stopped the build; after a restart it may not have
                default -> failOnce(new AbortException("deployApproved: " + record.getOutcome().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + ": " + record.getMessage()));
            }
        }
    }
}
