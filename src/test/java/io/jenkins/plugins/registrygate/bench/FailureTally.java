package io.jenkins.plugins.registrygate.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The failed polls of one mechanism: how many, and why (exception class and message start, with counts). */
final class FailureTally {

    private final LongAdder total = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> kinds = new ConcurrentHashMap<>();

    void count(Throwable e) {
        total.increment();
        String msg = String.valueOf(e.getMessage());
        String kind = e.getClass().getSimpleName() + ": " + (msg.length() > 160 ? msg.substring(0, 160) + "…" : msg);
        // Bounded: a collapsing run must not grow this without limit.
        if (kinds.size() < 50 || kinds.containsKey(kind)) {
            kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
    }

    /** {@code n} failures of one kind seen elsewhere (a build's console). */
    void add(String kind, long n) {
        if (n > 0) {
            total.add(n);
            kinds.computeIfAbsent(kind, k -> new LongAdder()).add(n);
        }
    }

    long total() {
        return total.sum();
    }

    Map<String, Long> kinds() {
        Map<String, Long> out = new TreeMap<>();
        kinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
