package io.jenkins.plugins.registrygate.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ClientToken's encoding, version 1, as docs/steps/registerModel.md and {@link RegistrationToken} describe it. */
class RegistrationTokenTest {

    static RegistrationRequest.Builder churn() {
        return RegistrationRequest.builder("churn-model", "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.4.2")
                .modelDataUrl("s3://models/churn/42/model.tar.gz")
                .description("Churn classifier")
                .contentTypes(List.of("text/csv", "application/json"))
                .tags(Map.of("team", "risk"));
    }

    static final Map<String, String> METADATA = Map.of("metric:auc", "0.91", "jenkins:job", "churn", "git:commit", "9fceb02");

    /** The documented encoding, written independently of the plugin's code. */
    static String documented(String step, RegistrationRequest r, Map<String, String> metadata) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // big-endian
        for (String s : List.of("registerModel/1", step, r.modelPackageGroup(), r.imageUri(), r.modelDataUrl(), r.description(),
                r.groupDescription(), r.approvalStatus(), r.metricsReportUri(), r.modelCardStatus(), r.modelCardContent())) {
            text(out, s);
        }
        for (List<String> l : List.of(r.contentTypes(), r.responseTypes(), r.inferenceInstanceTypes())) {
            out.writeInt(l.size());
            for (String s : l) {
                text(out, s);
            }
        }
        for (Map<String, String> m : List.of(r.tags(), metadata)) {
            out.writeInt(m.size());
            for (var e : new TreeMap<>(m).entrySet()) {
                text(out, e.getKey());
                text(out, e.getValue());
            }
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        return "mrg1-" + HexFormat.of().formatHex(digest).substring(0, 31);
    }

    static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    @Test
    void theTokenFollowsTheDocumentedEncoding() throws Exception {
        RegistrationRequest r = churn().build();

        assertEquals(documented("churn#42", r, METADATA), RegistrationToken.derive("churn#42", r, METADATA).value());
    }

    @Test
    void aGivenRegistrationKeepsItsTokenAcrossReleases() {
        // Pinned: changing the encoding changes every token; that needs a new version prefix, not an edit of v1.
        assertEquals("mrg1-136f419ca0824dacb30b91ed87cc2e2", RegistrationToken.derive("churn#42", churn().build(), METADATA).value());
    }

    @Test
    void theTokenIsAValidSageMakerClientToken() {
        String token = RegistrationToken.derive("folder/sub folder/churn#42", churn().description("ünïcødé").build(), METADATA).value();

        assertEquals(36, token.length());
        assertTrue(token.matches("[a-zA-Z0-9-]{1,36}"), token);
    }

    @Test
    void everyPartOfTheRegistrationChangesTheToken() {
        String base = RegistrationToken.derive("churn#42", churn().build(), METADATA).value();

        assertNotEquals(base, RegistrationToken.derive("churn#43", churn().build(), METADATA).value(), "another build");
        assertNotEquals(base, RegistrationToken.derive("churn#42", churn().description("other").build(), METADATA).value(), "description");
        assertNotEquals(base, RegistrationToken.derive("churn#42", churn().tags(Map.of("team", "ops")).build(), METADATA).value(), "tags");
        assertNotEquals(base, RegistrationToken.derive("churn#42", churn().contentTypes(List.of("text/csv")).build(), METADATA).value(), "content types");
        Map<String, String> otherMetric = new LinkedHashMap<>(METADATA);
        otherMetric.put("metric:auc", "0.92");
        assertNotEquals(base, RegistrationToken.derive("churn#42", churn().build(), otherMetric).value(), "a metric");
    }

    @Test
    void valuesCannotSpillIntoTheirNeighbours() {
        String ab = RegistrationToken.derive("churn#42", churn().description("ab").groupDescription("").build(), METADATA).value();
        String aB = RegistrationToken.derive("churn#42", churn().description("a").groupDescription("b").build(), METADATA).value();

        assertNotEquals(ab, aB);
    }

    @Test
    void theOrderInWhichMetadataWasCollectedDoesNotMatter() {
        Map<String, String> reversed = new LinkedHashMap<>();
        new TreeMap<>(METADATA).descendingMap().forEach(reversed::put);

        assertEquals(RegistrationToken.derive("churn#42", churn().build(), METADATA),
                RegistrationToken.derive("churn#42", churn().build(), reversed));
    }

    @Test
    void theMarkerIsTheSha256OfTheToken() throws Exception {
        RegistrationToken t = new RegistrationToken("mrg1-0123456789abcdef0123456789abcde");

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(t.value().getBytes(StandardCharsets.US_ASCII))),
                t.marker());
    }

    @Test
    void aSavedTokenThatSageMakerWouldRefuseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RegistrationToken("mrg1_not valid"));
    }
}
