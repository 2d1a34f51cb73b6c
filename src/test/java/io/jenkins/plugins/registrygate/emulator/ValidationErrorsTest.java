package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** Requests that break the model's constraints get the AWS-style ValidationException, before any state changes. */
class ValidationErrorsTest extends EmulatorTestSupport {

    private static final ServiceModel MODEL = ServiceModel.load();

    private static String pattern(String shape) {
        return MODEL.shape(shape).pattern();
    }

    private static Arguments invalid(String what, Consumer<SageMakerClient> call, String expectedMessagePart) {
        return Arguments.of(what, call, expectedMessagePart);
    }

    static Stream<Arguments> invalidRequests() {
        Map<String, String> fiftyOne = new LinkedHashMap<>();
        IntStream.range(0, 51).forEach(i -> fiftyOne.put("k" + i, "v"));
        List<Tag> fiftyOneTags = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        return Stream.of(
                invalid("pattern", sm -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("bad_name!")),
                        "1 validation error detected: Value 'bad_name!' at 'modelPackageGroupName' failed to satisfy "
                                + "constraint: Member must satisfy regular expression pattern: " + pattern("EntityName")),
                invalid("max length", sm -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("a".repeat(64))),
                        "at 'modelPackageGroupName' failed to satisfy constraint: Member must have length less than or equal to 63"),
                invalid("required", sm -> sm.createModelPackageGroup(b -> { }),
                        "1 validation error detected: Value null at 'modelPackageGroupName' failed to satisfy constraint: "
                                + "Member must not be null"),
                invalid("enum", sm -> sm.createModelPackage(versionOf("churn").modelApprovalStatus("Maybe").build()),
                        "Value 'Maybe' at 'modelApprovalStatus' failed to satisfy constraint: Member must satisfy enum "
                                + "value set: [Approved, Rejected, PendingManualApproval]"),
                invalid("list size", sm -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("g").tags(fiftyOneTags)),
                        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"),
                invalid("metadata count", sm -> sm.createModelPackage(versionOf("churn").customerMetadataProperties(fiftyOne).build()),
                        "at 'customerMetadataProperties' failed to satisfy constraint: Member must have length less than or equal to 50"),
                invalid("metadata key characters", sm -> sm.createModelPackage(versionOf("churn")
                                .customerMetadataProperties(Map.of("x#y", "v")).build()),
                        "Value '{x#y=v}' at 'customerMetadataProperties' failed to satisfy constraint: Map keys must satisfy "
                                + "constraint: [Member must satisfy regular expression pattern: " + pattern("CustomerMetadataKey") + "]"),
                invalid("nested member in a list", sm -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("g")
                                .tags(Tag.builder().key("").value("v").build())),
                        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"),
                invalid("nested required member", sm -> sm.createModelPackage(versionOf("churn")
                                .modelLifeCycle(l -> l.stage("Dev")).build()),
                        "Value null at 'modelLifeCycle.stageStatus' failed to satisfy constraint: Member must not be null"),
                invalid("number below min", sm -> sm.listModelPackages(b -> b.maxResults(0)),
                        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
                invalid("number above max", sm -> sm.listModelPackageGroups(b -> b.maxResults(101)),
                        "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"),
                invalid("ListTags page size", sm -> sm.listTags(b -> b.resourceArn("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g").maxResults(10)),
                        "Member must have value greater than or equal to 50"),
                invalid("client token pattern", sm -> sm.createModelPackage(versionOf("churn").clientToken("build_42").build()),
                        "Value 'build_42' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                                + pattern("ClientToken")),
                invalid("trailing hyphen", sm -> sm.describeModelPackage(b -> b.modelPackageName("churn-")),
                        "at 'modelPackageName' failed to satisfy constraint: Member must satisfy regular expression pattern"),
                invalid("update needs an ARN", sm -> sm.updateModelPackage(b -> b.modelPackageArn("churn/1")),
                        "Value 'churn/1' at 'modelPackageArn' failed to satisfy constraint: Member must satisfy regular expression pattern"),
                invalid("several errors", sm -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("")),
                        "2 validation errors detected: Value '' at 'modelPackageGroupName' failed to satisfy constraint: "
                                + "Member must have length greater than or equal to 1; Value '' at 'modelPackageGroupName'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidRequestIsValidationException(String what, Consumer<SageMakerClient> call, String expectedMessagePart) {
        createGroup("churn");

        SageMakerException e = expectError("ValidationException", () -> call.accept(sm));

        assertTrue(e.awsErrorDetails().errorMessage().contains(expectedMessagePart),
                () -> "expected <" + expectedMessagePart + "> in <" + e.awsErrorDetails().errorMessage() + ">");
        assertEquals(1, e.numAttempts(), "validation errors are not retried");
        assertEquals(List.of(), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void errorCarriesTheErrorTypeHeaderAndTheRequestId() {
        SageMakerException e = expectError("ValidationException",
                () -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("bad_name!")));

        assertEquals("ValidationException",
                e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("X-Amzn-ErrorType").orElseThrow());
        assertNotNull(e.requestId());
        assertEquals(emu.calls().get(0).requestId(), e.requestId());
        assertEquals(400, emu.calls().get(0).httpStatus());
    }

    @Test
    void invalidGroupIsNotCreated() {
        expectError("ValidationException", () -> sm.createModelPackageGroup(b -> b.modelPackageGroupName("bad_name!")));

        assertEquals(List.of(), emu.backend().modelPackageGroupNames());
    }
}
