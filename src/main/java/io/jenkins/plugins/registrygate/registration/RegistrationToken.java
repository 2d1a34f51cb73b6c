package io.jenkins.plugins.registrygate.registration;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The SageMaker {@code ClientToken} of one registration, and the marker that finds its version again.
 *
 * <p>A new token is derived from an explicit, versioned encoding (never from {@code toString()} of a Java object,
 * which a plugin upgrade may change), so the same registration in the same build always gets the same token and two
 * different registrations never share one. Once derived, the step keeps the token in its saved state and reuses it
 * on resume, so a later change of the encoding cannot change the token of a registration already under way.
 *
 * <p><b>Encoding version 1.</b> SHA-256 over these values, in this order: the text {@code registerModel/1}; the step
 * identity (the build's externalizable id, {@code <job full name>#<number>}); {@code modelPackageGroup},
 * {@code imageUri}, {@code modelDataUrl}, {@code description}, {@code groupDescription}, {@code approvalStatus},
 * {@code metricsReportUri}, {@code modelCardStatus}, {@code modelCardContent}; the lists {@code contentTypes},
 * {@code responseTypes}, {@code inferenceInstanceTypes}; the maps {@code tags} and the customer metadata to be written
 * (lineage, registrant, {@code metric:*} and the user's keys; not the marker, which derives from the token). A text is
 * written as its UTF-8 length (4 bytes, big-endian) followed by its UTF-8 bytes; a list as its size (4 bytes,
 * big-endian) followed by its texts; a map as its size followed by key and value of each entry in ascending key order
 * ({@link String#compareTo}). Absent values are empty texts. The token is {@code mrg1-} followed by the first 31
 * lower-case hex digits of the digest: 36 characters, SageMaker's maximum ({@code [a-zA-Z0-9-]{1,36}}).
 *
 * <p><b>Marker.</b> The version records {@code jenkins:client-token-sha256} = lower-case hex SHA-256 of the token's
 * characters, so the registration can recognise its version after SageMaker has forgotten the token.
 */
public record RegistrationToken(String value) {

    /** Prefix of tokens derived with encoding version 1; a new encoding gets a new prefix. */
    static final String V1_PREFIX = "mrg1-";
    private static final String V1_DOMAIN = "registerModel/1";
    private static final Pattern CLIENT_TOKEN = Pattern.compile("[a-zA-Z0-9-]{1,36}");

    public RegistrationToken {
        Objects.requireNonNull(value, "value");
        if (!CLIENT_TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("not a SageMaker ClientToken (1 to 36 of a-z, A-Z, 0-9 and -): " + value);
        }
    }

    /** Derives the token of a new registration (encoding version 1). */
    public static RegistrationToken derive(String stepIdentity, RegistrationRequest r, Map<String, String> metadata) {
        Encoder e = new Encoder();
        e.text(V1_DOMAIN);
        e.text(stepIdentity);
        e.text(r.modelPackageGroup());
        e.text(r.imageUri());
        e.text(r.modelDataUrl());
        e.text(r.description());
        e.text(r.groupDescription());
        e.text(r.approvalStatus());
        e.text(r.metricsReportUri());
        e.text(r.modelCardStatus());
        e.text(r.modelCardContent());
        e.list(r.contentTypes());
        e.list(r.responseTypes());
        e.list(r.inferenceInstanceTypes());
        e.map(r.tags());
        e.map(metadata);
        return new RegistrationToken(V1_PREFIX + HexFormat.of().formatHex(sha256(e.bytes())).substring(0, 36 - V1_PREFIX.length()));
    }

    /** The value the version's {@code jenkins:client-token-sha256} holds. */
    public String marker() {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }

    /** Length-prefixed texts, lists and key-ordered maps: no two different inputs give the same bytes. */
    private static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void text(String s) {
            byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            size(b.length);
            out.writeBytes(b);
        }

        void list(List<String> items) {
            size(items.size());
            items.forEach(this::text);
        }

        void map(Map<String, String> entries) {
            size(entries.size());
            new TreeMap<>(entries).forEach((k, v) -> {
                text(k);
                text(v);
            });
        }

        private void size(int n) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
