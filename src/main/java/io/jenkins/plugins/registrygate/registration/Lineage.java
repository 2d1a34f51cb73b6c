package io.jenkins.plugins.registrygate.registration;

import io.jenkins.plugins.registrygate.registry.UrlUserInfo;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lineage of one registration: each fact with where it came from. Captured from the build environment
 * without being asked; a value the user passes wins, and {@link #describe()} says which was used.
 */
public final class Lineage {

    /** Where a lineage value came from. */
    public enum Source { GIVEN, CAPTURED, DERIVED }

    /** One value and its origin; {@code origin} names the parameter, variable or derivation. */
    public record Value(String value, Source source, String origin) {}

    private static final Pattern DIGEST_IN_IMAGE = Pattern.compile(".*@(sha256:[0-9a-fA-F]{64})");

    private final Map<LineageField, Value> values;

    private Lineage(Map<LineageField, Value> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /**
     * Captures lineage from the build environment and the image reference, then applies the user's values.
     *
     * @param environment the build's environment variables (GIT_COMMIT, GIT_URL, BUILD_URL, JOB_NAME, BUILD_NUMBER)
     * @param imageUri the inference image; a digest-pinned reference ({@code repo@sha256:…}) yields the digest
     * @param given user values by {@link LineageField#name()}
     */
    public static Lineage capture(Map<String, String> environment, String imageUri, Map<String, String> given) {
        Map<LineageField, Value> v = new EnumMap<>(LineageField.class);
        for (LineageField f : LineageField.values()) {
            f.environmentVariable().ifPresent(var -> {
                String captured = environment.get(var);
                if (captured != null && !captured.isBlank()) {
                    v.put(f, new Value(clean(f, captured.trim()), Source.CAPTURED, "$" + var));
                }
            });
        }
        Matcher digest = DIGEST_IN_IMAGE.matcher(imageUri);
        if (digest.matches()) {
            v.put(LineageField.IMAGE_DIGEST, new Value(digest.group(1), Source.DERIVED, "imageUri digest"));
        }
        given.forEach((name, value) -> {
            LineageField f = LineageField.valueOf(name);
            v.put(f, new Value(clean(f, value), Source.GIVEN, f.parameter() + " parameter"));
        });
        return new Lineage(v);
    }

    private static String clean(LineageField f, String value) {
        return f == LineageField.GIT_URL ? withoutCredentials(value) : value;
    }

    /** An http(s) URL without its {@code user:password@} or {@code token@} part; other text as it is. */
    public static String withoutCredentials(String url) {
        return UrlUserInfo.removed(url);
    }

    public Optional<Value> get(LineageField field) {
        return Optional.ofNullable(values.get(field));
    }

    public Optional<String> value(LineageField field) {
        return get(field).map(Value::value);
    }

    public Map<LineageField, Value> values() {
        return values;
    }

    /** Console lines saying which value was used for each fact and where it came from. */
    public List<String> describe() {
        return values.entrySet().stream()
                .map(e -> e.getKey().parameter() + " = " + e.getValue().value() + " ("
                        + switch (e.getValue().source()) {
                            case GIVEN -> "given as the " + e.getValue().origin();
                            case CAPTURED -> "captured from " + e.getValue().origin();
                            case DERIVED -> "derived from the " + e.getValue().origin();
                        } + ")")
                .toList();
    }
}
