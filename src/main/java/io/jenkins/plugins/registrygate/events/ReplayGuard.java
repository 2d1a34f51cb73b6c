package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.events.EventRefusal.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The event ids received lately, each with the handling it started: a second delivery of an id finds the first one's
 * handling instead of starting another. An id is remembered for the freshness window after its receipt (an older
 * event is refused as stale anyway), and for as long as its handling runs; a handling that failed is forgotten, so
 * that the retry of the same event is taken. At most {@code capacity} ids: beyond that new events are refused (busy)
 * rather than an id forgotten early.
 */
final class ReplayGuard {

    /** An id's handling, and whether this delivery is the first. */
    record Claim(boolean first, CompletableFuture<Void> handling) {}

    private record Entry(CompletableFuture<Void> handling, Instant forgetAfter) {}

    private final int capacity;
    private final Map<String, Entry> ids = new LinkedHashMap<>();

    ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The handling of {@code id}: the first delivery's if it was received within {@code remember}, else a new one
     * that the caller completes.
     *
     * @throws EventRefusal busy, when {@code capacity} ids are remembered
     */
    synchronized Claim claim(String id, Instant now, Duration remember) throws EventRefusal {
        forgetExpired(now);
        Entry e = ids.get(id);
        if (e != null) {
            return new Claim(false, e.handling());
        }
        if (ids.size() >= capacity) {
            throw new EventRefusal(Reason.BUSY, "Too many events in the freshness window to tell replays apart; try later.");
        }
        CompletableFuture<Void> handling = new CompletableFuture<>();
        ids.put(id, new Entry(handling, now.plus(remember)));
        return new Claim(true, handling);
    }

    /** The handling of {@code id} failed: its next delivery is handled anew. */
    synchronized void release(String id, CompletableFuture<Void> handling) {
        Entry e = ids.get(id);
        if (e != null && e.handling() == handling) {
            ids.remove(id);
        }
    }

    synchronized int size() {
        return ids.size();
    }

    private void forgetExpired(Instant now) {
        for (Iterator<Entry> it = ids.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.forgetAfter().isAfter(now)) {
                break; // in order of receipt: the rest are younger
            }
            if (e.handling().isDone()) {
                it.remove();
            }
        }
    }
}
