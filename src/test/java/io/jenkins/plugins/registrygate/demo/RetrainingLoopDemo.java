package io.jenkins.plugins.registrygate.demo;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalGate;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.CandidateSummary;
import io.jenkins.plugins.registrygate.approvals.IdMatcher;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.ReviewRequest;
import io.jenkins.plugins.registrygate.approvals.Reviewer;
import io.jenkins.plugins.registrygate.approvals.Vote;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registration.RetryingRegistration;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The main job: the retraining loop a Jenkinsfile runs, through the same code the steps run, on the embedded
 * SageMaker emulator (or on {@code REGISTRY_GATE_SAGEMAKER_ENDPOINT} when set, with region and credentials from
 * the usual AWS variables). Each round trains (simulated), registers a version with lineage, and gates it:
 * a reviewer's approval through the code a click runs, a rule-based approval, and a rejection.
 * Exits non-zero when any step fails or ends other than expected.
 */
public final class RetrainingLoopDemo {

    private static final String REVIEWER = "maria.reviewer";
    private static final String BUILD_USER = "ci-bot";

    private final RegistryGateRuntime runtime;
    private final ConnectionSettings connection;
    private final CredentialsLookup credentials;
    private final String group;
    private int failures;

    RetrainingLoopDemo(RegistryGateRuntime runtime, ConnectionSettings connection, CredentialsLookup credentials, String group) {
        this.runtime = runtime;
        this.connection = connection;
        this.credentials = credentials;
        this.group = group;
    }

    public static void main(String[] args) throws Exception {
        String endpoint = System.getenv("REGISTRY_GATE_SAGEMAKER_ENDPOINT");
        SageMakerEmulator emulator = null;
        ConnectionSettings connection;
        CredentialsLookup credentials = CredentialsLookup.NONE;
        if (endpoint == null || endpoint.isBlank()) {
            emulator = SageMakerEmulator.start();
            say("Started the embedded SageMaker emulator at " + emulator.endpoint() + " (region " + emulator.region() + ")");
            connection = new ConnectionSettings(emulator.region(), emulator.endpoint().toString(), "demo", "", "");
            credentials = id -> Optional.of(EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID));
        } else {
            say("Using the SageMaker endpoint " + endpoint + " (region and credentials from the AWS environment)");
            connection = new ConnectionSettings(System.getenv().getOrDefault("AWS_REGION", ""), endpoint, "", "", "");
        }
        RegistryWatcher.Settings watch = new RegistryWatcher.Settings(Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(20), 0.2);
        int failures;
        // Against a real endpoint the demo acts as whoever runs it (the SDK chain): the opt-in an administrator gives.
        AwsClients clients = new AwsClients().withPolicy(ConnectionPolicy::allowingControllerCredentials);
        try (RegistryGateRuntime runtime = new RegistryGateRuntime(Clock.systemUTC(), watch, clients)) {
            String group = "churn-demo-" + Instant.now().getEpochSecond();
            failures = new RetrainingLoopDemo(runtime, connection, credentials, group).run();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
        say(failures == 0 ? "Demo finished: every step did what it should." : "Demo FAILED: " + failures + " step(s) went wrong.");
        System.exit(failures == 0 ? 0 : 1);
    }

    int run() {
        try {
            ModelRegistry registry = registry();
            say("== Round 1: first model, approved by a reviewer in Jenkins");
            ModelPackageRef v1 = register(registry, 101, Map.of("accuracy", "0.91", "auc", "0.880"));
            ApprovalPolicy humans = new ApprovalPolicy(List.of(REVIEWER, "ml-leads"), false, List.of(), List.of(),
                    ApprovalPolicy.OnRuleFailure.HUMANS);
            expect("Approved", gate(v1, 101, humans, List.of(
                    new Click(BUILD_USER, Vote.APPROVE, "I trained it, ship it"),
                    new Click(REVIEWER, Vote.APPROVE, "holdout metrics reviewed"))));

            say("== Round 2: retrained model, approved by approveIf rules against version " + v1.version());
            ModelPackageRef v2 = register(registry, 102, Map.of("accuracy", "0.93", "auc", "0.884"));
            ApprovalPolicy rules = new ApprovalPolicy(List.of(REVIEWER), false, List.of(),
                    List.of("accuracy >= 0.9", "auc >= approved - 0.01"), ApprovalPolicy.OnRuleFailure.HUMANS);
            expect("Approved", gate(v2, 102, rules, List.of()));

            say("== Round 3: a regression: the rules fail, the reviewer rejects");
            ModelPackageRef v3 = register(registry, 103, Map.of("accuracy", "0.86", "auc", "0.850"));
            expect("Rejected", gate(v3, 103, rules, List.of(new Click(REVIEWER, Vote.REJECT, "AUC dropped 3 points on holdout"))));

            say("== The registry's own record of the group " + group);
            for (ModelPackageRef ref : registry.listVersions(group, Optional.empty())) {
                var d = registry.describe(ref.arn());
                say(String.format("   version %d  %-22s decided by %-16s %s", ref.version(), ref.approvalStatus(),
                        d.customerMetadata().getOrDefault("approval:decided-by", "-"), d.approvalDescription()));
            }
        } catch (RuntimeException e) {
            failures++;
            say("FAILED: " + e.getMessage());
        }
        return failures;
    }

    private ModelRegistry registry() {
        return new ModelRegistry(runtime.clients().clientFor(connection, credentials));
    }

    private ModelPackageRef register(ModelRegistry registry, int build, Map<String, String> metrics) {
        say("   training... metrics " + metrics);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GIT_COMMIT", String.format("%040x", 0xC0FFEE00L + build));
        env.put("GIT_URL", "https://git.example.com/ml/churn.git");
        env.put("BUILD_URL", "https://jenkins.example.com/job/churn-retrain/" + build + "/");
        env.put("JOB_NAME", "churn-retrain");
        env.put("BUILD_NUMBER", String.valueOf(build));
        RegistrationRequest request = RegistrationRequest.builder(group, "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn@sha256:"
                        + "4f".repeat(32))
                .modelDataUrl("s3://ml-models/churn/" + build + "/model.tar.gz")
                .description("Churn classifier, build " + build)
                .groupDescription("Churn prediction models (demo)")
                .metrics(metrics)
                .trainingJobName("churn-train-" + build)
                .lineage(LineageField.DATA_VERSION, "s3v-2026-03-" + (build - 100))
                .tags(Map.of("team", "risk"))
                .build();
        ModelRegistration.Prepared p = ModelRegistration.prepare(request, env, "churn-retrain#" + build, BUILD_USER);
        // As the step runs it: transient faults are ridden out with back-off on the runtime's timer.
        ModelRegistration.Result r = new RetryingRegistration(this::registry, p, runtime.clock().instant(), "",
                new RetryingRegistration.Environment(runtime.io(),
                        (delay, task) -> runtime.timers().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                        runtime.clock(), new java.util.Random(), RetryingRegistration.Policy.DEFAULTS),
                new RetryingRegistration.Progress() {
                    @Override
                    public void log(String line) {
                        say("   registerModel: " + line);
                    }

                    @Override
                    public void accountLearned(String accountId) {}

                    @Override
                    public void groupCreated() {}
                }).start(RetryingRegistration.Start.FIRST).join();
        say("   registerModel: " + (r.groupCreated() ? "created group " + group + "; " : "")
                + "version " + r.ref().version() + " " + r.ref().approvalStatus() + " " + r.ref().arn());
        r.lineage().describe().forEach(line -> say("      lineage: " + line));
        // The same registration again (a retried step) returns the same version.
        ModelPackageRef again = new ModelRegistration(registry).register(p).ref();
        if (!again.arn().equals(r.ref().arn())) {
            failures++;
            say("   FAILED: a repeated registration created " + again.arn());
        } else {
            say("   repeated registration (retry/resume) returned the same version: no duplicate");
        }
        return r.ref();
    }

    private record Click(String user, Vote vote, String comment) {}

    /** Waits as awaitApproval does; each click goes through the checks of the approval page's POST. */
    private ApprovalDecision gate(ModelPackageRef ref, int build, ApprovalPolicy policy, List<Click> clicks) {
        CompletableFuture<ApprovalDecision> done = new CompletableFuture<>();
        CompletableFuture<CandidateSummary> prepared = new CompletableFuture<>();
        ApprovalWait wait = new ApprovalWait(ref, connection, new ApprovalGate(policy, List.of(BUILD_USER)),
                Optional.of(Instant.now().plus(Duration.ofMinutes(2))), true);
        wait.begin(new ApprovalWait.Environment(runtime.watcher(), runtime.timers(), runtime.io(), runtime.clock(),
                this::registry, "https://jenkins.example.com/job/churn-retrain/" + build + "/",
                new ApprovalWait.Callbacks() {
                    @Override
                    public void log(String line) {
                        say("   awaitApproval: " + line);
                    }

                    @Override
                    public void prepared(CandidateSummary summary) {
                        prepared.complete(summary);
                    }

                    @Override
                    public void finished(ApprovalDecision decision) {
                        done.complete(decision);
                    }

                    @Override
                    public void failed(Exception e) {
                        done.completeExceptionally(e);
                    }
                }));
        try {
            CandidateSummary s = prepared.get(30, TimeUnit.SECONDS);
            say("   prompt: version " + s.getVersion() + ", metrics " + s.getMetrics()
                    + (s.getBaselineVersion() > 0 ? ", vs approved version " + s.getBaselineVersion() + ": deltas " + s.getMetricDeltas() : ""));
            for (Click c : clicks) {
                if (done.isDone()) {
                    break;
                }
                ReviewRequest post = new ReviewRequest("POST", false, c.vote(), "", c.comment());
                var answer = post.refusal().<ApprovalWait.Answer>map(ApprovalWait.Refused::new).orElseGet(() ->
                        wait.attempt(new Reviewer(c.user(), List.of(), false, true), c.vote(), "", c.comment(), IdMatcher.CASE_INSENSITIVE));
                say("   " + c.user() + " clicks " + c.vote() + ": " + (answer instanceof ApprovalWait.Refused r ? "refused: " + r.reason()
                        : ((ApprovalWait.Accepted) answer).message()));
            }
            return done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("awaitApproval did not finish in time", e);
        } catch (Exception e) {
            throw new IllegalStateException("awaitApproval did not finish: " + e.getMessage(), e);
        }
    }

    private void expect(String outcome, ApprovalDecision d) {
        say("   decision: " + d.summary());
        d.getEvidence().forEach(e -> say("      evidence: " + e));
        if (!d.getOutcome().label().equals(outcome)) {
            failures++;
            say("   FAILED: expected " + outcome);
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
