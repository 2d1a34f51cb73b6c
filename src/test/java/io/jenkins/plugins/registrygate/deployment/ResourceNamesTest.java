package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResourceNamesTest {

    static final Pattern MODEL_NAME = Pattern.compile("[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?");
    static final Pattern CONFIG_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    @Test
    void namesSayGroupVersionAndBuild() {
        ResourceNames n = ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "churn-prod");
        assertTrue(n.modelName().matches("churn-model-v7-b42-[0-9a-f]{8}"), n.modelName());
        assertEquals(n.modelName(), n.endpointConfigName());
    }

    @Test
    void theSameDeploymentAlwaysGetsTheSameNames() {
        assertEquals(ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "churn-prod"),
                ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "CHURN-PROD"));
    }

    @Test
    void anotherJobWithTheSameBuildNumberOrAnotherEndpointGetsOtherNames() {
        ResourceNames a = ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "churn-prod");
        assertNotEquals(a, ResourceNames.of("churn-model", 7, "ml/churn-hotfix#42", "d-1", 42, "churn-prod"));
        assertNotEquals(a, ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "churn-staging"));
    }

    @Test
    void aSecondDeploymentOfTheSameVersionInOneBuildGetsItsOwnNames() {
        assertNotEquals(ResourceNames.of("churn-model", 7, "ml/churn#42", "d-1", 42, "churn-prod"),
                ResourceNames.of("churn-model", 7, "ml/churn#42", "d-2", 42, "churn-prod"));
    }

    @Test
    void longGroupsAreShortenedWithinSageMakersRules() {
        String group = "a".repeat(60) + "-x-y";
        ResourceNames n = ResourceNames.of(group, 2147483647, "job#2147483647", "d-1", 2147483647, "e");
        assertTrue(n.modelName().length() <= 63, n.modelName());
        assertTrue(MODEL_NAME.matcher(n.modelName()).matches(), n.modelName());
        assertTrue(CONFIG_NAME.matcher(n.endpointConfigName()).matches(), n.endpointConfigName());
        ResourceNames hyphen = ResourceNames.of("a".repeat(44) + "-" + "b".repeat(18), 1, "j#1", "d-1", 1, "e");
        assertTrue(CONFIG_NAME.matcher(hyphen.endpointConfigName()).matches(), hyphen.endpointConfigName());
    }
}
