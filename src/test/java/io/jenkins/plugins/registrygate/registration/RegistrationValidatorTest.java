package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.validation.InvalidParametersException;
import io.jenkins.plugins.registrygate.validation.Violation;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every registerModel input rule refuses bad input by naming the parameter and the rule, before any AWS call. */
class RegistrationValidatorTest {

    static RegistrationRequest.Builder valid() {
        return RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE);
    }

    static Map<String, String> entries(int n) {
        Map<String, String> m = new HashMap<>();
        IntStream.range(0, n).forEach(i -> m.put("k" + i, "v"));
        return m;
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                bad("modelPackageGroup", "is required", b -> RegistrationRequest.builder("", RegistryFixture.IMAGE)),
                bad("modelPackageGroup", "letters, digits and hyphens", b -> RegistrationRequest.builder("bad_name!", RegistryFixture.IMAGE)),
                bad("modelPackageGroup", "letters, digits and hyphens", b -> RegistrationRequest.builder("trailing-", RegistryFixture.IMAGE)),
                bad("modelPackageGroup", "at most 63", b -> RegistrationRequest.builder("a".repeat(64), RegistryFixture.IMAGE)),
                bad("imageUri", "is required", b -> RegistrationRequest.builder("churn-model", "")),
                bad("imageUri", "without spaces", b -> RegistrationRequest.builder("churn-model", "repo/image latest")),
                bad("imageUri", "at most 255", b -> RegistrationRequest.builder("churn-model", "r/" + "x".repeat(260))),
                bad("modelDataUrl", "s3:// or https://", b -> b.modelDataUrl("ftp://models/model.tar.gz")),
                bad("modelDataUrl", "at most 1024", b -> b.modelDataUrl("s3://b/" + "k".repeat(1030))),
                bad("description", "no control characters", b -> b.description("line\u0007bell")),
                bad("description", "at most 1024", b -> b.description("d".repeat(1025))),
                bad("groupDescription", "at most 1024", b -> b.groupDescription("d".repeat(1025))),
                bad("contentTypes", "MIME type", b -> b.contentTypes(java.util.List.of("text csv"))),
                bad("responseTypes", "MIME type", b -> b.responseTypes(java.util.List.of(" "))),
                bad("inferenceInstanceTypes", "instance type", b -> b.inferenceInstanceTypes(java.util.List.of("m5.large"))),
                bad("metricsReportUri", "s3:// or https://", b -> b.metricsReportUri("report.json")),
                bad("metrics.auc", "finite number", b -> b.metrics(Map.of("auc", "high"))),
                bad("metrics.auc", "finite number", b -> b.metrics(Map.of("auc", "NaN"))),
                bad("metrics", "metric names", b -> b.metrics(Map.of("a#b", "1"))),
                bad("trainingJobName", "letters, digits and hyphens", b -> b.trainingJobName("job_1")),
                bad("customerMetadata", "keys must be 1 to 128", b -> b.customerMetadata(Map.of("k".repeat(129), "v"))),
                bad("customerMetadata", "keys must be 1 to 128", b -> b.customerMetadata(Map.of("bad#key", "v"))),
                bad("customerMetadata.k", "values must be 1 to 256", b -> b.customerMetadata(Map.of("k", "v".repeat(257)))),
                bad("customerMetadata.k", "values must be 1 to 256", b -> b.customerMetadata(Map.of("k", "a,b"))),
                bad("customerMetadata", "written by the plugin itself", b -> b.customerMetadata(Map.of("approval:decided-by", "mallory"))),
                bad("customerMetadata", "written by the plugin itself", b -> b.customerMetadata(Map.of("jenkins:registered-by", "someone-else"))),
                bad("customerMetadata", "written by the plugin itself", b -> b.customerMetadata(Map.of("metric:auc", "0.99"))),
                bad("metrics", "(no spaces)", b -> b.metrics(Map.of("holdout auc", "0.9"))),
                bad("approvalStatus", "must be one of Approved, PendingManualApproval, Rejected", b -> b.approvalStatus("Yes")),
                bad("modelCardStatus", "must be one of", b -> b.modelCardStatus("Final")),
                bad("modelCardStatus", "is required when modelCardContent", b -> b.modelCardContent("{}")),
                bad("modelCardContent", "must be a JSON object", b -> b.modelCardContent("not json").modelCardStatus("Draft")),
                bad("modelCardContent", "must be a JSON object", b -> b.modelCardContent("[1, 2]").modelCardStatus("Draft")),
                bad("modelCardContent", "at most 100000", b -> b.modelCardContent("{\"a\":\"" + "x".repeat(100_000) + "\"}").modelCardStatus("Draft")),
                bad("tags", "at most 50 tags", b -> b.tags(entries(51))),
                bad("tags", "must not start with 'aws:'", b -> b.tags(Map.of("aws:owner", "x"))),
                bad("tags.k", "tag values", b -> b.tags(Map.of("k", "v".repeat(257)))),
                bad("imageDigest", "sha256:<64 hex digits>", b -> b.lineage(LineageField.IMAGE_DIGEST, "md5:abc")),
                bad("dataVersion", "1 to 256 characters", b -> b.lineage(LineageField.DATA_VERSION, "v1,v2")));
    }

    static Arguments bad(String parameter, String rule, UnaryOperator<RegistrationRequest.Builder> edit) {
        return Arguments.of(parameter, rule, edit);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badInput")
    void badInputNamesTheParameterAndTheRule(String parameter, String rule, UnaryOperator<RegistrationRequest.Builder> edit) {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> RegistrationValidator.validate(edit.apply(valid()).build()));

        Violation v = e.violations().stream().filter(x -> x.parameter().equals(parameter)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation for " + parameter + " in " + e.getMessage()));
        assertTrue(v.rule().contains(rule), v.rule());
        assertTrue(e.getMessage().startsWith("registerModel: "), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var e = assertThrows(InvalidParametersException.class, () -> RegistrationValidator.validate(
                RegistrationRequest.builder("bad_name", "").approvalStatus("maybe").build()));

        assertEquals(3, e.violations().size(), e.getMessage());
    }

    @Test
    void metadataThatLeavesNoRoomForTheApprovalRecordIsRefusedBeforeAnyCall() {
        // 35 own entries + 5 lineage entries + registered-by + the registration marker = 42: one more than the 41
        // that leave room for approval.
        var request = valid().customerMetadata(entries(35)).build();

        var e = assertThrows(InvalidParametersException.class,
                () -> ModelRegistration.prepare(request, ModelRegistrationTest.BUILD_ENV, "b#1", "dave"));
        assertTrue(e.getMessage().contains("at most 41 metadata entries per version (SageMaker keeps 50; 9 stay free for the approval record)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("with lineage, metrics and the registration marker this registration would write 42"), e.getMessage());
    }

    @Test
    void metadataThatFillsExactlyTheRegistrationsShareIsAccepted() {
        var request = valid().customerMetadata(entries(34)).build();

        var p = ModelRegistration.prepare(request, ModelRegistrationTest.BUILD_ENV, "b#1", "dave");

        assertEquals(41, p.metadata().size());
        assertTrue(p.metadata().containsKey("jenkins:client-token-sha256"));
    }

    @Test
    void aCompleteValidRequestPasses() {
        assertDoesNotThrow(() -> RegistrationValidator.validate(valid()
                .modelDataUrl("s3://bucket/model.tar.gz")
                .inferenceInstanceTypes(java.util.List.of("ml.m5.large"))
                .metrics(Map.of("auc", "0.91", "loss", "-1.5e-3"))
                .customerMetadata(Map.of("team", "risk analytics"))
                .modelCardStatus("Draft").modelCardContent("{}")
                .tags(Map.of("cost-center", "ml-42"))
                .build()));
    }
}
