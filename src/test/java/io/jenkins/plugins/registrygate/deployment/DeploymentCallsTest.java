package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.DeploymentAccount;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one deployment costs in AWS calls, as measured against the emulator: the minimum (read the version, create the
 * model and configuration, create or update the endpoint, poll), what the gate adds (the preflight, and the version
 * judged again just before the request), and what the plugin adds to know what served before and to prove what serves
 * after. Polls depend on how long SageMaker takes. The preflight's calls grow with the version's containers.
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

    @Test
    void eachFurtherContainerAddsItsOwnModelDataAndImageChecksToThePreflight() {
        try (var s3 = io.jenkins.plugins.registrygate.emulator.EmulatorClients.s3(h.fx.emulator)) {
            s3.putObject(b -> b.bucket("ml-models").key("ranking/llm/weights.bin"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("weights", java.nio.charset.StandardCharsets.UTF_8));
        }
        ModelPackageRef v = h.account.approvedWithContainers(
                c -> c.containerHostname("features").image(DeploymentAccount.IMAGE).modelDataUrl("s3://ml-models/churn/1/model.tar.gz"),
                c -> c.containerHostname("ranker").image(DeploymentAccount.IMAGE).modelDataSource(s -> s.s3DataSource(d -> d
                        .s3Uri("s3://ml-models/ranking/llm/").s3DataType("S3Prefix").compressionType("None"))));
        h.fx.emulator.clearCalls();
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v.arn(), b -> b.set("alarms", List.of("churn-5xx"))), rec);
        h.runUntilFinished(rec);

        assertEquals("DEPLOYED", rec.result().getOutcome(), rec.result().getMessage());
        assertEquals(List.of(
                "sagemaker:DescribeModelPackage",
                "s3:HeadObject", "ecr:DescribeImages",                           // container 1: its object, its image
                "s3:ListObjectsV2", "s3:HeadObject", "ecr:DescribeImages",       // container 2: one key of its prefix, that key, its image
                "iam:GetRole", "monitoring:DescribeAlarms",
                "sagemaker:DescribeEndpoint"),
                calls().subList(0, 9));
    }
}
