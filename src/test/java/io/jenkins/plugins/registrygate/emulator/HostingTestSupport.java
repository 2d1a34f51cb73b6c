package io.jenkins.plugins.registrygate.emulator;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;

import software.amazon.awssdk.services.sagemaker.model.CreateEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;

/**
 * Hosting tests: an approved package version to deploy, {@link ScriptedNeighbours} to take away its artifacts or
 * trip an alarm, and helpers for models, configurations and endpoints.
 */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
abstract class HostingTestSupport extends EmulatorTestSupport {

    static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerExecution";
    static final String MODEL_DATA = "s3://models/churn/model.tar.gz";

    ScriptedNeighbours neighbours;
    /** churn version 1, approved. */
    String version1;

    @BeforeEach
    void hostingFixture() {
        neighbours = new ScriptedNeighbours();
        emu.backend().neighbours(neighbours);
        createGroup("churn");
        version1 = createVersion("churn", b -> b.modelApprovalStatus("Approved"));
    }

    /** A model from a package version, with {@link #ROLE}. */
    String createModel(String name, String packageArn) {
        return sm.createModel(b -> b.modelName(name).executionRoleArn(ROLE)
                .containers(c -> c.modelPackageName(packageArn))).modelArn();
    }

    static ProductionVariant instances(String variant, String model, int count) {
        return ProductionVariant.builder().variantName(variant).modelName(model)
                .instanceType(ProductionVariantInstanceType.ML_M5_LARGE).initialInstanceCount(count).build();
    }

    /** A configuration with one instance-based variant "AllTraffic". */
    String createConfig(String name, String model, int instances) {
        return createConfig(name, b -> b.productionVariants(instances("AllTraffic", model, instances)));
    }

    String createConfig(String name, Consumer<CreateEndpointConfigRequest.Builder> more) {
        CreateEndpointConfigRequest.Builder b = CreateEndpointConfigRequest.builder().endpointConfigName(name);
        more.accept(b);
        return sm.createEndpointConfig(b.build()).endpointConfigArn();
    }

    /** Model "churn-v1" of version 1, config "churn-v1" with {@code instances}, endpoint "churn" from it, InService. */
    void endpointInService(int instances) {
        createModel("churn-v1", version1);
        createConfig("churn-v1", "churn-v1", instances);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        org.junit.jupiter.api.Assertions.assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
    }

    /** Version 2 of churn as model and config "churn-v2" with {@code instances}. */
    String secondVersionReady(int instances) {
        String v2 = createVersion("churn", b -> b.modelApprovalStatus("Approved"));
        createModel("churn-v2", v2);
        createConfig("churn-v2", "churn-v2", instances);
        return v2;
    }

    DescribeEndpointResponse describe(String endpoint) {
        return sm.describeEndpoint(b -> b.endpointName(endpoint));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    String endpointArn(String name) {
        return "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + name.toLowerCase(java.util.Locale.ROOT);
    }
}
