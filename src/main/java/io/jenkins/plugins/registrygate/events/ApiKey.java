package io.jenkins.plugins.registrygate.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The API key an EventBridge connection sends in {@link #HEADER}: compared with the configured one in constant time.
 * Both are hashed first, so neither the comparison's time nor its length check tells anything about the key.
 */
public final class ApiKey {

    /** The header the EventBridge connection's API key authorization names. */
    public static final String HEADER = "X-Model-Registry-Gate-Key";

    private ApiKey() {
    }

    /** Whether {@code presented} is the {@code expected} key; never when no key is expected. */
    public static boolean matches(Optional<String> presented, String expected) {
        if (expected == null || expected.isEmpty()) {
            return false;
        }
        byte[] want = sha256(expected);
        byte[] got = sha256(presented.orElse(""));
        // MessageDigest.isEqual compares in time independent of where the digests differ.
        return MessageDigest.isEqual(want, got) & presented.isPresent();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
