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
 *
 * <p>The locks live in memory. A deployment resumed after a restart that had its turn before takes it again with
 * {@link #reclaim}, ahead of any build that asked since.
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
                return holderOf(key).orElse(owner);
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
                q.remove(this);
                if (q.isEmpty()) {
                    queues.remove(key);
                    return;
                }
                // Reclaimed leases may hold together with the one that held before them: the next waits for all.
                if (q.stream().anyMatch(e -> e.granted)) {
                    return;
                }
                next = q.peekFirst();
                next.granted = true;
            }
            next.onGranted.run();
        }
    }

    /**
     * Asks for the endpoint. Granted at once when nobody holds or waits for it (then {@code onGranted} is not called);
     * otherwise queued, and {@code onGranted} runs (on the thread of the release before it) when the turn comes.
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

    /**
     * Takes the endpoint again for a deployment that held it before a restart and may have changed it already: granted
     * at once, ahead of every build that queued since (they wait until it is released).
     */
    public synchronized Lease reclaim(String key, String owner) {
        Entry e = new Entry(key, owner, () -> { });
        e.granted = true;
        queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(e);
        return e;
    }

    /** Who holds the endpoint, if anyone. */
    public synchronized Optional<String> holder(String key) {
        return holderOf(key);
    }

    private Optional<String> holderOf(String key) {
        Deque<Entry> q = queues.get(key);
        return q == null ? Optional.empty() : q.stream().filter(e -> e.granted).map(e -> e.owner).findFirst();
    }
}
