package io.jenkins.plugins.registrygate.events;

/**
 * Why an event was not taken, with the HTTP status the endpoint answers: the request changed nothing. EventBridge
 * retries an API destination's 401, 409, 429 and 5xx answers (for at most the target's maximum event age), not the
 * other 4xx.
 */
public final class EventRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, each with its HTTP status. */
    public enum Reason {
        /** No API key is configured: the endpoint takes no event. */
        NOT_ENABLED(403),
        /** The API key header is missing or wrong. */
        UNAUTHENTICATED(401),
        /** The body is larger than an EventBridge event can be. */
        TOO_LARGE(413),
        /** Not JSON, or not an EventBridge event, or inconsistent. */
        MALFORMED(400),
        /** Another source or detail-type than the plugin takes. */
        UNEXPECTED(400),
        /** Older than the freshness window, or from the future. */
        STALE(400),
        /** Its event id was received before. */
        REPLAYED(409),
        /** Too many events to remember, or its handling failed: EventBridge retries it. */
        BUSY(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public EventRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return reason.status();
    }
}
