package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Versioned model package ARNs: arn:aws:sagemaker:region:account:model-package/group/version. */
class ModelPackageRefTest {

    @Test
    void groupAndVersionAreReadFromTheArn() {
        ModelPackageRef r = ModelPackageRef.fromArn("arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model/12", "Approved");

        assertEquals("churn-model", r.group());
        assertEquals(12, r.version());
        assertEquals(12, r.toPipelineMap().get("modelPackageVersion"));
    }

    @Test
    void groupArnsAndUnversionedPackagesAreNotVersionedArns() {
        assertFalse(ModelPackageRef.isVersionedArn("arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/churn-model"));
        assertFalse(ModelPackageRef.isVersionedArn("arn:aws:sagemaker:eu-west-1:123456789012:model-package/churn-model"));
        assertThrows(IllegalArgumentException.class, () -> ModelPackageRef.fromArn("churn-model/1", ""));
    }
}
