package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** The validator alone, on JSON trees (no HTTP). */
class ShapeValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ShapeValidator validator = new ShapeValidator(ServiceModel.load());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private List<String> violations(String shape, String body) throws Exception {
        return validator.requestViolations(shape, json(body));
    }

    @Test
    void validRequestHasNoViolations() throws Exception {
        assertEquals(List.of(), violations("CreateModelPackageGroupInput",
                "{'ModelPackageGroupName':'churn','Tags':[{'Key':'team','Value':'ml'}]}"));
    }

    @Test
    void missingRequiredMemberIsReportedAsNull() throws Exception {
        assertEquals(List.of("Value null at 'modelPackageGroupName' failed to satisfy constraint: Member must not be null"),
                violations("CreateModelPackageGroupInput", "{}"));
    }

    @Test
    void jsonNullCountsAsAbsent() throws Exception {
        assertEquals(1, violations("CreateModelPackageGroupInput", "{'ModelPackageGroupName':null}").size());
    }

    @Test
    void everyViolatedConstraintOfAValueIsListed() throws Exception {
        List<String> v = violations("CreateModelPackageGroupInput", "{'ModelPackageGroupName':''}");

        assertEquals(2, v.size());
        assertTrue(v.get(0).endsWith("Member must have length greater than or equal to 1"));
        assertTrue(v.get(1).contains("Member must satisfy regular expression pattern"));
    }

    @Test
    void messageCountsTheViolations() {
        assertEquals("1 validation error detected: a", ShapeValidator.formatValidationMessage(List.of("a")));
        assertEquals("2 validation errors detected: a; b", ShapeValidator.formatValidationMessage(List.of("a", "b")));
    }

    @Test
    void scalarListElementsAreReportedAtTheList() throws Exception {
        List<String> v = violations("DeleteTagsInput",
                "{'ResourceArn':'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g','TagKeys':['ok','']}");

        assertEquals(List.of("Value '[ok, ]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must have length greater than or equal to 1]"), v);
    }

    @Test
    void mapValuesAreCheckedAgainstTheValueShape() throws Exception {
        List<String> v = violations("UpdateModelPackageInput", "{'ModelPackageArn':'arn:aws:sagemaker:us-east-1:123456789012:"
                + "model-package/g/1','CustomerMetadataProperties':{'k':''}}");

        assertEquals(1, v.size());
        assertTrue(v.get(0).contains("Map value must satisfy constraint: [Member must have length greater than or equal to 1"), v::toString);
    }

    @Test
    void sensitiveValuesAreNotEchoed() throws Exception {
        String tooLong = "x".repeat(100_001);
        List<String> v = violations("ModelPackageModelCard", "{'ModelCardContent':'" + tooLong + "'}");

        assertEquals(List.of("Value at 'modelCardContent' failed to satisfy constraint: "
                + "Member must have length less than or equal to 100000"), v);
    }

    @Test
    void wrongJsonTypeIsSerializationException() {
        ServiceError e = assertThrows(ServiceError.class,
                () -> violations("ListModelPackagesInput", "{'MaxResults':'10'}"));

        assertEquals("SerializationException", e.errorCode());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void fractionalNumberForAnIntegerIsSerializationException() {
        assertThrows(ServiceError.class, () -> violations("ListModelPackagesInput", "{'MaxResults':1.5}"));
    }

    @Test
    void timestampMustBeANumber() {
        assertThrows(ServiceError.class,
                () -> violations("ListModelPackagesInput", "{'CreationTimeAfter':'2026-01-01T00:00:00Z'}"));
    }

    @Test
    void checkRequestDropsUnknownMembersRecursively() throws Exception {
        ServiceModel.Operation op = validator.model().operation("CreateModelPackageGroup");

        ObjectNode pruned = validator.checkRequest(op, json(
                "{'ModelPackageGroupName':'g','Unknown':1,'Tags':[{'Key':'k','Value':'v','Extra':true}]}"));

        assertEquals(json("{'ModelPackageGroupName':'g','Tags':[{'Key':'k','Value':'v'}]}"), pruned);
    }

    @Test
    void checkRequestThrowsOneValidationExceptionForAllViolations() {
        ServiceModel.Operation op = validator.model().operation("ListModelPackages");

        ServiceError e = assertThrows(ServiceError.class,
                () -> validator.checkRequest(op, json("{'MaxResults':0,'SortOrder':'Sideways'}")));

        assertEquals("ValidationException", e.errorCode());
        assertTrue(e.getMessage().startsWith("2 validation errors detected: "), e::getMessage);
    }

    @Test
    void responseValidatorAcceptsAConformingBody() throws Exception {
        assertEquals(List.of(), validator.responseViolations("ListModelPackagesOutput", json(
                "{'ModelPackageSummaryList':[{'ModelPackageArn':'a','CreationTime':1.5,'ModelPackageStatus':'Completed'}]}")));
    }

    @Test
    void responseValidatorFindsMissingRequiredWrongTypesBadEnumsAndStrangers() throws Exception {
        List<String> v = validator.responseViolations("ListModelPackagesOutput", json(
                "{'ModelPackageSummaryList':[{'CreationTime':'2026-01-01','ModelPackageStatus':'Done','Colour':'red'}]}"));

        assertEquals(4, v.size(), v::toString);
        assertTrue(v.stream().anyMatch(s -> s.contains("ModelPackageArn: required member is missing")));
        assertTrue(v.stream().anyMatch(s -> s.contains("CreationTime: expected a timestamp")));
        assertTrue(v.stream().anyMatch(s -> s.contains("'Done' is not one of")));
        assertTrue(v.stream().anyMatch(s -> s.contains("Colour: not a member")));
    }

    @Test
    void responseValidatorChecksMapSizes() throws Exception {
        assertFalse(validator.responseViolations("DescribeModelPackageOutput", json("{'CustomerMetadataProperties':{}}"))
                .stream().noneMatch(s -> s.contains("CustomerMetadataProperties: Member must have length greater than or equal to 1")));
    }
}
