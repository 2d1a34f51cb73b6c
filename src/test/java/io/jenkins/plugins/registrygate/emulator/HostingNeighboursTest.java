package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * Hosting against the emulator's own S3, ECR, IAM and CloudWatch, nothing scripted: what a deployment needs is put
 * there with their SDK clients, and the alarm of a guarded update fires through CloudWatch's SetAlarmState.
 */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class HostingNeighboursTest extends EmulatorTestSupport {

    private static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-exec";

    private S3Client s3;
    private EcrClient ecr;
    private IamClient iam;
    private CloudWatchClient cw;
    private String version1;

    @BeforeEach
    void artifacts() {
        s3 = EmulatorClients.s3(emu);
        ecr = EmulatorClients.ecr(emu);
        iam = EmulatorClients.iam(emu);
        cw = EmulatorClients.cloudWatch(emu);
        s3.createBucket(b -> b.bucket("models"));
        s3.putObject(b -> b.bucket("models").key("churn/model.tar.gz"), RequestBody.fromString("weights"));
        ecr.createRepository(b -> b.repositoryName("churn"));
        ecr.putImage(b -> b.repositoryName("churn").imageTag("1.4.2").imageManifest("{\"schemaVersion\":2}"));
        iam.createRole(b -> b.roleName("sagemaker-exec").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}"));
        createGroup("churn");
        version1 = createVersion("churn", b -> b.modelApprovalStatus("Approved"));
    }

    @AfterEach
    void closeClients() {
        s3.close();
        ecr.close();
        iam.close();
        cw.close();
    }

    private void deploy(String model, String packageArn) {
        sm.createModel(b -> b.modelName(model).executionRoleArn(ROLE).containers(c -> c.modelPackageName(packageArn)));
        sm.createEndpointConfig(b -> b.endpointConfigName(model).productionVariants(v -> v.variantName("AllTraffic")
                .modelName(model).instanceType("ml.m5.large").initialInstanceCount(4)));
    }

    @Test
    void anEndpointServesWhatS3EcrAndIamHold() {
        deploy("churn-v1", version1);

        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        assertEquals(EndpointStatus.IN_SERVICE, sm.describeEndpoint(b -> b.endpointName("churn")).endpointStatus());
    }

    @Test
    void modelDataDeletedFromS3FailsTheEndpoint() {
        deploy("churn-v1", version1);
        s3.deleteObject(b -> b.bucket("models").key("churn/model.tar.gz"));

        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        DescribeEndpointResponse d = sm.describeEndpoint(b -> b.endpointName("churn"));
        assertEquals(EndpointStatus.FAILED, d.endpointStatus());
        assertTrue(d.failureReason().contains("s3://models/churn/model.tar.gz"), d.failureReason());
    }

    @Test
    void aRoleIamDoesNotHaveCannotBeAssumed() {
        expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m")
                .executionRoleArn("arn:aws:iam::123456789012:role/missing")
                .containers(c -> c.modelPackageName(version1))));
    }

    @Test
    void anAlarmSetThroughCloudWatchDuringTheCanaryRollsTheUpdateBack() {
        deploy("churn-v1", version1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        deploy("churn-v2", createVersion("churn", b -> b.modelApprovalStatus("Approved")));
        cw.putMetricAlarm(b -> b.alarmName("churn-5xx").namespace("AWS/SageMaker").metricName("Invocation5XXErrors")
                .dimensions(d -> d.name("EndpointName").value("churn"), d -> d.name("VariantName").value("AllTraffic"))
                .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2").deploymentConfig(d -> d
                .blueGreenUpdatePolicy(p -> p.trafficRoutingConfiguration(t -> t.type("CANARY").waitIntervalInSeconds(600)
                        .canarySize(c -> c.type("INSTANCE_COUNT").value(1))))
                .autoRollbackConfiguration(a -> a.alarms(al -> al.alarmName("churn-5xx")))));
        clock.advance(Duration.ofMinutes(3));
        assertEquals(EndpointStatus.UPDATING, sm.describeEndpoint(b -> b.endpointName("churn")).endpointStatus());

        cw.setAlarmState(b -> b.alarmName("churn-5xx").stateValue(StateValue.ALARM).stateReason("5xx on the canary"));

        DescribeEndpointResponse d = sm.describeEndpoint(b -> b.endpointName("churn"));
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1", d.endpointConfigName());
        assertTrue(d.failureReason().contains("churn-5xx"), d.failureReason());
    }
}
