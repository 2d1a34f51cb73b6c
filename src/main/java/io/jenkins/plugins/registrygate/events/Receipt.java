package io.jenkins.plugins.registrygate.events;

import static io.jenkins.plugins.registrygate.JsonText.quote;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the endpoint answers an API destination's POST: a refusal (its status and reason), or an accepted event whose
 * handling (the triggers reading the registry) the endpoint waits for a moment, so that a failure can be answered with
 * 503 and EventBridge delivers the event again.
 */
public final class Receipt {

    /** An HTTP answer: its status and a small JSON body. */
    public record Answer(int status, String json) {}

    private final EventRefusal refusal;
    private final String eventId;
    private final CompletableFuture<Void> handling;

    private Receipt(EventRefusal refusal, String eventId, CompletableFuture<Void> handling) {
        this.refusal = refusal;
        this.eventId = eventId;
        this.handling = handling;
    }

    static Receipt refused(EventRefusal r) {
        return new Receipt(r, "", CompletableFuture.completedFuture(null));
    }

    static Receipt accepted(String eventId, CompletableFuture<Void> handling) {
        return new Receipt(null, eventId, handling);
    }

    public boolean isAccepted() {
        return refusal == null;
    }

    /** The handling of an accepted event (done at once for a refusal). */
    public CompletableFuture<Void> handling() {
        return handling;
    }

    /**
     * The answer, waiting at most {@code wait} for the handling: 202 when it is done or still going, 503 when it
     * failed (EventBridge retries), the refusal's status otherwise.
     */
    public Answer answer(Duration wait) {
        if (refusal != null) {
            return new Answer(refusal.status(), "{\"status\":\"refused\",\"reason\":\"" + refusal.reason().name()
                    + "\",\"message\":" + quote(refusal.getMessage()) + "}");
        }
        try {
            handling.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return new Answer(202, "{\"status\":\"accepted\",\"id\":" + quote(eventId) + "}");
        } catch (TimeoutException e) {
            return new Answer(202, "{\"status\":\"accepted\",\"id\":" + quote(eventId) + ",\"handling\":\"in progress\"}");
        } catch (ExecutionException e) {
            return new Answer(503, "{\"status\":\"retry\",\"id\":" + quote(eventId)
                    + ",\"message\":\"The registry could not be read for this event; deliver it again.\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, "{\"status\":\"retry\",\"id\":" + quote(eventId) + "}");
        }
    }
}
