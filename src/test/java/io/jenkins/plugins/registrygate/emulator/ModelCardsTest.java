package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelCardResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelCardStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelCardSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelCardVersionSummary;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** CreateModelCard, DescribeModelCard, UpdateModelCard, ListModelCards, ListModelCardVersions, DeleteModelCard. */
class ModelCardsTest extends EmulatorTestSupport {

    private static final String CONTENT = "{\"model_overview\":{\"model_description\":\"churn v1\"}}";
    private static final String CONTENT_2 = "{\"model_overview\":{\"model_description\":\"churn v1, risk reviewed\"}}";

    private String createCard(String name, ModelCardStatus status) {
        return sm.createModelCard(b -> b.modelCardName(name).content(CONTENT).modelCardStatus(status)).modelCardArn();
    }

    private DescribeModelCardResponse describe(String name) {
        return sm.describeModelCard(b -> b.modelCardName(name));
    }

    @Test
    void aNewCardIsVersionOneAsCreated() {
        Identities.Credentials alice = emu.identities().user("alice");
        String arn;
        try (var asAlice = EmulatorClients.sageMaker(emu, b -> b.credentialsProvider(
                EmulatorClients.credentials(alice.accessKeyId())))) {
            arn = asAlice.createModelCard(b -> b.modelCardName("Churn-Card").content(CONTENT)
                    .modelCardStatus(ModelCardStatus.DRAFT).tags(Tag.builder().key("team").value("ml").build()))
                    .modelCardArn();
        }

        DescribeModelCardResponse d = describe("churn-card");
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-card/Churn-Card", arn);
        assertEquals(arn, d.modelCardArn());
        assertEquals("Churn-Card", d.modelCardName());
        assertEquals(1, d.modelCardVersion());
        assertEquals(CONTENT, d.content());
        assertEquals(ModelCardStatus.DRAFT, d.modelCardStatus());
        assertEquals(T0, d.creationTime());
        assertEquals(alice.principal().arn(), d.createdBy().iamIdentity().arn());
        assertNull(d.lastModifiedBy());
    }

    @Test
    void aDuplicateNameIsAConflict() {
        createCard("churn-card", ModelCardStatus.DRAFT);

        SageMakerException e = expectError("ConflictException", () -> createCard("CHURN-CARD", ModelCardStatus.DRAFT));

        assertTrue(e instanceof ConflictException);
    }

    @Test
    void contentThatIsNotAJsonObjectIsRefused() {
        expectError("ValidationException", () -> sm.createModelCard(b -> b.modelCardName("c").content("[1,2]")
                .modelCardStatus(ModelCardStatus.DRAFT)));
    }

    @Test
    void aStatusUpdateChangesTheLatestVersionInPlace() {
        createCard("churn-card", ModelCardStatus.PENDING_REVIEW);
        tick();

        sm.updateModelCard(b -> b.modelCardName("churn-card").modelCardStatus(ModelCardStatus.APPROVED));

        DescribeModelCardResponse d = describe("churn-card");
        assertEquals(1, d.modelCardVersion());
        assertEquals(ModelCardStatus.APPROVED, d.modelCardStatus());
        assertEquals(T0.plusSeconds(1), d.lastModifiedTime());
        assertEquals("arn:aws:iam::123456789012:user/" + EmulatorClients.ACCESS_KEY_ID, d.lastModifiedBy().iamIdentity().arn());
    }

    @Test
    void aContentUpdateCreatesTheNextVersion() {
        createCard("churn-card", ModelCardStatus.DRAFT);

        sm.updateModelCard(b -> b.modelCardName("churn-card").content(CONTENT_2));

        assertEquals(2, describe("churn-card").modelCardVersion());
        assertEquals(CONTENT_2, describe("churn-card").content());
        assertEquals(CONTENT, sm.describeModelCard(b -> b.modelCardName("churn-card").modelCardVersion(1)).content());
    }

    @Test
    void contentAndStatusInOneCallAreRefused() {
        createCard("churn-card", ModelCardStatus.DRAFT);

        expectError("ValidationException", () -> sm.updateModelCard(b -> b.modelCardName("churn-card")
                .content(CONTENT_2).modelCardStatus(ModelCardStatus.APPROVED)));

        assertEquals(1, describe("churn-card").modelCardVersion());
        assertEquals(ModelCardStatus.DRAFT, describe("churn-card").modelCardStatus());
    }

    @Test
    void anArchivedCardTakesNoContent() {
        createCard("churn-card", ModelCardStatus.ARCHIVED);

        SageMakerException e = expectError("ConflictException",
                () -> sm.updateModelCard(b -> b.modelCardName("churn-card").content(CONTENT_2)));

        assertEquals("Model Card is in Archived state", e.awsErrorDetails().errorMessage());
        assertEquals(1, describe("churn-card").modelCardVersion());
    }

    @Test
    void anUnknownCardIsResourceNotFound() {
        SageMakerException e = expectError("ResourceNotFound", () -> describe("ghost"));

        assertTrue(e instanceof ResourceNotFoundException);
        expectError("ResourceNotFound", () -> sm.updateModelCard(b -> b.modelCardName("ghost")
                .modelCardStatus(ModelCardStatus.APPROVED)));
        expectError("ResourceNotFound", () -> sm.listModelCardVersions(b -> b.modelCardName("ghost")));
    }

    @Test
    void anUnknownVersionIsResourceNotFound() {
        createCard("churn-card", ModelCardStatus.DRAFT);

        expectError("ResourceNotFound", () -> sm.describeModelCard(b -> b.modelCardName("churn-card").modelCardVersion(2)));
    }

    @Test
    void aCardIsFoundByItsArn() {
        String arn = createCard("churn-card", ModelCardStatus.DRAFT);

        assertEquals("churn-card", describe(arn).modelCardName());
    }

    @Test
    void metadataOnlyLeavesTheContentOut() {
        createCard("churn-card", ModelCardStatus.DRAFT);
        // IncludedData is newer than SDK 2.40.2: sent as a newer client would, straight to the service.
        var request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("ModelCardName", "churn-card").put("IncludedData", "MetadataOnly");

        var d = emu.backend().invoke("DescribeModelCard", emu.backend().callerFor("reader"), request);

        assertEquals("{}", d.get("Content").asText());
        assertEquals(List.of(), emu.backend().validator().responseViolations("DescribeModelCardResponse", d));
    }

    @Test
    void listModelCardsShowsTheLatestStatusAndFilters() {
        createCard("churn-card", ModelCardStatus.DRAFT);
        tick();
        createCard("fraud-card", ModelCardStatus.APPROVED);
        sm.updateModelCard(b -> b.modelCardName("churn-card").modelCardStatus(ModelCardStatus.APPROVED));

        List<ModelCardSummary> all = sm.listModelCards(b -> { }).modelCardSummaries();
        assertEquals(List.of("churn-card", "fraud-card"), all.stream().map(ModelCardSummary::modelCardName).toList());
        assertEquals(ModelCardStatus.APPROVED, all.get(0).modelCardStatus());
        assertEquals(List.of("fraud-card"), sm.listModelCards(b -> b.nameContains("fraud")).modelCardSummaries().stream()
                .map(ModelCardSummary::modelCardName).toList());
    }

    @Test
    void listModelCardVersionsListsEveryVersion() {
        createCard("churn-card", ModelCardStatus.DRAFT);
        sm.updateModelCard(b -> b.modelCardName("churn-card").content(CONTENT_2));

        List<ModelCardVersionSummary> versions = sm.listModelCardVersions(b -> b.modelCardName("churn-card"))
                .modelCardVersionSummaryList();

        assertEquals(List.of(1, 2), versions.stream().map(ModelCardVersionSummary::modelCardVersion).toList());
        assertEquals(List.of(2, 1), sm.listModelCardVersions(b -> b.modelCardName("churn-card").sortOrder("Descending"))
                .modelCardVersionSummaryList().stream().map(ModelCardVersionSummary::modelCardVersion).toList());
    }

    @Test
    void deleteModelCardRemovesIt() {
        createCard("churn-card", ModelCardStatus.DRAFT);

        sm.deleteModelCard(b -> b.modelCardName("churn-card"));

        expectError("ResourceNotFound", () -> describe("churn-card"));
    }

    @Test
    void cardsCanBeTagged() {
        String arn = createCard("churn-card", ModelCardStatus.DRAFT);

        sm.addTags(b -> b.resourceArn(arn).tags(Tag.builder().key("risk").value("low").build()));

        assertEquals(List.of(Tag.builder().key("risk").value("low").build()), sm.listTags(b -> b.resourceArn(arn)).tags());
    }
}
