package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.approvals.FixedSeal;
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.gates.AwsPreflight;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.DeploymentAccount;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * An account in the emulator ready to deploy to (bucket and model data, an image in ECR, an execution role SageMaker may
 * assume, rollback alarms), versions registered with lineage, an Approved model card and an approver, and everything a
 * {@link Deployment} needs, on a {@link ManualScheduledExecutor} driven by the emulator's clock: the test decides when
 * time passes, and every task runs on the test's thread.
 */
final class DeploymentHarness implements AutoCloseable {

    static final String GROUP = DeploymentAccount.GROUP;

    final RegistryFixture fx = new RegistryFixture();
    final ManualScheduledExecutor scheduler = new ManualScheduledExecutor(fx.clock);
    final EndpointLocks locks = new EndpointLocks();
    final SageMakerClient console = fx.console();
    final DeploymentAccount account;
    final String roleArn;

    DeploymentHarness() {
        // Time is simulated: an hour of polling happens in a second of real time, which the real-time limit would slow.
        fx.clients.withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
        account = new DeploymentAccount(fx);
        roleArn = account.roleArn();
    }

    ModelPackageRef register(int build) {
        return account.register(build, "Approved");
    }

    ModelPackageRef register(int build, String cardStatus) {
        return account.register(build, cardStatus);
    }

    void approve(ModelPackageRef ref) {
        account.approve(ref);
    }

    ModelPackageRef approved(int build) {
        return account.approved(build);
    }

    /** A valid deployment of {@code arn} to churn-prod on one ml.m5.large; {@code change} adjusts it. */
    DeploymentRequest request(String arn, java.util.function.UnaryOperator<DeploymentParametersTest.Builder> change) {
        DeploymentParameters p = change.apply(new DeploymentParametersTest.Builder(DeploymentParametersTest.valid())
                .set("modelPackageArn", arn).set("executionRoleArn", roleArn)).build();
        ParameterRules rules = new ParameterRules("deployApproved");
        DeploymentRequest r = p.toRequest(rules, new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA, WaivableChecks.DEFAULT));
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
        /** Runs as a line is logged: lets a test make something happen at that moment. */
        volatile java.util.function.Consumer<String> onLog = line -> { };
        /** Runs as the deployment asks to be saved, before the save completes. */
        volatile Runnable onSave = () -> { };

        @Override
        public void log(String line) {
            log.add(line);
            onLog.accept(line);
        }

        @Override
        public void changed(DeploymentRecord record) {
            records.add(record);
        }

        @Override
        public Future<?> save() {
            saves.incrementAndGet();
            onSave.run();
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
                    fx.clients.cloudWatch(fx.settings(), fx.lookup()))), FixedSeal.SEAL);
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
        return Optional.of(account.servedPackage(endpoint));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        fx.close();
    }
}
