package io.jenkins.plugins.registrygate.deployment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serialises deployments to one endpoint on one controller: the first build to ask holds the endpoint until its
 * deployment ends; the others queue in order and are called back when their turn comes (no thread waits). Across
 * controllers SageMaker itself refuses to update a busy endpoint, which {@code ifBusy} handles.
 */
public final class EndpointLocks {

    /** A place in an endpoint's queue; {@link #release} gives the endpoint to the next in line. */
    public interface Lease {
        /** Who holds the endpoint now (the one this lease waits behind, or this lease's owner). */
        String holder();

        boolean isGranted();

        void release();
    }

    private final Map<String, Deque<Entry>> queues = new HashMap<>();

    private final class Entry implements Lease {
        final String key;
        final String owner;
        final Runnable onGranted;
        boolean granted;
        boolean released;

        Entry(String key, String owner, Runnable onGranted) {
            this.key = key;
            this.owner = owner;
            this.onGranted = onGranted;
        }

        @Override
        public String holder() {
            synchronized (EndpointLocks.this) {
                Deque<Entry> q = queues.get(key);
                return q == null || q.isEmpty() ? owner : q.peekFirst().owner;
            }
        }

        @Override
        public boolean isGranted() {
            synchronized (EndpointLocks.this) {
                return granted;
            }
        }

        @Override
        public void release() {
            Entry next;
            synchronized (EndpointLocks.this) {
                if (released) {
                    return;
                }
                released = true;
                Deque<Entry> q = queues.get(key);
                if (q == null) {
                    return;
                }
                boolean wasHolder = q.peekFirst() == this;
                q.remove(this);
                if (q.isEmpty()) {
                    queues.remove(key);
                    return;
                }
                if (!wasHolder) {
                    return;
                }
                next = q.peekFirst();
                next.granted = true;
            }
            next.onGranted.run();
        }
    }

    /**
     * Asks for the endpoint. Granted at once when nobody holds it (then {@code onGranted} is not called); otherwise
     * queued, and {@code onGranted} runs (on the thread of the release before it) when the turn comes.
     *
     * @param key the endpoint as reached through one connection (region, endpoint override, name without case)
     */
    public synchronized Lease acquire(String key, String owner, Runnable onGranted) {
        Objects.requireNonNull(onGranted);
        Entry e = new Entry(key, owner, onGranted);
        Deque<Entry> q = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
        q.addLast(e);
        e.granted = q.size() == 1;
        return e;
    }

    /** Who holds the endpoint, if anyone. */
    public synchronized Optional<String> holder(String key) {
        Deque<Entry> q = queues.get(key);
        return q == null || q.isEmpty() ? Optional.empty() : Optional.of(q.peekFirst().owner);
    }
}
