package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.gates.AwsPreflight;
import io.jenkins.plugins.registrygate.registration.LineageField;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * An account in the emulator ready to deploy to (bucket and model data, an image in ECR, an execution role SageMaker may
 * assume, rollback alarms), versions registered with lineage, an Approved model card and an approver, and everything a
 * {@link Deployment} needs, on a {@link ManualScheduledExecutor} driven by the emulator's clock: the test decides when
 * time passes, and every task runs on the test's thread.
 */
final class DeploymentHarness implements AutoCloseable {

    static final String ROLE_NAME = "sagemaker-execution";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-serve:1.4.2";
    static final String GROUP = "churn-model";
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String CARD = "{\"model_overview\":{\"model_description\":\"churn\"},\"intended_uses\":{\"risk_rating\":\"Low\"}}";

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduledExecutor scheduler = new ManualScheduledExecutor(fx.clock);
    final EndpointLocks locks = new EndpointLocks();
    final String roleArn;
    final SageMakerClient console = fx.console();

    DeploymentHarness() {
        // Time is simulated: an hour of polling happens in a second of real time, which the real-time limit would slow.
        fx.clients.withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
        try (var s3 = EmulatorClients.s3(fx.emulator); var ecr = EmulatorClients.ecr(fx.emulator);
             var iam = EmulatorClients.iam(fx.emulator); var cw = EmulatorClients.cloudWatch(fx.emulator)) {
            s3.createBucket(b -> b.bucket("ml-models"));
            for (int v = 1; v <= 9; v++) {
                int version = v;
                s3.putObject(b -> b.bucket("ml-models").key("churn/" + version + "/model.tar.gz"),
                        RequestBody.fromString("model " + version, StandardCharsets.UTF_8));
            }
            ecr.createRepository(b -> b.repositoryName("churn-serve"));
            ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2")
                    .imageManifest("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}"));
            roleArn = iam.createRole(b -> b.roleName(ROLE_NAME).assumeRolePolicyDocument(TRUST)).role().arn();
            for (String alarm : List.of("churn-5xx", "churn-latency")) {
                cw.putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/SageMaker").metricName("Invocation5XXErrors")
                        .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
            }
        }
    }

    /** Version {@code n} of the group: lineage, an Approved card with a Low risk rating, registered by dave. */
    ModelPackageRef register(int build) {
        return register(build, "Approved");
    }

    ModelPackageRef register(int build, String cardStatus) {
        RegistrationRequest r = RegistrationRequest.builder(GROUP, IMAGE)
                .modelDataUrl("s3://ml-models/churn/" + build + "/model.tar.gz")
                .lineage(LineageField.GIT_COMMIT, String.format("%040x", 0xC0FFEEL + build))
                .lineage(LineageField.IMAGE_DIGEST, "sha256:" + "4f".repeat(32))
                .lineage(LineageField.DATA_VERSION, "s3v-2026-03-0" + build)
                .modelCardStatus(cardStatus).modelCardContent(CARD)
                .build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "churn-train#" + build, "dave")).ref();
    }

    /** Approved in Jenkins by maria, as awaitApproval records it. */
    void approve(ModelPackageRef ref) {
        console.updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved")
                .customerMetadataProperties(Map.of("approval:decided-by", "maria", "approval:path", "Jenkins")));
    }

    ModelPackageRef approved(int build) {
        ModelPackageRef ref = register(build);
        approve(ref);
        return ref;
    }

    /** A valid deployment of {@code arn} to churn-prod on one ml.m5.large; {@code change} adjusts it. */
    DeploymentRequest request(String arn, java.util.function.UnaryOperator<DeploymentParametersTest.Builder> change) {
        DeploymentParameters p = change.apply(new DeploymentParametersTest.Builder(DeploymentParametersTest.valid())
                .set("modelPackageArn", arn).set("executionRoleArn", roleArn)).build();
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest r = p.toRequest(rules, new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA));
        rules.throwIfAny();
        return r;
    }

    DeploymentRequest request(String arn) {
        return request(arn, b -> b);
    }

    /** What one deployment reported. */
    static final class Recorder implements Deployment.Callbacks {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<DeploymentRecord> records = new CopyOnWriteArrayList<>();
        final CompletableFuture<DeploymentRecord> finished = new CompletableFuture<>();
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger finishedCalls = new AtomicInteger();

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public void changed(DeploymentRecord record) {
            records.add(record);
        }

        @Override
        public Future<?> save() {
            saves.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void finished(DeploymentRecord record) {
            finishedCalls.incrementAndGet();
            finished.complete(record);
        }

        DeploymentRecord result() {
            return finished.getNow(null);
        }

        String logText() {
            return String.join("\n", log);
        }
    }

    Deployment.Environment environment(Recorder recorder, String buildId, int buildNumber, List<String> deployers) {
        return new Deployment.Environment(scheduler, scheduler, fx.clock, () -> {
            var sm = fx.clients.sageMaker(fx.settings(), fx.lookup());
            return new Deployment.Services(new Hosting(sm), new VersionReader(sm), new AwsPreflight(new AwsPreflight.Clients(
                    fx.clients.s3(fx.settings(), fx.lookup()), fx.clients.kms(fx.settings(), fx.lookup()),
                    region -> fx.clients.ecr(fx.settings(), fx.lookup()), fx.clients.iam(fx.settings(), fx.lookup()),
                    fx.clients.cloudWatch(fx.settings(), fx.lookup()))));
        }, locks, "us-east-1||churn-prod", buildId, buildNumber, "https://jenkins.example.com/job/churn-deploy/" + buildNumber + "/",
                deployers, deployers.isEmpty() ? "the pipeline" : deployers.get(0), Deployment.Settings.DEFAULTS, recorder);
    }

    Deployment.Environment environment(Recorder recorder) {
        return environment(recorder, "churn-deploy#42", 42, List.of("erin"));
    }

    /** Starts a deployment and runs what is due now (admission and the first requests). */
    Deployment start(DeploymentRequest request, Recorder recorder) {
        return start(request, environment(recorder));
    }

    Deployment start(DeploymentRequest request, Deployment.Environment env) {
        Deployment d = new Deployment("d-1", fx.clock.instant(), request.timeout());
        d.begin(request, env);
        scheduler.runDue();
        return d;
    }

    /** Lets time pass in the waiter's 30-second steps until {@code recorder} has an outcome or {@code limit} passed. */
    DeploymentRecord runUntilFinished(Recorder recorder, Duration limit) {
        Duration passed = Duration.ZERO;
        while (recorder.result() == null && passed.compareTo(limit) < 0) {
            scheduler.advance(Duration.ofSeconds(30));
            passed = passed.plusSeconds(30);
        }
        if (recorder.result() == null) {
            throw new AssertionError("no outcome within " + limit + "; log:\n" + recorder.logText());
        }
        return recorder.result();
    }

    DeploymentRecord runUntilFinished(Recorder recorder) {
        return runUntilFinished(recorder, Duration.ofHours(3));
    }

    /** The mutating hosting calls the emulator received, in order (each SDK retry counts). */
    List<String> mutations() {
        List<String> out = new ArrayList<>();
        fx.emulator.calls().stream().filter(c -> c.service().equals("sagemaker"))
                .filter(c -> c.operation().startsWith("Create") || c.operation().startsWith("Update") || c.operation().startsWith("Delete")
                        || c.operation().equals("AddTags"))
                .filter(c -> !c.operation().equals("CreateModelPackage") && !c.operation().equals("CreateModelPackageGroup")
                        && !c.operation().equals("UpdateModelPackage"))
                .forEach(c -> out.add(c.operation()));
        return out;
    }

    /** Applied UpdateEndpoint calls (HTTP 200). */
    long updatesApplied() {
        return fx.emulator.calls("sagemaker", "UpdateEndpoint").stream().filter(c -> c.httpStatus() == 200).count();
    }

    Optional<String> servedPackage(String endpoint) {
        var e = console.describeEndpoint(b -> b.endpointName(endpoint));
        var config = console.describeEndpointConfig(b -> b.endpointConfigName(e.endpointConfigName()));
        var model = console.describeModel(b -> b.modelName(config.productionVariants().get(0).modelName()));
        return model.containers().stream().map(c -> c.modelPackageName()).findFirst();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        fx.close();
    }
}
