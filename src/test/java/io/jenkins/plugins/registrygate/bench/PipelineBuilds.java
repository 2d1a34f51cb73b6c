package io.jenkins.plugins.registrygate.bench;

import com.thoughtworks.xstream.XStream;
import hudson.EnvVars;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.WaitState;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.steps.ApprovalTierSpec;
import io.jenkins.plugins.registrygate.steps.AwaitApprovalStep;
import io.jenkins.plugins.registrygate.testing.ProgramState;
import io.jenkins.plugins.registrygate.testing.TestJob;
import io.jenkins.plugins.registrygate.testing.TestRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Builds running {@code awaitApproval} as Pipeline runs it: for each benchmark build a {@code Run}, its environment and
 * a step context (Jenkins' side, made before any measurement), then the plugin's own {@link AwaitApprovalStep} and
 * the execution it starts, which builds the wait, its gate, its environment and callbacks, the build's action and
 * approval record exactly as in production. A restart saves each execution as Pipeline saves its program (JBoss
 * River), the action as build.xml (XStream), and resumes fresh builds from both on a new runtime.
 */
final class PipelineBuilds {

    /** Who may approve: a user and a group, as a typical Jenkinsfile names them. */
    static final String APPROVERS = "alice, risk-reviewers";
    /** Who started the builds (separation of duties compares the registrant and the approver with it). */
    static final String STARTED_BY = "dave";
    /** The stop cause the harness uses to end waits it no longer needs. */
    static final InterruptedException STOPPED = new InterruptedException("benchmark: waits no longer needed");

    private static final XStream BUILD_XML = buildXml();

    private final List<WaitingBuild> builds;
    private final String region;
    private final String endpoint;
    private final String timeout;
    private final BuildLogs logs;
    private final TestRun[] runs;
    private final BenchStepContext[] contexts;
    private final StepExecution[] executions;
    private int tieredEvery;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();

    /** What a restart keeps of the builds: each execution's program state and each build's build.xml. */
    record Saved(byte[][] programs, String[] buildXml, long programBytes, long buildXmlChars) {}

    /** Jenkins' side of the builds, made before any baseline: a Run per build, its environment, its step context. */
    PipelineBuilds(List<WaitingBuild> builds, String region, String endpoint, String timeout, RegistryGateRuntime runtime,
                   BuildLogs logs) throws Exception {
        this(builds, region, endpoint, timeout, runtime, logs, null);
    }

    private PipelineBuilds(List<WaitingBuild> builds, String region, String endpoint, String timeout,
                           RegistryGateRuntime runtime, BuildLogs logs, Saved restartFrom) throws Exception {
        this.builds = builds;
        this.region = region;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.logs = logs;
        int n = builds.size();
        this.runs = new TestRun[n];
        this.contexts = new BenchStepContext[n];
        this.executions = new StepExecution[n];
        TestJob job = new TestJob("retrain");
        for (int i = 0; i < n; i++) {
            WaitingBuild b = builds.get(i);
            runs[i] = new TestRun(job, b.index + 1, STARTED_BY);
            if (restartFrom != null) {
                // Jenkins reloads the build, with its action, from build.xml before it resumes the program.
                runs[i].addAction((RegistryGateAction) BUILD_XML.fromXML(restartFrom.buildXml()[i]));
            }
            contexts[i] = new BenchStepContext(i, runs[i], logs, env(b), runtime, this::completed);
        }
    }

    private static EnvVars env(WaitingBuild b) {
        EnvVars env = new EnvVars();
        env.put("JOB_NAME", "ml/" + b.group + "/retrain");
        env.put("BUILD_NUMBER", Integer.toString(b.index + 1));
        env.put("BUILD_URL", "https://jenkins.example.com/job/ml/job/" + b.group + "/job/retrain/" + (b.index + 1) + "/");
        return env;
    }

    private static XStream buildXml() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        return x;
    }

    /** The plugin's runtime as {@code RegistryGateRuntime.get()} builds it: its own timer and I/O pools, a client cache. */
    static RegistryGateRuntime runtime(RegistryWatcher.Settings watch, Supplier<CallRate> rate) {
        // Controller credentials (an administrator's opt-in): offline there is no credentials store to look ids up in.
        return new RegistryGateRuntime(Clock.systemUTC(), watch, new AwsClients()
                .withPolicy(ConnectionPolicy::allowingControllerCredentials)
                .withCallRateLimits(CallRateLimits.of(rate)));
    }

    /** The SDK default chain reads these (the controller's credentials); the emulator checks no signature. */
    static void controllerCredentials() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", EmulatorClients.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", "emulator-secret-not-a-real-key");
        }
    }

    /** The registry as the steps reach it through {@code runtime}: the same cached client. */
    static ModelRegistry registry(RegistryGateRuntime runtime, String region, String endpoint) {
        return new ModelRegistry(runtime.clients().clientFor(new ConnectionSettings(region, endpoint, "", "", ""),
                CredentialsLookup.NONE));
    }

    /**
     * Makes {@code calls} describes on the runtime's I/O pool, 8 at a time as its 8 threads allow, so that its threads
     * and the client's connections exist (with their thread-local buffers) before a baseline: fixed costs, not per build.
     */
    static void warm(RegistryGateRuntime runtime, String region, String endpoint, List<WaitingBuild> sample, int calls)
            throws Exception {
        ModelRegistry registry = registry(runtime, region, endpoint);
        ExecutorService io = runtime.io();
        List<Future<?>> f = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String arn = sample.get(i % sample.size()).arn;
            f.add(io.submit(() -> registry.describe(arn)));
        }
        for (Future<?> x : f) {
            x.get(60, TimeUnit.SECONDS);
        }
    }

    private void completed(int i, boolean success, Object what, long atNanos) {
        if (!success && what == STOPPED) {
            return;
        }
        completed.incrementAndGet();
        if (!success) {
            failed.incrementAndGet();
            synchronized (failures) {
                if (failures.size() < 5) {
                    failures.add(String.valueOf(what));
                }
            }
        }
        builds.get(i).notified();
    }

    /** Every {@code k}-th build (0: none) waits for two tiers of sign-off instead of one approver. */
    PipelineBuilds withTiersEvery(int k) {
        this.tieredEvery = k;
        return this;
    }

    /** Starts {@code awaitApproval} in every build, as Pipeline does: the step is made, its execution started. */
    void startAll() throws Exception {
        for (int i = 0; i < executions.length; i++) {
            AwaitApprovalStep step = new AwaitApprovalStep(builds.get(i).arn);
            step.setRegion(region);
            step.setEndpointUrl(endpoint);
            if (tieredEvery > 0 && i % tieredEvery == 0) {
                step.setTiers(List.of(new ApprovalTierSpec("risk", "risk-reviewers"), new ApprovalTierSpec("release", "alice")));
            } else {
                step.setApprovers(APPROVERS);
            }
            if (!timeout.isEmpty()) {
                step.setTimeout(timeout);
            }
            executions[i] = step.start(contexts[i]);
            if (executions[i].start()) {
                throw new IllegalStateException("awaitApproval completed synchronously; it must wait asynchronously");
            }
        }
    }

    /** How many waits are in {@code state} (their build's live wait). */
    int inState(WaitState state) {
        int n = 0;
        for (TestRun r : runs) {
            RegistryGateAction a = r.getAction(RegistryGateAction.class);
            Optional<ApprovalWait> w = a == null ? Optional.empty() : a.liveWait("a-1");
            if (w.isPresent() && w.get().state() == state) {
                n++;
            }
        }
        return n;
    }

    /**
     * The controller shuts down: every execution is written as Pipeline writes program.dat, every build's action as
     * build.xml. Jenkins saves running programs at shutdown, so this is the state a clean restart resumes from.
     */
    Saved save() throws Exception {
        int n = executions.length;
        byte[][] programs = new byte[n][];
        String[] xml = new String[n];
        long pb = 0;
        long xc = 0;
        for (int i = 0; i < n; i++) {
            programs[i] = ProgramState.save(executions[i]);
            xml[i] = BUILD_XML.toXML(runs[i].getAction(RegistryGateAction.class));
            pb += programs[i].length;
            xc += xml[i].length();
        }
        return new Saved(programs, xml, pb, xc);
    }

    /**
     * The restarted controller's builds: reloaded from build.xml, their executions read back from the program state
     * with fresh contexts on {@code runtime}, not yet resumed ({@link #resumeAll}).
     */
    static PipelineBuilds reload(List<WaitingBuild> builds, String region, String endpoint, RegistryGateRuntime runtime,
                                 BuildLogs logs, Saved saved) throws Exception {
        PipelineBuilds p = new PipelineBuilds(builds, region, endpoint, "", runtime, logs, saved);
        for (int i = 0; i < p.executions.length; i++) {
            BenchStepContext.bindForRestart(p.contexts[i]);
            p.executions[i] = (StepExecution) ProgramState.load(saved.programs()[i]);
        }
        return p;
    }

    /** What Pipeline does to each running step once the program is loaded after a restart. */
    void resumeAll() {
        for (StepExecution e : executions) {
            e.onResume();
        }
    }

    /** Stops every wait that has not completed (the harness no longer needs it), as a stopped build would. */
    void stopAll() {
        for (int i = 0; i < executions.length; i++) {
            if (executions[i] != null && !contexts[i].isReady()) {
                try {
                    executions[i].stop(STOPPED);
                } catch (Exception e) {
                    throw new IllegalStateException("stopping build " + i, e);
                }
            }
        }
    }

    /**
     * Forgets what the steps made: their executions, and the plugin's action on each build (the builds go back to what
     * they were before {@link #startAll}).
     */
    void forget() {
        for (int i = 0; i < executions.length; i++) {
            executions[i] = null;
            runs[i].removeActions(RegistryGateAction.class);
        }
    }

    /** Steps completed (decided, failed), not counting those the harness stopped. */
    int completed() {
        return completed.get();
    }

    int failed() {
        return failed.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Builds whose step completed more than once (must be none). */
    int completedTwice() {
        int n = 0;
        for (BenchStepContext c : contexts) {
            if (c.completions() > 1) {
                n++;
            }
        }
        return n;
    }

    /** Program saves the steps asked for (stateChanged), over all builds. */
    long saveRequests() {
        long n = 0;
        for (BenchStepContext c : contexts) {
            n += c.saves();
        }
        return n;
    }

    /** For the report: waits by state. */
    Map<WaitState, Integer> states() {
        Map<WaitState, Integer> out = new TreeMap<>();
        for (WaitState s : WaitState.values()) {
            int n = inState(s);
            if (n > 0) {
                out.put(s, n);
            }
        }
        return out;
    }

    BuildLogs logs() {
        return logs;
    }
}
