package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** CreateEndpointConfig, DescribeEndpointConfig, DeleteEndpointConfig and ListEndpointConfigs. */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class EndpointConfigsTest extends HostingTestSupport {

    @BeforeEach
    void model() {
        createModel("churn-v1", version1);
    }

    @Test
    void anInstanceConfigurationWithDataCaptureIsDescribedAsCreated() {
        String arn = createConfig("Churn-V1", b -> b.productionVariants(instances("AllTraffic", "churn-v1", 2))
                .dataCaptureConfig(d -> d.enableCapture(true).initialSamplingPercentage(20)
                        .destinationS3Uri("s3://capture/churn").captureOptions(o -> o.captureMode(CaptureMode.INPUT)))
                .tags(Tag.builder().key("build").value("42").build()));

        DescribeEndpointConfigResponse d = sm.describeEndpointConfig(b -> b.endpointConfigName("churn-v1"));
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-v1", arn);
        assertEquals(arn, d.endpointConfigArn());
        assertEquals("Churn-V1", d.endpointConfigName());
        assertEquals(2, d.productionVariants().get(0).initialInstanceCount());
        assertEquals(20, d.dataCaptureConfig().initialSamplingPercentage());
        assertEquals("s3://capture/churn", d.dataCaptureConfig().destinationS3Uri());
        assertEquals(T0, d.creationTime());
    }

    @Test
    void aServerlessConfigurationIsDescribedAsCreated() {
        createConfig("churn-sls", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5))));

        ProductionVariant v = sm.describeEndpointConfig(b -> b.endpointConfigName("churn-sls")).productionVariants().get(0);
        assertEquals(2048, v.serverlessConfig().memorySizeInMB());
        assertEquals(5, v.serverlessConfig().maxConcurrency());
    }

    @Test
    void aVariantOfAnUnknownModelCannotFindIt() {
        SageMakerException e = expectError("ValidationException",
                () -> createConfig("c", "Ghost-Model", 1));

        assertEquals("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/ghost-model\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void aNameTakenInAnotherCaseIsAlreadyExisting() {
        createConfig("churn-v1", "churn-v1", 1);

        SageMakerException e = expectError("ValidationException", () -> createConfig("Churn-V1", "churn-v1", 1));

        assertEquals("Cannot create already existing endpoint configuration "
                + "\"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn-v1\".", e.awsErrorDetails().errorMessage());
    }

    @Test
    void aVariantBothServerlessAndInstanceBasedIsRefused() {
        expectError("ValidationException", () -> createConfig("c", b -> b.productionVariants(v -> v
                .variantName("AllTraffic").modelName("churn-v1").instanceType("ml.m5.large").initialInstanceCount(1)
                .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5)))));
    }

    @Test
    void anInstanceVariantWithoutCountIsRefused() {
        SageMakerException e = expectError("ValidationException", () -> createConfig("c", b -> b.productionVariants(v -> v
                .variantName("AllTraffic").modelName("churn-v1").instanceType("ml.m5.large"))));

        assertTrue(e.awsErrorDetails().errorMessage().contains("InitialInstanceCount"), e::getMessage);
    }

    @Test
    void repeatedVariantNamesAreRefused() {
        expectError("ValidationException", () -> createConfig("c", b -> b.productionVariants(
                instances("A", "churn-v1", 1), instances("A", "churn-v1", 1))));
    }

    @Test
    void serverlessAndInstanceVariantsDoNotMix() {
        expectError("ValidationException", () -> createConfig("c", b -> b.productionVariants(
                instances("A", "churn-v1", 1),
                ProductionVariant.builder().variantName("B").modelName("churn-v1")
                        .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5)).build())));
    }

    @Test
    void anInstanceTypeOutsideTheModelIsRefusedByTheModel() {
        SageMakerException e = expectError("ValidationException", () -> createConfig("c", b -> b.productionVariants(v -> v
                .variantName("AllTraffic").modelName("churn-v1").instanceType("ml.huge").initialInstanceCount(1))));

        assertTrue(e.awsErrorDetails().errorMessage().contains("productionVariants.1.member.instanceType"), e::getMessage);
    }

    @Test
    void describingAnUnknownConfigurationCannotFindIt() {
        SageMakerException e = expectError("ValidationException",
                () -> sm.describeEndpointConfig(b -> b.endpointConfigName("Ghost")));

        assertEquals("Could not find endpoint configuration "
                + "\"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/ghost\".", e.awsErrorDetails().errorMessage());
    }

    @Test
    void deleteEndpointConfigRemovesIt() {
        createConfig("c", "churn-v1", 1);

        sm.deleteEndpointConfig(b -> b.endpointConfigName("c"));

        expectError("ValidationException", () -> sm.describeEndpointConfig(b -> b.endpointConfigName("c")));
    }

    @Test
    void listEndpointConfigsIsNewestFirstByDefault() {
        createConfig("a", "churn-v1", 1);
        tick();
        createConfig("b", "churn-v1", 1);

        assertEquals(List.of("b", "a"), sm.listEndpointConfigs(b -> { }).endpointConfigs().stream()
                .map(EndpointConfigSummary::endpointConfigName).toList());
    }
}
