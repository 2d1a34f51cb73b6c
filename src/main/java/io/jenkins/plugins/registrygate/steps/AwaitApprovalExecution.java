package io.jenkins.plugins.registrygate.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalGate;
import io.jenkins.plugins.registrygate.approvals.ApprovalOutcome;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.CandidateSummary;
import io.jenkins.plugins.registrygate.approvals.TierSignoff;
import io.jenkins.plugins.registrygate.audit.ApprovalRecord;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Waits asynchronously: {@link #start()} returns false at once and no thread or executor is held; the shared
 * registry watcher, a reviewer's POST, the rules or the timer end the wait. The {@link ApprovalWait} is part of
 * this execution's serialized state, so after a restart {@link #onResume()} re-arms it for the same package.
 */
final class AwaitApprovalExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final AwaitApprovalStep step;
    private ApprovalWait wait;
    private String recordId;
    /** Why the build stopped this step; the step then fails with it, whatever ended the wait. */
    private transient volatile Throwable stopCause;

    AwaitApprovalExecution(StepContext context, AwaitApprovalStep step) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        TaskListener listener = ctx.get(TaskListener.class);
        ParameterRules rules = new ParameterRules("awaitApproval");
        RegistryGateRuntime runtime = RegistryStep.runtime(ctx);
        ConnectionSettings connection = step.connection(rules, runtime);
        AwaitApprovalStep.Plan plan = step.plan(rules);
        try {
            rules.throwIfAny();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        var deadline = plan.timeout().map(d -> runtime.clock().instant().plus(d));
        ApprovalGate gate = new ApprovalGate(plan.policy(), Requesters.of(run));
        wait = new ApprovalWait(plan.ref(), connection, gate, deadline, plan.failOnTimeout());
        RegistryGateAction action = RegistryGateAction.of(run);
        recordId = action.nextApprovalId();
        action.approvalRecord(new ApprovalRecord(recordId, plan.ref().arn(), plan.ref().group(), plan.policy(),
                runtime.clock().instant(), deadline));
        action.attach(recordId, wait);
        String url = buildUrl(ctx, run);
        listener.getLogger().println("[awaitApproval] Waiting for a decision on " + plan.ref().arn()
                + deadline.map(d -> " until " + d).orElse("") + "; approve or reject at "
                + (url.isEmpty() ? run.getUrl() : url) + RegistryGateAction.URL_NAME + "/approval/" + recordId + "/");
        wait.begin(environment(run, listener, runtime, connection));
        return false;
    }

    @Override
    public void onResume() {
        try {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            RegistryGateRuntime runtime = RegistryStep.runtime(ctx);
            RegistryGateAction action = RegistryGateAction.of(run);
            action.findApproval(recordId).ifPresent(r -> wait.gate().restore(r.getSignoffs()));
            action.attach(recordId, wait);
            listener.getLogger().println("[awaitApproval] Resumed waiting for a decision on " + wait.packageArn());
            wait.resume(environment(run, listener, runtime, connectionOf(runtime)));
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    private ConnectionSettings connectionOf(RegistryGateRuntime runtime) {
        // Re-derived, not stored twice: the step's parameters over today's global defaults. Today's administrator
        // rules apply too: the client cache refuses a connection they no longer allow, which fails the wait.
        return step.connection(new ParameterRules("awaitApproval"), runtime);
    }

    /**
     * The build is stopped. The wait ends aborted at once, or, if a decision is being written to the registry, when
     * the write's outcome is known: a decision the registry took is recorded in the build. Either way the step then
     * fails with {@code cause}, once, through the wait's callbacks.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        stopCause = cause;
        if (wait == null) {
            getContext().onFailure(cause);
            return;
        }
        // ALREADY_ENDED: the wait's ending has been (or is being) reported and completes the step.
        wait.abort("Build stopped: " + cause);
    }

    @Override
    public String getStatus() {
        return wait == null ? "starting" : "waiting for a decision on " + wait.packageArn() + " (" + wait.state() + ")";
    }

    private ApprovalWait.Environment environment(Run<?, ?> run, TaskListener listener, RegistryGateRuntime runtime,
                                                 ConnectionSettings connection) throws Exception {
        String buildUrl = buildUrl(getContext(), run);
        RegistryGateAction action = RegistryGateAction.of(run);
        AwsClients clients = runtime.clients();
        CredentialsLookup build = RegistryStep.credentialsFor(run);
        return new ApprovalWait.Environment(runtime.watcher(), runtime.timers(), runtime.io(), runtime.clock(),
                () -> new ModelRegistry(clients.clientFor(connection, build)),
                new DetachedRegistry(clients, connection, build), buildUrl, runtime.decisionSeal(), new Callbacks(listener, action, recordId));
    }

    /**
     * The registry as the shared watcher reaches it for this build: the build's credential, looked up as the build on
     * first use and kept from then on without the lookup, so without the build ({@link CredentialsLookup#detached}).
     */
    static final class DetachedRegistry implements Supplier<ModelRegistry> {
        private final AwsClients clients;
        private final ConnectionSettings connection;
        private CredentialsLookup build;
        private CredentialsLookup resolved;

        DetachedRegistry(AwsClients clients, ConnectionSettings connection, CredentialsLookup build) {
            this.clients = clients;
            this.connection = connection;
            this.build = build;
        }

        @Override
        public ModelRegistry get() {
            CredentialsLookup lookup;
            synchronized (this) {
                if (resolved == null) {
                    resolved = build.detached(connection);
                    build = null;
                }
                lookup = resolved;
            }
            return new ModelRegistry(clients.clientFor(connection, lookup));
        }

        /** Whether it still holds the build's lookup (until first used). */
        synchronized boolean holdsBuild() {
            return build != null;
        }
    }

    /**
     * The build's absolute URL, or empty: what goes into the registry must work outside Jenkins, so never a
     * relative {@code run.getUrl()}. {@code BUILD_URL} when Jenkins set it (it does when its root URL is configured),
     * else the configured root URL plus the build's path.
     */
    static String buildUrl(StepContext ctx, Run<?, ?> run) throws Exception {
        EnvVars env = ctx.get(EnvVars.class);
        String url = env == null ? null : env.get("BUILD_URL");
        if (url == null || !isAbsolute(url)) {
            url = null;
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            if (jenkins != null) {
                try {
                    String root = jenkins.getRootUrl();
                    url = root == null || !isAbsolute(root) ? null : root + run.getUrl();
                } catch (IllegalStateException e) {
                    url = null; // the location configuration is not available yet
                }
            }
        }
        return url == null ? "" : url.endsWith("/") ? url : url + "/";
    }

    private static boolean isAbsolute(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://");
    }

    /** Maps the wait's reports to the console, the build's record and the step's result. */
    private final class Callbacks implements ApprovalWait.Callbacks {
        private final TaskListener listener;
        private final RegistryGateAction action;
        private final String id;

        Callbacks(TaskListener listener, RegistryGateAction action, String id) {
            this.listener = listener;
            this.action = action;
            this.id = id;
        }

        @Override
        public void log(String line) {
            listener.getLogger().println("[awaitApproval] " + line);
        }

        @Override
        public void prepared(CandidateSummary summary) {
            action.findApproval(id).ifPresent(r -> r.prepared(summary));
            action.save();
        }

        @Override
        public void signed(TierSignoff signoff) {
            action.findApproval(id).ifPresent(r -> r.signed(signoff));
            action.save();
        }

        @Override
        public void stateChanged() {
            // Rules evaluated or a tier signed: keep the program state (which holds the wait) current.
            getContext().saveState();
        }

        @Override
        public boolean isActive() {
            Run<?, ?> run = action.getRun();
            return run == null || run.isBuilding();
        }

        @Override
        public void finished(ApprovalDecision decision) {
            ApprovalRecord record = action.findApproval(id).orElse(null);
            if (record != null) {
                record.decided(decision);
            }
            action.detach(id);
            action.save();
            Throwable stopped = stopCause;
            if (stopped != null) {
                // A decision the registry took while the build was being stopped: recorded above; the build stops.
                getContext().onFailure(stopped);
                return;
            }
            HashMap<String, Object> value = new HashMap<>(decision.toPipelineMap(wait.packageArn()));
            boolean fail = (decision.getOutcome() == ApprovalOutcome.REJECTED && step.isFailOnReject())
                    || (decision.getOutcome() == ApprovalOutcome.TIMED_OUT && wait.failOnTimeout());
            if (fail) {
                getContext().onFailure(new AbortException("Model package " + wait.packageArn() + " was not approved: "
                        + decision.summary()));
            } else {
                getContext().onSuccess(value);
            }
        }

        @Override
        public void failed(Exception e) {
            action.findApproval(id).ifPresent(r -> r.failed(e.getMessage()));
            action.detach(id);
            action.save();
            Throwable stopped = stopCause;
            getContext().onFailure(stopped != null ? stopped : new AbortException("awaitApproval: " + e.getMessage()));
        }

        @Override
        public void aborted(String reason) {
            action.findApproval(id).ifPresent(r -> r.aborted(reason));
            action.detach(id);
            action.save();
            Throwable stopped = stopCause;
            getContext().onFailure(stopped != null ? stopped : new AbortException("awaitApproval: " + reason));
        }
    }
}
