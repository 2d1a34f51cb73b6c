package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one deployment costs in AWS calls, as measured against the emulator: the minimum (read the version, create the
 * model and configuration, create or update the endpoint, poll), what the gate adds (the preflight, and the version
 * judged again just before the request), and what the plugin adds to know what served before and to prove what serves
 * after. Polls depend on how long SageMaker takes.
 */
class DeploymentCallsTest {

    final DeploymentHarness h = new DeploymentHarness();

    @AfterEach
    void close() {
        h.close();
    }

    List<String> calls() {
        return h.fx.emulator.calls().stream().map(c -> c.service() + ":" + c.operation()).toList();
    }

    @Test
    void aFirstDeploymentMakesFifteenCallsWhenTheEndpointIsReadyAtTheFirstPoll() {
        ModelPackageRef v1 = h.approved(1);
        h.fx.emulator.clearCalls();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v1.arn(), b -> b.set("alarms", List.of("churn-5xx"))), rec);
        h.runUntilFinished(rec);

        assertEquals(List.of(
                "sagemaker:DescribeModelPackage",                                        // the version, read now
                "s3:HeadObject", "ecr:DescribeImages", "iam:GetRole", "monitoring:DescribeAlarms", // the preflight
                "sagemaker:DescribeEndpoint",                                            // admission: what serves (nothing)
                "sagemaker:DescribeEndpoint",                                            // its turn: still absent?
                "sagemaker:CreateModel", "sagemaker:CreateEndpointConfig",
                "sagemaker:DescribeModelPackage",                                        // still Approved, just before
                "sagemaker:DescribeEndpoint",                                            // the baseline before the request
                "sagemaker:CreateEndpoint",
                "sagemaker:DescribeEndpoint",                                            // the wait: one poll per 30 s
                "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel"),          // the proof of what serves
                calls());
    }

    @Test
    void anUpdateMakesSeventeenCallsWhenTheEndpointSettlesAtTheFirstPoll() {
        DeploymentHarness.Recorder first = new DeploymentHarness.Recorder();
        h.start(h.request(h.approved(1).arn()), h.environment(first, "churn-deploy#41", 41, List.of("erin")));
        h.runUntilFinished(first);
        ModelPackageRef v2 = h.approved(2);
        h.fx.emulator.clearCalls();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v2.arn(), b -> b.set("alarms", List.of("churn-5xx")).set("waitInterval", "10s")), rec);
        h.runUntilFinished(rec);

        assertEquals(List.of(
                "sagemaker:DescribeModelPackage",
                "s3:HeadObject", "ecr:DescribeImages", "iam:GetRole", "monitoring:DescribeAlarms",
                "sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel", // what serves now
                "sagemaker:DescribeEndpoint",
                "sagemaker:CreateModel", "sagemaker:CreateEndpointConfig",
                "sagemaker:DescribeModelPackage",
                "sagemaker:DescribeEndpoint",
                "sagemaker:UpdateEndpoint",
                "sagemaker:DescribeEndpoint",
                "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel"),
                calls());
    }
}
