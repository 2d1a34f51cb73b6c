package io.jenkins.plugins.registrygate.steps;

import hudson.EnvVars;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.FixedSeal;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.testing.CapturingListener;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestJob;
import io.jenkins.plugins.registrygate.testing.TestRun;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * Drives steps through their Step and StepExecution with a test StepContext, against the emulator. With no
 * credentialsId the steps use the SDK default chain, which finds the placeholder keys the build sets as the
 * aws.accessKeyId / aws.secretAccessKey system properties (pom.xml, surefire); the runtime's rules allow that, as an
 * administrator's opt-in would ({@link #controllerCredentialsAllowed()}).
 */
abstract class StepTestSupport {

    static final RegistryWatcher.Settings FAST = new RegistryWatcher.Settings(
            Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(200), Duration.ofMillis(400), 0.2);

    final RegistryFixture fx = new RegistryFixture();
    RegistryGateRuntime runtime = new RegistryGateRuntime(fx.clock, FAST, controllerCredentialsAllowed()).withDecisionSeal(FixedSeal.SEAL);
    final TestJob job = new TestJob("churn");
    final CapturingListener log = new CapturingListener();

    @AfterEach
    void closeAll() throws InterruptedException {
        Thread.sleep(50); // let any late callback run before looking for double completions
        runtime.close();
        fx.close();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), TestStepContext.takeDoubleCompletions(),
                "a step completed more than once");
    }

    /** Offline step tests cannot reach Jenkins' credentials store, so they run as the controller, allowed. */
    static AwsClients controllerCredentialsAllowed() {
        return RegistryFixture.fastRetryingClients().withPolicy(ConnectionPolicy::allowingControllerCredentials);
    }

    EnvVars env(int build) {
        EnvVars env = new EnvVars();
        env.put("GIT_COMMIT", "9fceb02d0ae598e95dc970b74767f19372d61af8");
        env.put("GIT_URL", "https://git.example.com/ml/churn.git");
        env.put("BUILD_URL", "https://jenkins.example.com/job/churn/" + build + "/");
        env.put("JOB_NAME", "churn");
        env.put("BUILD_NUMBER", String.valueOf(build));
        return env;
    }

    /** The controller goes down and comes back: the runtime's threads, watcher and clients are new. */
    void restartController() {
        runtime.close();
        runtime = new RegistryGateRuntime(fx.clock, FAST, controllerCredentialsAllowed()).withDecisionSeal(FixedSeal.SEAL);
    }

    TestRun run(int number, String startedBy) throws Exception {
        return new TestRun(job, number, startedBy);
    }

    TestStepContext context(TestRun run) {
        return new TestStepContext(run, log, env(run.getNumber()), runtime);
    }

    <S extends RegistryStep> S at(S step) {
        step.setRegion(fx.emulator.region());
        step.setEndpointUrl(fx.emulator.endpoint().toString());
        return step;
    }
}
