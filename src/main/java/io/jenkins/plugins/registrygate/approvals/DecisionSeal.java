package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the decision records this plugin writes ({@code approval:decided-by}, {@code -at}, {@code path}) with a key
 * only the controller holds, and checks a record's seal ({@link MetadataKeys#APPROVAL_SEAL}).
 *
 * <p>Why: the record is written with the build's own AWS credentials, which a Jenkinsfile can bind and use to write
 * any metadata it likes. Without a seal, "Approved by Jenkins user bob" in the registry proves nothing; with it, only
 * the controller (through this plugin) can have written it. The seal is an HMAC-SHA256 over a versioned canonical
 * text of the package ARN (lower-cased: ARNs are compared without case), the status written, decided-by, decided-at
 * and the path; a record copied to another version, or with any of these changed, does not verify.
 */
public final class DecisionSeal {

    /** The version of the canonical text, also the prefix of the stored value. */
    static final String VERSION = "v1";

    /** The controller's secret: an HMAC-SHA256 of a text, as lower-case hex. */
    @FunctionalInterface
    public interface Key {
        String mac(String message);
    }

    private final Key key;

    public DecisionSeal(Key key) {
        this.key = Objects.requireNonNull(key);
    }

    /** A seal with a key given as bytes: tests, tools, and a runtime that has no controller key. */
    public static DecisionSeal withSecret(byte[] secret) {
        SecretKeySpec spec = new SecretKeySpec(secret.clone(), "HmacSHA256");
        return new DecisionSeal(message -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /** The value of {@link MetadataKeys#APPROVAL_SEAL} for a decision record. */
    public String seal(String packageArn, String status, String decidedBy, String decidedAt, String path) {
        return VERSION + ":" + key.mac(canonical(packageArn, status, decidedBy, decidedAt, path));
    }

    /**
     * Whether {@code metadata} carries a seal this controller wrote for exactly this version, {@code status} and the
     * record's decided-by, decided-at and path. A record without a seal (forged, or written before seals existed)
     * does not verify.
     */
    public boolean verifies(String packageArn, String status, Map<String, String> metadata) {
        String stored = metadata.get(MetadataKeys.APPROVAL_SEAL);
        if (stored == null || !stored.startsWith(VERSION + ":")) {
            return false;
        }
        String expected = seal(packageArn, status, metadata.getOrDefault(MetadataKeys.APPROVED_BY, ""),
                metadata.getOrDefault(MetadataKeys.APPROVED_AT, ""), metadata.getOrDefault(MetadataKeys.APPROVAL_PATH, ""));
        // Constant time, so a forger cannot learn the seal byte by byte from response times.
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }

    /** A tier sign-off's registry value fits SageMaker's 256 characters with its seal appended. */
    static final int TIER_TEXT_MAX = 256 - 1 - (VERSION.length() + 1 + 64);

    /**
     * A tier sign-off as the registry stores it ({@code approval:tier:<tier>}): its text ({@code <user> <instant>})
     * followed by a seal over that text, the tier's key and the version, so that a sign-off a build wrote with its own
     * AWS credentials, or one copied from another version or tier, is not taken for a reviewer's.
     */
    public String sealedTierValue(String packageArn, String tierKey, String text) {
        String t = text.length() > TIER_TEXT_MAX ? text.substring(0, TIER_TEXT_MAX) : text;
        return t + " " + seal(packageArn, tierKey, t, "", "tier");
    }

    /** The text of a sealed tier value whose seal this controller wrote for this version and tier; empty otherwise. */
    public Optional<String> tierText(String packageArn, String tierKey, String stored) {
        int space = stored.lastIndexOf(' ');
        if (space <= 0 || !stored.startsWith(VERSION + ":", space + 1)) {
            return Optional.empty();
        }
        String text = stored.substring(0, space);
        String expected = seal(packageArn, tierKey, text, "", "tier");
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), stored.substring(space + 1).getBytes(StandardCharsets.UTF_8))
                ? Optional.of(text) : Optional.empty();
    }

    /** Each field length-prefixed, so no two different records share a text. */
    static String canonical(String packageArn, String status, String decidedBy, String decidedAt, String path) {
        StringBuilder b = new StringBuilder("registry-gate decision ").append(VERSION).append('\n');
        for (String field : new String[] {packageArn.toLowerCase(Locale.ROOT), status, decidedBy, decidedAt, path}) {
            b.append(field.length()).append(':').append(field).append('\n');
        }
        return b.toString();
    }
}
