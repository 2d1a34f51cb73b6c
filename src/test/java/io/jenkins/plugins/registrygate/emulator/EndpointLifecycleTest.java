package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.VariantStatus;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;

/** CreateEndpoint, DescribeEndpoint, ListEndpoints, DeleteEndpoint: the endpoint's life outside updates. */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class EndpointLifecycleTest extends HostingTestSupport {

    private static final Duration CREATION = Duration.ofMinutes(5);

    private void slowCreation() {
        emu.backend().endpointTimings(EndpointTimings.immediate().withCreation(CREATION)
                .withDeletion(Duration.ofMinutes(1)));
    }

    private void churnConfig(int instances) {
        createModel("churn-v1", version1);
        createConfig("churn-v1", "churn-v1", instances);
    }

    @Test
    void aNewEndpointIsCreatingUntilItsFleetIsUp() {
        slowCreation();
        churnConfig(2);
        String arn = sm.createEndpoint(b -> b.endpointName("Churn").endpointConfigName("churn-v1")).endpointArn();

        DescribeEndpointResponse creating = describe("churn");
        assertEquals(endpointArn("Churn"), arn);
        assertEquals("Churn", creating.endpointName());
        assertEquals(EndpointStatus.CREATING, creating.endpointStatus());
        assertEquals("churn-v1", creating.endpointConfigName());
        assertFalse(creating.hasProductionVariants());
        assertEquals("churn-v1", creating.pendingDeploymentSummary().endpointConfigName());
        var launching = creating.pendingDeploymentSummary().productionVariants().get(0).variantStatus().get(0);
        assertEquals(VariantStatus.CREATING, launching.status());
        assertEquals("Launching 2 instance(s).", launching.statusMessage());

        advance(CREATION.minusSeconds(1));
        assertEquals(EndpointStatus.CREATING, describe("churn").endpointStatus());
        advance(Duration.ofSeconds(1));
        DescribeEndpointResponse inService = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, inService.endpointStatus());
        assertNull(inService.pendingDeploymentSummary());
        assertEquals(T0.plus(CREATION), inService.lastModifiedTime());
        assertEquals(T0, inService.creationTime());
    }

    @Test
    void anEndpointInServiceServesItsConfiguration() {
        churnConfig(2);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        ProductionVariantSummary v = describe("churn").productionVariants().get(0);
        assertEquals("AllTraffic", v.variantName());
        assertEquals(1.0f, v.currentWeight());
        assertEquals(1.0f, v.desiredWeight());
        assertEquals(2, v.currentInstanceCount());
        assertEquals(2, v.desiredInstanceCount());
        assertEquals(IMAGE, v.deployedImages().get(0).specifiedImage());
        assertTrue(v.deployedImages().get(0).resolvedImage().matches(".*/churn@sha256:[0-9a-f]{64}"),
                v.deployedImages().get(0).resolvedImage());
        assertFalse(v.hasVariantStatus());
    }

    @Test
    void dataCaptureShowsAsStarted() {
        createModel("churn-v1", version1);
        createConfig("churn-v1", b -> b.productionVariants(instances("AllTraffic", "churn-v1", 1))
                .dataCaptureConfig(d -> d.initialSamplingPercentage(10).destinationS3Uri("s3://capture/churn")
                        .captureOptions(o -> o.captureMode(CaptureMode.INPUT_AND_OUTPUT))));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        var capture = describe("churn").dataCaptureConfig();
        assertTrue(capture.enableCapture());
        assertEquals("Started", capture.captureStatusAsString());
        assertEquals(10, capture.currentSamplingPercentage());
        assertEquals("s3://capture/churn", capture.destinationS3Uri());
    }

    @Test
    void aServerlessEndpointShowsItsServerlessConfig() {
        createModel("churn-v1", version1);
        createConfig("churn-v1", b -> b.productionVariants(v -> v.variantName("AllTraffic").modelName("churn-v1")
                .serverlessConfig(s -> s.memorySizeInMB(2048).maxConcurrency(5))));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        ProductionVariantSummary v = describe("churn").productionVariants().get(0);
        assertEquals(2048, v.currentServerlessConfig().memorySizeInMB());
        assertEquals(5, v.desiredServerlessConfig().maxConcurrency());
        assertNull(v.currentInstanceCount());
    }

    @Test
    void missingModelDataFailsTheEndpointLongAfterCreateModelSucceeded() {
        slowCreation();
        neighbours.withoutObject(MODEL_DATA);
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        assertEquals(EndpointStatus.CREATING, describe("churn").endpointStatus());

        advance(CREATION);

        DescribeEndpointResponse failed = describe("churn");
        assertEquals(EndpointStatus.FAILED, failed.endpointStatus());
        assertEquals("Failed to download model data for container \"container_1\" from URL: \"" + MODEL_DATA
                + "\". Please ensure that there is an object located at the URL and that the role passed to "
                + "CreateModel has permissions to download the object.", failed.failureReason());
        assertEquals(T0.plus(CREATION), failed.lastModifiedTime());
    }

    @Test
    void anEmptyModelDataPrefixFailsTheEndpoint() {
        String prefix = "s3://models/churn/uncompressed/";
        neighbours.withoutObject(prefix);
        String v2 = createVersion("churn", b -> b.modelApprovalStatus("Approved").inferenceSpecification(i -> i
                .containers(c -> c.image(IMAGE).modelDataSource(d -> d.s3DataSource(s -> s.s3Uri(prefix)
                        .s3DataType("S3Prefix").compressionType("None"))))
                .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv")));
        createModel("churn-v2", v2);
        createConfig("churn-v2", "churn-v2", 1);

        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v2"));

        DescribeEndpointResponse failed = describe("churn");
        assertEquals(EndpointStatus.FAILED, failed.endpointStatus());
        assertTrue(failed.failureReason().startsWith("Failed to download model data for container \"container_1\" from S3 prefix: \""
                + prefix + "\""), failed.failureReason());
        neighbours.withObject(prefix);
        sm.createEndpoint(b -> b.endpointName("churn-2").endpointConfigName("churn-v2"));
        assertEquals(EndpointStatus.IN_SERVICE, describe("churn-2").endpointStatus());
    }

    @Test
    void aMissingImageFailsTheEndpoint() {
        neighbours.withoutImage(IMAGE);
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        DescribeEndpointResponse failed = describe("churn");
        assertEquals(EndpointStatus.FAILED, failed.endpointStatus());
        assertEquals("Please make sure all images included in the model for the production variant AllTraffic exist, "
                + "and that the execution role used to create the model has permissions to access them.",
                failed.failureReason());
    }

    @Test
    void artifactsThatAppearBeforeTheLaunchEndsAreFound() {
        slowCreation();
        neighbours.withoutObject(MODEL_DATA);
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        neighbours.withObject(MODEL_DATA);
        advance(CREATION);

        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());
    }

    @Test
    void aFailedEndpointCanOnlyBeDeleted() {
        neighbours.withoutImage(IMAGE);
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        assertEquals(EndpointStatus.FAILED, describe("churn").endpointStatus());
        createConfig("churn-v1b", "churn-v1", 1);

        SageMakerException e = expectError("ValidationException",
                () -> sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1b")));
        assertEquals("Cannot update failed endpoint \"" + endpointArn("churn") + "\".", e.awsErrorDetails().errorMessage());

        sm.deleteEndpoint(b -> b.endpointName("churn"));
        expectError("ValidationException", () -> describe("churn"));
    }

    @Test
    void theFailHookFailsAnEndpointInService() {
        endpointInService(1);

        emu.backend().endpoints().fail("churn", "Instance health checks failed.");

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.FAILED, d.endpointStatus());
        assertEquals("Instance health checks failed.", d.failureReason());
    }

    @Test
    void anEndpointOfAnUnknownConfigurationCannotFindIt() {
        SageMakerException e = expectError("ValidationException",
                () -> sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("Ghost")));

        assertEquals("Could not find endpoint configuration "
                + "\"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/ghost\".", e.awsErrorDetails().errorMessage());
        expectError("ValidationException", () -> describe("churn"));
    }

    @Test
    void aConfigurationWhoseModelWasDeletedCannotBeDeployed() {
        churnConfig(1);
        sm.deleteModel(b -> b.modelName("churn-v1"));

        SageMakerException e = expectError("ValidationException",
                () -> sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1")));

        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Could not find model"), e::getMessage);
    }

    @Test
    void anEndpointNameTakenInAnotherCaseIsAlreadyExisting() {
        endpointInService(1);

        SageMakerException e = expectError("ValidationException",
                () -> sm.createEndpoint(b -> b.endpointName("CHURN").endpointConfigName("churn-v1")));

        assertEquals("Cannot create already existing endpoint \"" + endpointArn("churn") + "\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void describingAnUnknownEndpointCannotFindIt() {
        SageMakerException e = expectError("ValidationException", () -> describe("Ghost"));

        assertEquals("Could not find endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/ghost\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void deletingIsVisibleUntilTheEndpointIsGone() {
        slowCreation();
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        advance(CREATION);
        assertEquals(EndpointStatus.IN_SERVICE, describe("churn").endpointStatus());

        sm.deleteEndpoint(b -> b.endpointName("churn"));
        assertEquals(EndpointStatus.DELETING, describe("churn").endpointStatus());
        expectError("ValidationException",
                () -> sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1")));

        advance(Duration.ofMinutes(1));
        expectError("ValidationException", () -> describe("churn"));
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
    }

    @Test
    void deleteIsRefusedWhileCreating() {
        slowCreation();
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        SageMakerException e = expectError("ValidationException", () -> sm.deleteEndpoint(b -> b.endpointName("churn")));

        assertEquals("Cannot update in-progress endpoint \"" + endpointArn("churn") + "\".",
                e.awsErrorDetails().errorMessage());
        assertEquals(EndpointStatus.CREATING, describe("churn").endpointStatus());
    }

    @Test
    void updateIsRefusedWhileCreating() {
        slowCreation();
        churnConfig(1);
        createConfig("churn-v1b", "churn-v1", 1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        SageMakerException e = expectError("ValidationException",
                () -> sm.updateEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1b")));

        assertEquals("Cannot update in-progress endpoint \"" + endpointArn("churn") + "\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void deletingTheConfigurationOfALiveEndpointOnlyLosesItsListing() {
        endpointInService(1);

        sm.deleteEndpointConfig(b -> b.endpointConfigName("churn-v1"));
        sm.deleteModel(b -> b.modelName("churn-v1"));

        DescribeEndpointResponse d = describe("churn");
        assertEquals(EndpointStatus.IN_SERVICE, d.endpointStatus());
        assertEquals("churn-v1", d.endpointConfigName());
    }

    @Test
    void listEndpointsIsNewestFirstAndFiltersByStatus() {
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("a").endpointConfigName("churn-v1"));
        tick();
        slowCreation();
        sm.createEndpoint(b -> b.endpointName("b").endpointConfigName("churn-v1"));

        assertEquals(List.of("b", "a"), names(sm.listEndpoints(b -> { }).endpoints()));
        assertEquals(List.of("a"), names(sm.listEndpoints(b -> b.statusEquals(EndpointStatus.IN_SERVICE)).endpoints()));
        assertEquals(List.of("b"), names(sm.listEndpoints(b -> b.statusEquals(EndpointStatus.CREATING)).endpoints()));
        assertEquals(List.of("a", "b"), names(sm.listEndpoints(b -> b.sortBy("Name").sortOrder("Ascending")).endpoints()));
    }

    @Test
    void listEndpointsPagesWithAnOpaqueToken() {
        churnConfig(1);
        for (int i = 1; i <= 3; i++) {
            int n = i;
            sm.createEndpoint(b -> b.endpointName("e" + n).endpointConfigName("churn-v1"));
            tick();
        }

        var first = sm.listEndpoints(b -> b.maxResults(2));
        var second = sm.listEndpoints(b -> b.maxResults(2).nextToken(first.nextToken()));

        assertEquals(List.of("e3", "e2"), names(first.endpoints()));
        assertEquals(List.of("e1"), names(second.endpoints()));
        assertNull(second.nextToken());
    }

    @Test
    void listEndpointsShowsStatusesAsOfNow() {
        slowCreation();
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        advance(CREATION);

        EndpointSummary s = sm.listEndpoints(b -> { }).endpoints().get(0);

        assertEquals(EndpointStatus.IN_SERVICE, s.endpointStatus());
        assertEquals(T0.plus(CREATION), s.lastModifiedTime());
    }

    @Test
    void endpointsCanBeTagged() {
        churnConfig(1);
        String arn = sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1")
                .tags(Tag.builder().key("package").value(version1).build())).endpointArn();

        sm.addTags(b -> b.resourceArn(arn).tags(Tag.builder().key("build").value("42").build()));

        assertEquals(List.of(Tag.builder().key("package").value(version1).build(),
                Tag.builder().key("build").value("42").build()), sm.listTags(b -> b.resourceArn(arn)).tags());
    }

    @Test
    void theSdksWaiterSeesTheEndpointInService() {
        emu.backend().endpointTimings(EndpointTimings.immediate().withCreation(Duration.ofSeconds(90)));
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));
        AtomicInteger waits = new AtomicInteger();

        try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(sm)
                .overrideConfiguration(o -> o.maxAttempts(10).backoffStrategyV2(thirtySecondsOnTheClock(waits)))
                .build()) {
            WaiterResponse<DescribeEndpointResponse> r = waiter.waitUntilEndpointInService(b -> b.endpointName("churn"));

            assertEquals(EndpointStatus.IN_SERVICE, r.matched().response().orElseThrow().endpointStatus());
            assertEquals(4, r.attemptsExecuted());
            assertEquals(3, waits.get());
        }
    }

    @Test
    void theSdksWaiterStopsAtAFailedEndpoint() {
        neighbours.withoutObject(MODEL_DATA);
        churnConfig(1);
        sm.createEndpoint(b -> b.endpointName("churn").endpointConfigName("churn-v1"));

        try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(sm)
                .overrideConfiguration(o -> o.maxAttempts(3).backoffStrategyV2(thirtySecondsOnTheClock(new AtomicInteger())))
                .build()) {
            SdkClientException e = assertThrows(SdkClientException.class,
                    () -> waiter.waitUntilEndpointInService(b -> b.endpointName("churn")));

            assertTrue(e.getMessage().contains("failure state"), e::getMessage);
        }
    }

    @Test
    void theSdksWaiterSeesTheEndpointDeleted() {
        emu.backend().endpointTimings(EndpointTimings.immediate().withDeletion(Duration.ofSeconds(45)));
        endpointInService(1);
        sm.deleteEndpoint(b -> b.endpointName("churn"));

        try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(sm)
                .overrideConfiguration(o -> o.maxAttempts(5).backoffStrategyV2(thirtySecondsOnTheClock(new AtomicInteger())))
                .build()) {
            var r = waiter.waitUntilEndpointDeleted(b -> b.endpointName("churn"));

            assertTrue(r.matched().exception().isPresent());
            assertEquals(3, r.attemptsExecuted());
        }
    }

    /** The waiter's delay, spent on the emulator's clock: each wait moves it 30 s (SageMaker's delay) at once. */
    private BackoffStrategy thirtySecondsOnTheClock(AtomicInteger waits) {
        return attempt -> {
            waits.incrementAndGet();
            clock.advance(Duration.ofSeconds(30));
            return Duration.ofMillis(1);
        };
    }

    private static List<String> names(List<EndpointSummary> endpoints) {
        return endpoints.stream().map(EndpointSummary::endpointName).toList();
    }

    @SuppressWarnings("unused")
    private static Instant at(Duration d) {
        return T0.plus(d);
    }
}
