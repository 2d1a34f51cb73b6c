package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

class TagsTest extends EmulatorTestSupport {

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    private Map<String, String> tagsOf(String arn) {
        return sm.listTags(b -> b.resourceArn(arn)).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void tagsGivenAtGroupCreationAreListed() {
        String arn = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn")
                .tags(tag("team", "ml"), tag("cost-center", "42"))).modelPackageGroupArn();

        assertEquals(Map.of("team", "ml", "cost-center", "42"), tagsOf(arn));
    }

    @Test
    void addTagsAddsAndOverwritesOnAGroup() {
        String arn = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn").tags(tag("team", "ml")))
                .modelPackageGroupArn();

        sm.addTags(b -> b.resourceArn(arn).tags(tag("team", "risk"), tag("env", "prod")));

        assertEquals(Map.of("team", "risk", "env", "prod"), tagsOf(arn));
    }

    @Test
    void deleteTagsRemovesKeys() {
        String arn = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn")
                .tags(tag("team", "ml"), tag("env", "dev"))).modelPackageGroupArn();

        sm.deleteTags(b -> b.resourceArn(arn).tagKeys("env"));

        assertEquals(Map.of("team", "ml"), tagsOf(arn));
    }

    @Test
    void addTagsOnAVersionedPackageIsValidationException() {
        createGroup("churn");
        String version = createVersion("churn");

        SageMakerException e = expectError("ValidationException",
                () -> sm.addTags(b -> b.resourceArn(version).tags(tag("gate", "passed"))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("do not support tags"), e::getMessage);
    }

    @Test
    void listTagsOnAVersionedPackageIsValidationException() {
        createGroup("churn");
        String version = createVersion("churn");

        expectError("ValidationException", () -> sm.listTags(b -> b.resourceArn(version)));
    }

    @Test
    void tagsInCreateOfAVersionedPackageAreValidationException() {
        createGroup("churn");

        expectError("ValidationException", () -> createVersion("churn", b -> b.tags(tag("gate", "passed"))));
        assertEquals(List.of(), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void unversionedPackagesCanBeTagged() {
        String arn = sm.createModelPackage(versionOf(null).modelPackageName("legacy").tags(tag("team", "ml")).build())
                .modelPackageArn();

        sm.addTags(b -> b.resourceArn(arn).tags(tag("env", "prod")));

        assertEquals(Map.of("team", "ml", "env", "prod"), tagsOf(arn));
    }

    @Test
    void moreThanFiftyTagsOnAResourceIsValidationException() {
        String arn = createGroup("churn");
        List<Tag> fifty = java.util.stream.IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
        sm.addTags(b -> b.resourceArn(arn).tags(fifty));

        expectError("ValidationException", () -> sm.addTags(b -> b.resourceArn(arn).tags(tag("one-more", "v"))));
    }

    @Test
    void tagsOfAnUnknownGroupAreValidationException() {
        expectError("ValidationException", () -> sm.listTags(b -> b.resourceArn(groupArn("ghost"))));
    }

    @Test
    void tagsOfADeletedGroupAreGone() {
        String arn = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn").tags(tag("team", "ml")))
                .modelPackageGroupArn();
        sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("churn"));
        createGroup("churn");

        assertEquals(Map.of(), tagsOf(arn));
    }
}
