package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the harness reads from the JVM: settled heap, threads by owner, their CPU time, the process RSS. */
final class Probes {

    private Probes() {
    }

    /** Who a live thread belongs to, by name. */
    enum Owner {
        /**
         * Threads the waiting mechanism created ({@link WaitMechanism#THREAD_PREFIX}), and the plugin runtime's timer
         * and I/O pools ({@code registry-gate-timer-*}, {@code registry-gate-io-*}).
         */
        MECHANISM,
        /** The emulator's HTTP server: its request pool and the JDK server's dispatcher and timer threads. */
        EMULATOR,
        /** Threads of the AWS SDK and its Apache HTTP client (connection reaper, SDK schedulers). */
        SDK,
        /** Everything else: JVM, Maven, the harness itself. */
        OTHER;

        static Owner of(String name) {
            if (name.startsWith(WaitMechanism.THREAD_PREFIX) || name.startsWith("registry-gate-")) {
                return MECHANISM;
            }
            if (name.startsWith("aws-emulator-") || name.startsWith("HTTP-Dispatcher")
                    || name.startsWith("idle-timeout-task") || name.startsWith("server-timer")) {
                return EMULATOR;
            }
            if (name.startsWith("sdk-") || name.contains("connection-reaper") || name.startsWith("aws-")) {
                return SDK;
            }
            return OTHER;
        }
    }

    /** Live threads at one moment, by owner, with their ids (for CPU time). */
    record Threads(int total, Map<Owner, long[]> ids) {
        int count(Owner o) {
            return ids.get(o).length;
        }
    }

    static Threads threads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 256];
        int n;
        while ((n = root.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        Map<Owner, long[]> ids = new EnumMap<>(Owner.class);
        Map<Owner, Integer> counts = new EnumMap<>(Owner.class);
        for (Owner o : Owner.values()) {
            ids.put(o, new long[n]);
            counts.put(o, 0);
        }
        for (int i = 0; i < n; i++) {
            Owner o = Owner.of(all[i].getName());
            int c = counts.get(o);
            ids.get(o)[c] = all[i].getId();
            counts.put(o, c + 1);
        }
        for (Owner o : Owner.values()) {
            ids.put(o, Arrays.copyOf(ids.get(o), counts.get(o)));
        }
        return new Threads(ManagementFactory.getThreadMXBean().getThreadCount(), ids);
    }

    /** CPU time (ns) consumed so far by each of the given threads; a thread that has ended counts 0. */
    static long[] cpuTimes(long[] threadIds) {
        var mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported() || threadIds.length == 0) {
            return new long[threadIds.length];
        }
        long[] t = mx instanceof com.sun.management.ThreadMXBean sun
                ? sun.getThreadCpuTime(threadIds)
                : Arrays.stream(threadIds).map(mx::getThreadCpuTime).toArray();
        return Arrays.stream(t).map(v -> Math.max(0, v)).toArray();
    }

    /** CPU time (ns) of the whole process (harness, mechanism, SDK, emulator, Maven). */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Heap in use after garbage collection, and heap committed. */
    record Heap(long used, long committed) {
    }

    /**
     * Retained heap: the emulator's call record is cleared, then {@code System.gc()} runs three times, 100 ms apart, and
     * the used heap is read right after the last; this is done three times and the median taken. Calls the emulator
     * recorded between the clear and the reading (traffic does not stop while we measure) are estimated and
     * subtracted, so the call record is never charged to a mechanism.
     */
    static Heap settledHeap(SageMakerEmulator emulator) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] used = new long[3];
        long committed = 0;
        for (int i = 0; i < used.length; i++) {
            if (emulator != null) {
                emulator.clearCalls();
            }
            for (int g = 0; g < 3; g++) {
                if (g > 0) {
                    sleep(100);
                }
                System.gc();
            }
            // Read at once: what other threads allocate after the collection (polls in flight) is not retained.
            var usage = mem.getHeapMemoryUsage();
            long recorded = emulator == null ? 0 : recordedCallBytes(emulator.calls());
            used[i] = usage.getUsed() - recorded;
            committed = usage.getCommitted();
        }
        Arrays.sort(used);
        return new Heap(used[1], committed);
    }

    /** An estimate of what the emulator's record of these calls retains (compressed oops, Latin-1 strings). */
    static long recordedCallBytes(List<RecordedCall> calls) {
        long bytes = 0;
        for (RecordedCall c : calls) {
            bytes += 48 + 24 + 4; // the record, its Instant, the list slot
            for (String s : new String[] {c.operation(), c.requestBody(), c.errorCode(), c.requestId(),
                    c.accessKeyId(), c.invocationId(), c.fault(), c.responseBody()}) {
                bytes += 40 + (s == null ? 0 : s.length());
            }
        }
        return bytes;
    }

    /** One class's line of a heap histogram. */
    record ClassUse(long instances, long bytes) {
    }

    /**
     * A class histogram of live objects (the JVM's {@code GC.class_histogram}, which collects first), read in-process
     * through the DiagnosticCommand MBean; empty where that is unavailable.
     */
    static Map<String, ClassUse> histogram() {
        Map<String, ClassUse> out = new java.util.HashMap<>();
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            String text = (String) server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    out.merge(f[3], new ClassUse(Long.parseLong(f[1]), Long.parseLong(f[2])),
                            (a, b) -> new ClassUse(a.instances + b.instances, a.bytes + b.bytes));
                }
            }
        } catch (Exception | LinkageError e) {
            return Map.of();
        }
        return out;
    }

    /** Live bytes in {@code after} minus those in {@code before}, over all classes. */
    static long histogramBytes(Map<String, ClassUse> after, Map<String, ClassUse> before) {
        return after.values().stream().mapToLong(ClassUse::bytes).sum() - before.values().stream().mapToLong(ClassUse::bytes).sum();
    }

    /** The classes whose live bytes grew most from {@code before} to {@code after}, as "bytes per build" text. */
    static String topGrowth(Map<String, ClassUse> before, Map<String, ClassUse> after, int builds, int top) {
        record Growth(String cls, long instances, long bytes) {
        }
        List<Growth> g = new java.util.ArrayList<>();
        after.forEach((cls, a) -> {
            ClassUse b = before.getOrDefault(cls, new ClassUse(0, 0));
            g.add(new Growth(cls, a.instances - b.instances, a.bytes - b.bytes));
        });
        g.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        StringBuilder sb = new StringBuilder();
        for (Growth x : g.subList(0, Math.min(top, g.size()))) {
            if (x.bytes <= 0) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%s %.1f×/%.0f B",
                    x.cls, (double) x.instances / builds, (double) x.bytes / builds));
        }
        StringBuilder shrunk = new StringBuilder();
        for (int i = g.size() - 1; i >= Math.max(0, g.size() - 3); i--) {
            Growth x = g.get(i);
            if (x.bytes < 0) {
                shrunk.append(shrunk.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                        "%s %.0f B", x.cls, (double) x.bytes / builds));
            }
        }
        long total = g.stream().mapToLong(Growth::bytes).sum();
        return String.format(java.util.Locale.ROOT, "histogram Δ %.0f B/build; grew: %s%s", (double) total / builds, sb,
                shrunk.length() == 0 ? "" : "; shrank most: " + shrunk);
    }

    /** Resident set size of this process, from /proc (0 where unavailable). */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
