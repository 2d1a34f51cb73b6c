package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceModelTest {

    private final ServiceModel model = ServiceModel.load();

    @Test
    void loadsTheOfficialJson11ModelFromTheClasspath() {
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
    void supplementsOnlyWhatTheClasspathModelLacks() {
        assertTrue(model.shape("CreateModelPackageInput").members().containsKey("ModelLifeCycle"));
        assertTrue(model.shape("UpdateModelPackageInput").members().containsKey("ClientToken"));
        assertEquals(List.of("Stage", "StageStatus"), List.copyOf(model.shape("ModelLifeCycle").required()));
        // whatever the supplement added is reported, and refers to shapes that exist
        model.supplemented().forEach((shape, members) -> {
            if (!shape.equals("(shapes)")) {
                members.forEach(m -> assertNotNull(model.shape(model.shape(shape).members().get(m))));
            }
        });
    }

    @Test
    void reachableShapesFollowMembersListsAndMaps() {
        assertTrue(model.reachableShapes("CreateModelPackageInput").containsAll(
                List.of("InferenceSpecification", "CustomerMetadataMap", "CustomerMetadataKey", "Tag", "TagKey")));
    }
}
