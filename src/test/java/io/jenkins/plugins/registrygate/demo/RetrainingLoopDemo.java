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
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.deployment.Deployment;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import io.jenkins.plugins.registrygate.deployment.DeploymentRequest;
import io.jenkins.plugins.registrygate.deployment.Hosting;
import io.jenkins.plugins.registrygate.deployment.VersionReader;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.FaultInjector;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import io.jenkins.plugins.registrygate.gates.AwsPreflight;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registration.RetryingRegistration;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.AllowList;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The main job: the retraining loop a Jenkinsfile runs, through the same code the steps run, on the embedded AWS
 * emulator (or, with {@code REGISTRY_GATE_SAGEMAKER_ENDPOINT} or the SDK's own {@code AWS_ENDPOINT_URL} set, on that
 * endpoint for every AWS call, with region and credentials from the usual AWS variables: the standalone emulator,
 * say). Each round trains (simulated), registers a version with lineage, gates it, and deploys what was approved:
 *
 * <ol>
 *   <li>approved by a reviewer in Jenkins, then deployed: the endpoint is created;</li>
 *   <li>approved by {@code approveIf} rules, then deployed with a canary that bakes;</li>
 *   <li>a regression: rules fail, the reviewer rejects, and a deployment attempt is refused by the gate;</li>
 *   <li>approved, but its model card is not: the gate refuses and nothing changes;</li>
 *   <li>approved and deployed with a canary, and CloudWatch's alarm fires during the bake (set through CloudWatch's
 *       own SetAlarmState): SageMaker rolls back, and the deployment detects and reports it.</li>
 * </ol>
 *
 * With {@code REGISTRY_GATE_DEMO_FAULTS=0.33} (and {@code REGISTRY_GATE_DEMO_FAULT_SEED} to vary which calls) the
 * embedded emulator faults about a third of all calls once the
 * account is set up (throttling, 500, 503, latency, connections dropped before or after the call was applied): the
 * outcome must not change, and the demo checks at the end that no version, decision or update was made twice.
 * Exits non-zero when any step fails or ends other than expected.
 */
public final class RetrainingLoopDemo {

    private static final String REVIEWER = "maria.reviewer";
    private static final String BUILD_USER = "ci-bot";
    private static final String ENDPOINT_NAME = "churn-demo";
    private static final String ALARM = "churn-demo-5xx";
    private static final String CARD_OK = "{\"model_overview\":{\"model_description\":\"Churn classifier\"},\"intended_uses\":{\"risk_rating\":\"Low\"}}";

    private final RegistryGateRuntime runtime;
    private final ConnectionSettings connection;
    private final CredentialsLookup credentials;
    private final String group;
    private final String bucket;
    private String image;
    private String roleArn;
    private int failures;
    private final List<DeploymentRecord> deployments = new ArrayList<>();

    RetrainingLoopDemo(RegistryGateRuntime runtime, ConnectionSettings connection, CredentialsLookup credentials, String group) {
        this.runtime = runtime;
        this.connection = connection;
        this.credentials = credentials;
        this.group = group;
        this.bucket = group + "-models";
    }

    public static void main(String[] args) throws Exception {
        String endpoint = firstSet(System.getenv("REGISTRY_GATE_SAGEMAKER_ENDPOINT"), System.getenv("AWS_ENDPOINT_URL"));
        double faults = Double.parseDouble(firstSet(System.getenv("REGISTRY_GATE_DEMO_FAULTS"), "0"));
        long seed = Long.parseLong(firstSet(System.getenv("REGISTRY_GATE_DEMO_FAULT_SEED"), "20261205"));
        SageMakerEmulator emulator = null;
        ConnectionSettings connection;
        CredentialsLookup credentials = CredentialsLookup.NONE;
        if (endpoint.isEmpty()) {
            // Hosting phases take no time; the waits a deployment asks for (a 10-minute bake) take a hundredth.
            emulator = SageMakerEmulator.builder().endpointTimings(EndpointTimings.immediate().withRequestedWaitScale(0.01)).start();
            say("Started the embedded AWS emulator at " + emulator.endpoint() + " (region " + emulator.region() + ")");
            connection = new ConnectionSettings(emulator.region(), emulator.endpoint().toString(), "demo", "", "");
            // One stored credential, handed back as the same instance each time, as Jenkins' credential stores do.
            var stored = EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID);
            credentials = id -> Optional.of(stored);
        } else {
            say("Using the AWS endpoint " + endpoint + " for every service (region and credentials from the AWS environment)");
            connection = new ConnectionSettings(firstSet(System.getenv("AWS_REGION"), "us-east-1"), endpoint, "", "", "");
        }
        RegistryWatcher.Settings watch = new RegistryWatcher.Settings(Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(20), 0.2);
        int failures;
        // Against an endpoint the demo acts as whoever runs it (the SDK chain): the opt-in an administrator gives, with
        // the endpoint it was told to use as the administrator's own (allowed whatever the lists say).
        ConnectionPolicy policy = new ConnectionPolicy(true, AllowList.ANY, AllowList.ANY, connection);
        AwsClients clients = new AwsClients().withPolicy(() -> policy);
        FaultInjector.Chaos chaos = null;
        try (RegistryGateRuntime runtime = new RegistryGateRuntime(Clock.systemUTC(), watch, clients)) {
            runtime.withDeploymentSettings(new Deployment.Settings(Duration.ofSeconds(1), Duration.ofSeconds(10)));
            String group = "churn-demo-" + Instant.now().getEpochSecond();
            RetrainingLoopDemo demo = new RetrainingLoopDemo(runtime, connection, credentials, group);
            demo.setUpAccount();
            if (faults > 0 && emulator != null) {
                chaos = emulator.faults().chaos(faults, seed);
                say("== From here on the emulator faults about " + Math.round(faults * 100) + "% of all calls (seed " + seed + ")");
            }
            failures = demo.run();
            if (chaos != null) {
                // The faults were for the steps; the report below reads the record without them.
                emulator.faults().clear();
                say("== Faults injected: " + chaos.total() + " in " + chaos.calls() + " calls " + chaos.injected());
            }
            failures += demo.report();
            if (chaos != null) {
                failures += demo.checkNothingTwice(emulator);
            }
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
        say(failures == 0 ? "Demo finished: every step did what it should." : "Demo FAILED: " + failures + " step(s) went wrong.");
        System.exit(failures == 0 ? 0 : 1);
    }

    /** What a platform team has before the first deployment: model data in S3, the image in ECR, a role, an alarm. */
    void setUpAccount() {
        say("== The account: model data in S3, the serving image in ECR, SageMaker's execution role, a rollback alarm");
        var s3 = runtime.clients().s3(connection, credentials);
        s3.createBucket(b -> b.bucket(bucket));
        for (int build = 101; build <= 105; build++) {
            int n = build;
            s3.putObject(b -> b.bucket(bucket).key("churn/" + n + "/model.tar.gz"), RequestBody.fromString("model " + n, StandardCharsets.UTF_8));
        }
        var ecr = runtime.clients().ecr(connection, credentials);
        ecr.createRepository(b -> b.repositoryName(group + "-serve"));
        String digest = ecr.putImage(b -> b.repositoryName(group + "-serve").imageTag("1.4.2").imageManifest(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}")).image().imageId().imageDigest();
        String account = runtime.clients().sts(connection, credentials).getCallerIdentity().account();
        image = account + ".dkr.ecr." + connection.region().orElse("us-east-1") + ".amazonaws.com/" + group + "-serve@" + digest;
        roleArn = runtime.clients().iam(connection, credentials).createRole(b -> b.roleName(group + "-execution")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        runtime.clients().cloudWatch(connection, credentials).putMetricAlarm(b -> b.alarmName(ALARM).namespace("AWS/SageMaker")
                .metricName("Invocation5XXErrors").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        say("   image " + image);
        say("   role " + roleArn + ", alarm " + ALARM);
    }

    int run() {
        try {
            ModelRegistry registry = registry();
            say("== Round 1: first model, approved by a reviewer in Jenkins, deployed to a new endpoint");
            ModelPackageRef v1 = register(101, Map.of("accuracy", "0.91", "auc", "0.880"), "Approved");
            ApprovalPolicy humans = new ApprovalPolicy(List.of(REVIEWER, "ml-leads"), false, List.of(), List.of(),
                    ApprovalPolicy.OnRuleFailure.HUMANS);
            expect("Approved", gate(v1, 101, humans, List.of(
                    new Click(BUILD_USER, Vote.APPROVE, "I trained it, ship it"),
                    new Click(REVIEWER, Vote.APPROVE, "holdout metrics reviewed"))));
            expectDeployment("DEPLOYED", deploy(v1, 201, p -> { }));

            say("== Round 2: retrained model, approved by approveIf rules, deployed with a canary that bakes");
            ModelPackageRef v2 = register(102, Map.of("accuracy", "0.93", "auc", "0.884"), "Approved");
            ApprovalPolicy rules = new ApprovalPolicy(List.of(REVIEWER), false, List.of(),
                    List.of("accuracy >= 0.9", "auc >= approved - 0.01"), ApprovalPolicy.OnRuleFailure.HUMANS);
            expect("Approved", gate(v2, 102, rules, List.of()));
            expectDeployment("DEPLOYED", deploy(v2, 202, canary(List.of())));

            say("== Round 3: a regression: the rules fail, the reviewer rejects, and the gate refuses to deploy it");
            ModelPackageRef v3 = register(103, Map.of("accuracy", "0.86", "auc", "0.850"), "Approved");
            expect("Rejected", gate(v3, 103, rules, List.of(new Click(REVIEWER, Vote.REJECT, "AUC dropped 3 points on holdout"))));
            expectDeployment("REFUSED", deploy(v3, 203, p -> { }));

            say("== Round 4: approved, but its model card is still in review: the gate refuses, nothing changes");
            ModelPackageRef v4 = register(104, Map.of("accuracy", "0.92", "auc", "0.886"), "PendingReview");
            expect("Approved", gate(v4, 104, humans, List.of(new Click(REVIEWER, Vote.APPROVE, "metrics fine"))));
            expectDeployment("REFUSED", deploy(v4, 204, p -> { }));
            expectServing(v2);

            say("== Round 5: approved and deployed with a canary; its alarm fires during the bake, SageMaker rolls back");
            ModelPackageRef v5 = register(105, Map.of("accuracy", "0.94", "auc", "0.889"), "Approved");
            expect("Approved", gate(v5, 105, rules, List.of()));
            expectDeployment("ROLLED_BACK", deploy(v5, 205, canary(List.of(ALARM)), this::fireAlarmDuringTheBake));
            expectServing(v2);

        } catch (RuntimeException e) {
            failures++;
            say("FAILED: " + e.getMessage());
        }
        return failures;
    }

    /** The registry's and the builds' record of what happened. */
    int report() {
        int problems = 0;
        try {
            ModelRegistry registry = registry();
            say("== The registry's own record of the group " + group);
            for (ModelPackageRef ref : registry.listVersions(group, Optional.empty())) {
                var d = registry.describe(ref.arn());
                say(String.format("   version %d  %-22s decided by %-16s %s", ref.version(), ref.approvalStatus(),
                        d.customerMetadata().getOrDefault("approval:decided-by", "-"), d.approvalDescription()));
            }
            say("== What served " + ENDPOINT_NAME + " when (the builds' deployment records)");
            for (DeploymentRecord r : deployments) {
                say(String.format("   %-11s %s version %d (%s) %s -> %s", r.getOutcome(), r.getModelPackageGroup(),
                        r.getModelPackageVersion(), r.getApprovedBy().isEmpty() ? "not approved" : "approved by " + r.getApprovedBy(),
                        r.getStartedAt(), r.getEndedAt().map(Instant::toString).orElse("")));
            }
        } catch (RuntimeException e) {
            problems++;
            say("FAILED: " + e.getMessage());
        }
        return problems;
    }

    private ModelRegistry registry() {
        return new ModelRegistry(runtime.clients().clientFor(connection, credentials));
    }

    private ModelPackageRef register(int build, Map<String, String> metrics, String cardStatus) {
        say("   training... metrics " + metrics);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GIT_COMMIT", String.format("%040x", 0xC0FFEE00L + build));
        env.put("GIT_URL", "https://git.example.com/ml/churn.git");
        env.put("BUILD_URL", "https://jenkins.example.com/job/churn-retrain/" + build + "/");
        env.put("JOB_NAME", "churn-retrain");
        env.put("BUILD_NUMBER", String.valueOf(build));
        RegistrationRequest request = RegistrationRequest.builder(group, image)
                .modelDataUrl("s3://" + bucket + "/churn/" + build + "/model.tar.gz")
                .description("Churn classifier, build " + build)
                .groupDescription("Churn prediction models (demo)")
                .metrics(metrics)
                .trainingJobName("churn-train-" + build)
                .lineage(LineageField.DATA_VERSION, "s3v-2026-03-" + (build - 100))
                .modelCardStatus(cardStatus).modelCardContent(CARD_OK)
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
        return r.ref();
    }

    private record Click(String user, Vote vote, String comment) {}

    /** Waits as awaitApproval does; each click goes through the checks of the approval page's POST. */
    private ApprovalDecision gate(ModelPackageRef ref, int build, ApprovalPolicy policy, List<Click> clicks) {
        CompletableFuture<ApprovalDecision> done = new CompletableFuture<>();
        CompletableFuture<CandidateSummary> prepared = new CompletableFuture<>();
        ApprovalWait wait = new ApprovalWait(ref, connection, new ApprovalGate(policy, List.of(BUILD_USER)),
                Optional.of(Instant.now().plus(Duration.ofMinutes(5))), true);
        wait.begin(new ApprovalWait.Environment(runtime.watcher(), runtime.timers(), runtime.io(), runtime.clock(),
                this::registry, "https://jenkins.example.com/job/churn-retrain/" + build + "/", runtime.decisionSeal(),
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
            CandidateSummary s = prepared.get(60, TimeUnit.SECONDS);
            say("   prompt: version " + s.getVersion() + ", metrics " + s.getMetrics()
                    + (s.getBaselineVersion() > 0 ? ", vs approved version " + s.getBaselineVersion() + ": deltas " + s.getMetricDeltas() : ""));
            for (Click c : clicks) {
                click(wait, done, c);
            }
            return done.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("awaitApproval did not finish in time", e);
        } catch (Exception e) {
            throw new IllegalStateException("awaitApproval did not finish: " + e.getMessage(), e);
        }
    }

    /** A reviewer clicks; when the registry could not take the decision right now, they click again a moment later. */
    private void click(ApprovalWait wait, CompletableFuture<ApprovalDecision> done, Click c) throws InterruptedException {
        for (int attempt = 1; attempt <= 10 && !done.isDone(); attempt++) {
            ReviewRequest post = new ReviewRequest("POST", false, c.vote(), "", c.comment());
            var answer = post.refusal().<ApprovalWait.Answer>map(ApprovalWait.Refused::new).orElseGet(() ->
                    wait.attempt(new Reviewer(c.user(), List.of(), false, true), c.vote(), "", c.comment(), IdMatcher.CASE_INSENSITIVE));
            if (answer instanceof ApprovalWait.Accepted a) {
                say("   " + c.user() + " clicks " + c.vote() + ": " + a.message());
                return;
            }
            String text = answer instanceof ApprovalWait.Refused r ? "refused: " + r.reason() : "not confirmed yet: "
                    + ((ApprovalWait.Unconfirmed) answer).message();
            say("   " + c.user() + " clicks " + c.vote() + ": " + text);
            boolean retryable = answer instanceof ApprovalWait.Unconfirmed || text.contains("try again") || text.contains("did not take");
            if (!retryable) {
                return;
            }
            Thread.sleep(1000);
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

    // ------------------------------------------------------------------------------------------------ deploy

    private static Consumer<Map<String, Object>> canary(List<String> alarms) {
        return p -> {
            p.put("instanceCount", 2);
            p.put("trafficShifting", "canary");
            p.put("canarySize", "1");
            p.put("waitInterval", "10m");
            p.put("alarms", alarms);
        };
    }

    private DeploymentRecord deploy(ModelPackageRef v, int build, Consumer<Map<String, Object>> options) {
        return deploy(v, build, options, d -> { });
    }

    /**
     * Deploys as deployApproved does: the step's parameters validated, then the deployment state machine on the
     * runtime's pools, with the preflight through S3, KMS, ECR, IAM and CloudWatch. {@code during} runs once the
     * rollout is under way (the alarm round fires its alarm there).
     */
    private DeploymentRecord deploy(ModelPackageRef v, int build, Consumer<Map<String, Object>> options, Consumer<Deployment> during) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("instanceCount", 1);
        p.put("trafficShifting", "");
        p.put("canarySize", "");
        p.put("waitInterval", "");
        p.put("alarms", List.<String>of());
        options.accept(p);
        @SuppressWarnings("unchecked")
        DeploymentParameters params = new DeploymentParameters(v.arn(), "", 0, "", ENDPOINT_NAME, "ml.m5.large",
                (Integer) p.get("instanceCount"), "", 0, 0, roleArn, List.of(), List.of(), List.of(), "", Optional.empty(),
                List.of("team=risk"), true, List.of("Low", "Medium"), List.of(), false, List.of(), false,
                (String) p.get("trafficShifting"), (String) p.get("canarySize"), "", "", "", (String) p.get("waitInterval"), "", "",
                (List<String>) p.get("alarms"), "wait", "30m");
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest request = params.toRequest(rules, new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA, WaivableChecks.DEFAULT));
        rules.throwIfAny();
        CompletableFuture<DeploymentRecord> done = new CompletableFuture<>();
        Deployment deployment = new Deployment("d-1", runtime.clock().instant(), request.timeout());
        deployment.begin(request, new Deployment.Environment(runtime.timers(), runtime.io(), runtime.clock(), () -> {
            var sm = runtime.clients().sageMaker(connection, credentials);
            return new Deployment.Services(new Hosting(sm), new VersionReader(sm), new AwsPreflight(new AwsPreflight.Clients(
                    runtime.clients().s3(connection, credentials), runtime.clients().kms(connection, credentials),
                    region -> runtime.clients().ecr(connection, credentials), runtime.clients().iam(connection, credentials),
                    runtime.clients().cloudWatch(connection, credentials))), runtime.decisionSeal());
        }, runtime.endpointLocks(), connection.region().orElse("") + "|" + ENDPOINT_NAME, "churn-deploy#" + build, build,
                "https://jenkins.example.com/job/churn-deploy/" + build + "/", List.of(BUILD_USER), BUILD_USER,
                runtime.deploymentSettings(), new Deployment.Callbacks() {
                    @Override
                    public void log(String line) {
                        if (!line.startsWith("gate ") || line.contains("failed") || line.contains("not permitted") || line.contains("waived")) {
                            say("   deployApproved: " + line);
                        }
                    }

                    @Override
                    public void changed(DeploymentRecord record) {}

                    @Override
                    public Future<?> save() {
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public void finished(DeploymentRecord record) {
                        done.complete(record);
                    }
                }));
        during.accept(deployment);
        try {
            DeploymentRecord r = done.get(5, TimeUnit.MINUTES);
            deployments.add(r);
            return r;
        } catch (Exception e) {
            throw new IllegalStateException("deployApproved did not finish: " + e, e);
        }
    }

    /** The on-call engineer's dashboard turns red while the canary bakes: CloudWatch's own SetAlarmState. */
    private void fireAlarmDuringTheBake(Deployment d) {
        try {
            for (int i = 0; i < 300 && d.stage() != Deployment.Stage.ROLLING_OUT && !d.stage().isTerminal(); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);
            say("   CloudWatch: " + ALARM + " goes into ALARM (SetAlarmState)");
            for (int attempt = 1; ; attempt++) {
                try {
                    runtime.clients().cloudWatch(connection, credentials).setAlarmState(b -> b.alarmName(ALARM)
                            .stateValue(StateValue.ALARM).stateReason("5xx on the canary"));
                    return;
                } catch (SdkException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expectDeployment(String outcome, DeploymentRecord r) {
        say("   deployApproved " + r.getOutcome() + ": " + r.getMessage().replace("\n", "\n      "));
        if (!r.getOutcome().equals(outcome)) {
            failures++;
            say("   FAILED: expected " + outcome);
        }
    }

    private void expectServing(ModelPackageRef v) {
        String served = withRetries(() -> {
            var sm = runtime.clients().sageMaker(connection, credentials);
            var e = sm.describeEndpoint(b -> b.endpointName(ENDPOINT_NAME));
            var config = sm.describeEndpointConfig(b -> b.endpointConfigName(e.endpointConfigName()));
            return sm.describeModel(b -> b.modelName(config.productionVariants().get(0).modelName())).containers().get(0).modelPackageName();
        });
        say("   " + ENDPOINT_NAME + " serves " + served);
        if (!served.equalsIgnoreCase(v.arn())) {
            failures++;
            say("   FAILED: expected it to serve " + v.arn());
        }
    }

    /** The demo's own look at the endpoint, as someone checking by hand would: again after a failed try. */
    private static <T> T withRetries(java.util.function.Supplier<T> look) {
        for (int attempt = 1; ; attempt++) {
            try {
                return look.get();
            } catch (SdkException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** After a run under faults: exactly one version per registration, one update per deployment that reached SageMaker. */
    int checkNothingTwice(SageMakerEmulator emulator) {
        int problems = 0;
        List<Integer> versions = emulator.backend().modelPackageVersions(group);
        say("== Nothing twice: versions " + versions + ", endpoint updates applied "
                + emulator.calls("sagemaker", "UpdateEndpoint").stream().filter(RetrainingLoopDemo::applied).count()
                + " (rounds 2 and 5 update it once each)");
        if (!versions.equals(List.of(1, 2, 3, 4, 5))) {
            problems++;
            say("   FAILED: expected versions [1, 2, 3, 4, 5]");
        }
        long updates = emulator.calls("sagemaker", "UpdateEndpoint").stream().filter(RetrainingLoopDemo::applied).count();
        if (updates != 2) {
            problems++;
            say("   FAILED: expected 2 endpoint updates applied");
        }
        // One decision per version: every applied write of a status for a version carries the same decision (an SDK
        // retry of a write whose answer was lost repeats the very same values, which is not a second decision).
        Map<String, java.util.Set<String>> decisions = new LinkedHashMap<>();
        for (var c : emulator.calls("sagemaker", "UpdateModelPackage")) {
            if (applied(c) && c.request().has("ModelApprovalStatus")) {
                decisions.computeIfAbsent(c.request().path("ModelPackageArn").asText(), k -> new java.util.TreeSet<>())
                        .add(c.request().path("ModelApprovalStatus").asText() + " at "
                                + c.request().path("CustomerMetadataProperties").path("approval:decided-at").asText());
            }
        }
        decisions.forEach((arn, written) -> {
            if (written.size() > 1) {
                say("   FAILED: more than one decision written for " + arn + ": " + written);
            }
        });
        problems += (int) decisions.values().stream().filter(w -> w.size() > 1).count();
        say("   decisions written: " + decisions.values().stream().mapToInt(java.util.Set::size).sum() + " for " + decisions.size() + " versions");
        return problems;
    }

    /** A call the service applied: answered 200, or its answer dropped after it was applied. */
    private static boolean applied(io.jenkins.plugins.registrygate.emulator.RecordedCall c) {
        return c.httpStatus() == 200 || c.fault().contains("after applying");
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
