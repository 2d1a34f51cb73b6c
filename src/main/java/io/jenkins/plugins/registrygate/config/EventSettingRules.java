package io.jenkins.plugins.registrygate.config;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules of the events settings of the global configuration, for the setters and the form's checks. */
final class EventSettingRules {

    /** The heartbeat docs/events.md recommends: a scheduled rule every 5 minutes. */
    static final int HEARTBEAT_MINUTES = 5;
    private static final Pattern QUEUE_PATH = Pattern.compile("/[0-9]{12}/[A-Za-z0-9_-]{1,80}");

    private EventSettingRules() {
    }

    static int inRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " " + value + ": must be from " + min + " to " + max);
        }
        return value;
    }

    static Optional<String> rangeProblem(String text, int min, int max) {
        try {
            int v = Integer.parseInt(text.trim());
            return v >= min && v <= max ? Optional.empty() : Optional.of("Must be from " + min + " to " + max + ".");
        } catch (NumberFormatException e) {
            return Optional.of("Must be a whole number from " + min + " to " + max + ".");
        }
    }

    static Optional<String> silenceWarning(String text) {
        try {
            return Integer.parseInt(text.trim()) <= HEARTBEAT_MINUTES
                    ? Optional.of("Shorter than two heartbeats (every " + HEARTBEAT_MINUTES + " min as docs/events.md sets them up):"
                            + " a single late heartbeat makes polling fall back.")
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An SQS queue URL: http(s), with the path {@code /<12-digit account>/<queue name>} (standard queues). */
    static Optional<String> queueUrlProblem(String url) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null || u.getUserInfo() != null
                    || u.getQuery() != null || u.getFragment() != null) {
                return Optional.of(queueUrlRule());
            }
            if (u.getPath() == null || !QUEUE_PATH.matcher(u.getPath()).matches()) {
                return Optional.of(queueUrlRule());
            }
            return Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.of(queueUrlRule());
        }
    }

    private static String queueUrlRule() {
        return "must be an SQS queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/registry-events"
                + " (a standard queue: FIFO queues are not supported)";
    }
}
