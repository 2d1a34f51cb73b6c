package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServiceModel model = ServiceModel.load();

    @Test
    void loadsTheVendoredOfficialJson11Model() {
        assertEquals("json", model.protocol());
        assertEquals("1.1", model.jsonVersion());
        assertEquals("SageMaker", model.targetPrefix());
        assertEquals("2017-07-24", model.apiVersion());
        assertTrue(model.operationNames().size() > 300);
    }

    @Test
    void isParsedOncePerJvm() {
        assertSame(model, ServiceModel.load());
    }

    @Test
    void everyPatternCompilesInJava() {
        int patterns = 0;
        for (String name : model.shapeNames()) {
            ServiceModel.Shape s = model.shape(name);
            if (s.pattern() != null) {
                assertNotNull(model.pattern(s), name);
                patterns++;
            }
        }
        assertTrue(patterns > 300, "patterns: " + patterns);
    }

    @Test
    void describesRegistryOperationsWithTheirShapes() {
        ServiceModel.Operation create = model.operation("CreateModelPackage");
        assertEquals("CreateModelPackageInput", create.inputShape());
        assertEquals("CreateModelPackageOutput", create.outputShape());
        assertEquals(List.of("ConflictException", "ResourceLimitExceeded"), create.errors());
        assertNull(model.operation("DeleteModelPackageGroup").outputShape());
        assertNull(model.operation("NoSuchOperation"));
    }

    @Test
    void readsConstraintsFromTheModel() {
        ServiceModel.Shape name = model.shape("EntityName");
        assertEquals(1, name.min().intValue());
        assertEquals(63, name.max().intValue());
        assertTrue(model.pattern(name).matcher("churn-model-1").matches());
        assertFalse(model.pattern(name).matcher("bad_name!").matches());
        assertEquals(List.of("Approved", "Rejected", "PendingManualApproval"), model.shape("ModelApprovalStatus").enumValues());
        assertEquals(50, model.shape("CustomerMetadataMap").max().intValue());
        assertTrue(model.shape("ModelCardContent").sensitive());
    }

    @Test
    void unanchoredPatternsNeedAFullMatch() {
        ServiceModel.Shape arnOrName = model.shape("ArnOrName");
        assertTrue(model.pattern(arnOrName).matcher("grp").matches());
        assertFalse(model.pattern(arnOrName).matcher("grp-").matches());
        assertFalse(model.pattern(model.shape("NameContains")).matcher("a b").matches());
    }

    @Test
    void isTheNewestVendoredModelWithMembersSdkModelsLack() {
        // botocore 1.43.67: members newer than the aws-java-sdk-models jar's model are defined, not dropped.
        assertTrue(model.shape("CreateModelPackageInput").members().containsKey("ModelLifeCycle"));
        assertTrue(model.shape("UpdateModelPackageInput").members().containsKey("ClientToken"));
        assertTrue(model.shape("DescribeModelPackageOutput").members().containsKey("ManagedStorageType"));
        assertEquals("sagemaker", model.signingName());
    }

    @Test
    void aRequestTheOldModelRefusedIsAcceptedByTheNewestOne() {
        // ml.g7e instance types are in the newest model only: validated against the jar's model, the request fails.
        ServiceModel old = ServiceModel.fromResource("/models/api.sagemaker-2017-07-24-model.json");
        ObjectNode request = JSON.createObjectNode().put("ModelPackageGroupName", "churn");
        ObjectNode inference = request.putObject("InferenceSpecification");
        inference.putArray("Containers").addObject().put("Image", "img:1");
        inference.putArray("SupportedRealtimeInferenceInstanceTypes").add("ml.g7e.2xlarge");

        ServiceError refused = assertThrows(ServiceError.class,
                () -> new ShapeValidator(old).checkRequest(old.operation("CreateModelPackage"), request));
        assertTrue(refused.getMessage().contains("supportedRealtimeInferenceInstanceTypes"), refused.getMessage());
        assertEquals(request, new ShapeValidator(model).checkRequest(model.operation("CreateModelPackage"), request));
    }

    @Test
    void reachableShapesFollowMembersListsAndMaps() {
        assertTrue(model.reachableShapes("CreateModelPackageInput").containsAll(
                List.of("InferenceSpecification", "CustomerMetadataMap", "CustomerMetadataKey", "Tag", "TagKey")));
    }
}
