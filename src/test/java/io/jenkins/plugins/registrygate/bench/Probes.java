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
        /** Threads the waiting mechanism created ({@link WaitMechanism#THREAD_PREFIX}). */
        MECHANISM,
        /** The emulator's HTTP server: its request pool and the JDK server's dispatcher and timer threads. */
        EMULATOR,
        /** Threads of the AWS SDK and its Apache HTTP client (connection reaper, SDK schedulers). */
        SDK,
        /** Everything else: JVM, Maven, the harness itself. */
        OTHER;

        static Owner of(String name) {
            if (name.startsWith(WaitMechanism.THREAD_PREFIX)) {
                return MECHANISM;
            }
            if (name.startsWith("sagemaker-emulator-") || name.startsWith("HTTP-Dispatcher")
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
     * Retained heap: the emulator's call record is cleared, then {@code System.gc()} runs several times; this is done
     * three times and the median taken. Calls the emulator recorded between the clear and the reading (traffic does
     * not stop while we measure) are estimated and subtracted, so the call record is never charged to a mechanism.
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
                System.gc();
                sleep(100);
            }
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
