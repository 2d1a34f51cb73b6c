package io.jenkins.plugins.registrygate.validation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as steps take them: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m}, or ISO-8601 {@code PT2H}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([smhd])");

    /** The accepted forms, for error messages. */
    public static final String FORMS = "a duration such as 90s, 30m, 2h, 1d, 1h30m or PT2H";

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (!t.substring(end, m.start()).isBlank()) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        return end == t.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }

    /** {@code 2h 30m 5s}, for console lines. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append("h");
        }
        if (m > 0) {
            b.append(b.length() > 0 ? " " : "").append(m).append("m");
        }
        if (sec > 0) {
            b.append(b.length() > 0 ? " " : "").append(sec).append("s");
        }
        return b.toString();
    }
}
