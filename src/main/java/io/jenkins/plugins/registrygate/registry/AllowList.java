package io.jenkins.plugins.registrygate.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An administrator's list of allowed values: one pattern per line, {@code *} standing for any run of characters,
 * matched against the whole value without regard to case. Blank lines and lines starting with {@code #} are
 * ignored. An empty list allows everything.
 *
 * <p>In endpoint URL patterns a {@code *} never matches {@code /}, {@code ?}, {@code #} or {@code @}, so
 * {@code https://*.example.com} cannot be satisfied by {@code https://attacker.test/x.example.com}.
 */
public final class AllowList {

    /** Allows everything (no list configured). */
    public static final AllowList ANY = new AllowList(List.of(), List.of());

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private AllowList(List<String> patterns, List<Pattern> compiled) {
        this.patterns = List.copyOf(patterns);
        this.compiled = List.copyOf(compiled);
    }

    /** Role ARN patterns, such as {@code arn:aws:iam::123456789012:role/ml-*}. */
    public static AllowList ofRoleArns(String text) {
        return parse(text, ".*");
    }

    /** Endpoint URL patterns, such as {@code https://*.vpce.amazonaws.com} or {@code http://127.0.0.1:*}. */
    public static AllowList ofEndpointUrls(String text) {
        return parse(text, "[^/?#@]*");
    }

    private static AllowList parse(String text, String star) {
        List<String> patterns = lines(text);
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            StringBuilder regex = new StringBuilder();
            String[] parts = normalise(p).split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    regex.append(star);
                }
                regex.append(Pattern.quote(parts[i]));
            }
            compiled.add(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        return new AllowList(patterns, compiled);
    }

    /** The patterns of a text as the list reads them: trimmed, without blank lines and comments. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** What is wrong with a role ARN pattern, if anything (for the configuration form). */
    public static Optional<String> roleArnPatternProblem(String pattern) {
        return pattern.toLowerCase(Locale.ROOT).startsWith("arn:") ? Optional.empty()
                : Optional.of("'" + pattern + "' is not a role ARN pattern: it must start with arn: (for example arn:aws:iam::123456789012:role/ml-*)");
    }

    /** What is wrong with an endpoint URL pattern, if anything (for the configuration form). */
    public static Optional<String> endpointUrlPatternProblem(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        return p.startsWith("https://") || p.startsWith("http://") ? Optional.empty()
                : Optional.of("'" + pattern + "' is not an endpoint URL pattern: it must start with https:// or http://");
    }

    /** True when no pattern is configured: every value is allowed. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public boolean allows(String value) {
        if (compiled.isEmpty()) {
            return true;
        }
        String v = normalise(value.trim());
        return compiled.stream().anyMatch(p -> p.matcher(v).matches());
    }

    public List<String> patterns() {
        return patterns;
    }

    /** A trailing slash does not make another endpoint. */
    private static String normalise(String s) {
        String t = s;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowList a && a.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "(any)" : String.join(", ", patterns);
    }
}
