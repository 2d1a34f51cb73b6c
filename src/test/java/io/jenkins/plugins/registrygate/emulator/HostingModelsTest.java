package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** CreateModel, DescribeModel, DeleteModel and ListModels. */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class HostingModelsTest extends HostingTestSupport {

    @Test
    void aModelFromAVersionedPackageIsDescribedAsCreated() {
        String arn = sm.createModel(b -> b.modelName("Churn-V1").executionRoleArn(ROLE)
                .containers(c -> c.modelPackageName(version1).environment(Map.of("LOG_LEVEL", "info")))
                .tags(Tag.builder().key("build").value("42").build())).modelArn();

        DescribeModelResponse d = sm.describeModel(b -> b.modelName("churn-v1"));
        assertEquals("Churn-V1", d.modelName());
        assertEquals(arn, d.modelArn());
        assertEquals(ROLE, d.executionRoleArn());
        assertEquals(version1, d.containers().get(0).modelPackageName());
        assertEquals(Map.of("LOG_LEVEL", "info"), d.containers().get(0).environment());
        assertEquals(T0, d.creationTime());
    }

    @Test
    void modelArnsCarryTheNameLowerCased() {
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model/churn-v1", createModel("Churn-V1", version1));
    }

    @Test
    void aPackageNamedByGroupAndVersionIsFound() {
        sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE).primaryContainer(c -> c.modelPackageName("churn/1")));

        assertEquals("churn/1", sm.describeModel(b -> b.modelName("m")).primaryContainer().modelPackageName());
    }

    @Test
    void aPackageThatDoesNotExistIsRefused() {
        SageMakerException e = expectError("ValidationException", () -> createModel("m", packageArn("churn", 7)));

        assertEquals("ModelPackage " + packageArn("churn", 7) + " does not exist.", e.awsErrorDetails().errorMessage());
        expectError("ValidationException", () -> sm.describeModel(b -> b.modelName("m")));
    }

    @Test
    void aDeletedVersionCannotBeDeployed() {
        sm.deleteModelPackage(b -> b.modelPackageName(version1));

        expectError("ValidationException", () -> createModel("m", version1));
    }

    @Test
    void anUnknownAdditionalInferenceSpecificationIsRefused() {
        SageMakerException e = expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m")
                .executionRoleArn(ROLE).containers(c -> c.modelPackageName(version1).inferenceSpecificationName("gpu"))));

        assertTrue(e.awsErrorDetails().errorMessage().contains("gpu"), e::getMessage);
    }

    @Test
    void anExecutionRoleThatDoesNotExistCannotBeAssumed() {
        String missing = "arn:aws:iam::123456789012:role/Gone";
        neighbours.withoutRole(missing);

        SageMakerException e = expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m")
                .executionRoleArn(missing).containers(c -> c.modelPackageName(version1))));

        assertEquals("Could not assume role " + missing + ". Please ensure that the role exists and allows principal "
                + "'sagemaker.amazonaws.com' to assume the role.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void missingModelDataDoesNotStopCreateModel() {
        neighbours.withoutObject(MODEL_DATA).withoutImage(IMAGE);

        createModel("m", version1);

        assertEquals("m", sm.describeModel(b -> b.modelName("m")).modelName());
    }

    @Test
    void aModelFromAnImageNeedsNoPackage() {
        sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(IMAGE).modelDataUrl(MODEL_DATA)));

        assertEquals(IMAGE, sm.describeModel(b -> b.modelName("m")).primaryContainer().image());
    }

    @Test
    void aNameTakenInAnotherCaseIsAlreadyExisting() {
        createModel("churn-v1", version1);

        SageMakerException e = expectError("ValidationException", () -> createModel("CHURN-V1", version1));

        assertEquals("Cannot create already existing model \"arn:aws:sagemaker:us-east-1:123456789012:model/churn-v1\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void bothPrimaryContainerAndContainersAreRefused() {
        expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE)
                .primaryContainer(c -> c.image(IMAGE)).containers(ContainerDefinition.builder().image(IMAGE).build())));
    }

    @Test
    void aModelWithoutContainerIsRefused() {
        expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE)));
    }

    @Test
    void aContainerWithNeitherImageNorPackageIsRefused() {
        expectError("ValidationException", () -> sm.createModel(b -> b.modelName("m").executionRoleArn(ROLE)
                .primaryContainer(c -> c.environment(Map.of("A", "b")))));
    }

    @Test
    void aNameOutsideThePatternIsRefusedByTheModel() {
        SageMakerException e = expectError("ValidationException", () -> createModel("churn_v1", version1));

        assertTrue(e.awsErrorDetails().errorMessage().contains("'modelName'"), e::getMessage);
    }

    @Test
    void describingAnUnknownModelCannotFindIt() {
        SageMakerException e = expectError("ValidationException", () -> sm.describeModel(b -> b.modelName("Ghost")));

        assertEquals("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/ghost\".",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void deleteModelRemovesIt() {
        createModel("m", version1);

        sm.deleteModel(b -> b.modelName("M"));

        expectError("ValidationException", () -> sm.describeModel(b -> b.modelName("m")));
        expectError("ValidationException", () -> sm.deleteModel(b -> b.modelName("m")));
    }

    @Test
    void listModelsIsNewestFirstByDefault() {
        createModel("a", version1);
        tick();
        createModel("b", version1);

        assertEquals(List.of("b", "a"), sm.listModels(b -> { }).models().stream().map(ModelSummary::modelName).toList());
        assertEquals(List.of("a", "b"), sm.listModels(b -> b.sortBy("Name").sortOrder("Ascending")).models().stream()
                .map(ModelSummary::modelName).toList());
    }

    @Test
    void modelsCanBeTagged() {
        String arn = createModel("m", version1);

        sm.addTags(b -> b.resourceArn(arn).tags(Tag.builder().key("env").value("prod").build()));

        assertEquals(List.of(Tag.builder().key("env").value("prod").build()), sm.listTags(b -> b.resourceArn(arn)).tags());
    }
}
