package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** The backend without HTTP, and its configuration. */
class SageMakerBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SageMakerBackend backend = new SageMakerBackend("eu-west-1", "210987654321",
            new MutableClock(EmulatorTestSupport.T0));
    private final Caller caller = backend.callerFor("DIRECTCALLER");

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void runsOperationsWithoutHttp() throws Exception {
        ObjectNode out = backend.invoke("CreateModelPackageGroup", caller, json("{'ModelPackageGroupName':'churn'}"));

        assertEquals("arn:aws:sagemaker:eu-west-1:210987654321:model-package-group/churn",
                out.get("ModelPackageGroupArn").asText());
        assertEquals(List.of("churn"), backend.modelPackageGroupNames());
    }

    @Test
    void operationsWithoutOutputShapeReturnNull() throws Exception {
        backend.invoke("CreateModelPackageGroup", caller, json("{'ModelPackageGroupName':'churn'}"));

        assertNull(backend.invoke("DeleteModelPackageGroup", caller, json("{'ModelPackageGroupName':'churn'}")));
    }

    @Test
    void validatesBeforeTouchingState() {
        ServiceError e = assertThrows(ServiceError.class,
                () -> backend.invoke("CreateModelPackageGroup", caller, json("{'ModelPackageGroupName':'bad_name!'}")));

        assertEquals("ValidationException", e.errorCode());
        assertEquals(List.of(), backend.modelPackageGroupNames());
    }

    @Test
    void unimplementedOperationIsUnknownOperation() {
        ServiceError e = assertThrows(ServiceError.class,
                () -> backend.invoke("CreateTrainingJob", caller, json("{}")));

        assertEquals("UnknownOperationException", e.errorCode());
    }

    @Test
    void implementsTheRegistryHostingAndModelCardOperations() {
        assertEquals(Set.of("CreateModelPackageGroup", "DescribeModelPackageGroup", "ListModelPackageGroups",
                "DeleteModelPackageGroup", "CreateModelPackage", "DescribeModelPackage", "ListModelPackages",
                "UpdateModelPackage", "DeleteModelPackage", "AddTags", "ListTags", "DeleteTags",
                "CreateModel", "DescribeModel", "DeleteModel", "ListModels",
                "CreateEndpointConfig", "DescribeEndpointConfig", "DeleteEndpointConfig", "ListEndpointConfigs",
                "CreateEndpoint", "UpdateEndpoint", "DescribeEndpoint", "ListEndpoints", "DeleteEndpoint",
                "CreateModelCard", "DescribeModelCard", "UpdateModelCard", "ListModelCards", "ListModelCardVersions",
                "DeleteModelCard"),
                backend.supportedOperations());
    }

    @Test
    void resetForgetsHostingAndModelCardsToo() throws Exception {
        backend.invoke("CreateModelCard", caller, json("{'ModelCardName':'card','Content':'{}','ModelCardStatus':'Draft'}"));
        backend.invoke("CreateModel", caller, json("{'ModelName':'m','PrimaryContainer':{'Image':'img:1'}}"));
        backend.invoke("CreateEndpointConfig", caller, json("{'EndpointConfigName':'c','ProductionVariants':"
                + "[{'VariantName':'v','ModelName':'m','InstanceType':'ml.m5.large','InitialInstanceCount':1}]}"));
        backend.invoke("CreateEndpoint", caller, json("{'EndpointName':'e','EndpointConfigName':'c'}"));

        backend.reset();

        assertEquals(List.of(), backend.endpoints().names());
        assertEquals(java.util.Optional.empty(), backend.modelCards().status("card"));
        assertThrows(ServiceError.class, () -> backend.invoke("DescribeModel", caller, json("{'ModelName':'m'}")));
        assertThrows(ServiceError.class,
                () -> backend.invoke("DescribeEndpointConfig", caller, json("{'EndpointConfigName':'c'}")));
    }

    @Test
    void resetForgetsEverything() throws Exception {
        backend.invoke("CreateModelPackageGroup", caller, json("{'ModelPackageGroupName':'churn'}"));

        backend.reset();

        assertEquals(List.of(), backend.modelPackageGroupNames());
    }

    @Test
    void rejectsAnAccountIdThatIsNotTwelveDigits() {
        assertThrows(IllegalArgumentException.class,
                () -> new SageMakerBackend("us-east-1", "12345", new MutableClock(EmulatorTestSupport.T0)));
    }

    @Test
    void emulatorWithOtherRegionAndAccountBuildsMatchingArns() {
        try (SageMakerEmulator emu = SageMakerEmulator.builder().region("eu-central-1").accountId("210987654321").start();
             SageMakerClient sm = EmulatorClients.sageMaker(emu)) {
            String arn = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn")).modelPackageGroupArn();

            assertEquals("arn:aws:sagemaker:eu-central-1:210987654321:model-package-group/churn", arn);
            assertTrue(emu.calls().get(0).succeeded());
        }
    }
}
