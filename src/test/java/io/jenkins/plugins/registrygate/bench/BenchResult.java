package io.jenkins.plugins.registrygate.bench;

import java.util.List;

/** What one (size, mechanism) run measured. Times are in the scaled clock unless a name says otherwise. */
record BenchResult(
        int builds,
        String variant,
        String skipped,
        long startMillis,
        // what starting cost: until every build waits, and the calls made until then by operation
        long waitingMillis,
        boolean allWaiting,
        java.util.Map<String, Long> startCalls,
        // 1. registry calls, steady state
        double windowSeconds,
        long serverCalls,
        String serverCallsByOperation,
        long serverErrors,
        long clientCalls,
        double expectedCallsPerMinuteScaled,
        // 2. threads
        int baselineThreads,
        int mechanismThreadsPeak,
        int liveThreadDeltaPeak,
        int sdkThreadDelta,
        int emulatorThreadsPeak,
        double mechanismCpuCores,
        double emulatorCpuCores,
        double processCpuCores,
        // 3. memory
        long retainedHeapBytes,
        long rssDeltaBytes,
        long heapCommittedDeltaBytes,
        // 4. approval to notification
        List<Long> latenciesMillis,
        int approvals,
        int unexpectedNotifications,
        long pollFailures,
        java.util.Map<String, Long> failureKinds,
        String heapTop) {

    static BenchResult skipped(int builds, String variant, String why) {
        return new BenchResult(builds, variant, why, 0, 0, false, java.util.Map.of(), 0, 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                List.of(), 0, 0, 0, java.util.Map.of(), "");
    }

    long startCallsTotal() {
        return startCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean ran() {
        return skipped == null;
    }

    double callsPerMinuteScaled() {
        return serverCalls * 60.0 / windowSeconds;
    }

    /** The mechanism's own threads plus any SDK threads that appeared with it. */
    int threadsUsed() {
        return mechanismThreadsPeak + Math.max(0, sdkThreadDelta);
    }

    double heapPerBuild() {
        return (double) retainedHeapBytes / builds;
    }

    double rssPerBuild() {
        return (double) rssDeltaBytes / builds;
    }

    /** Median, nearest-rank style for even counts (mean of the two middle values); NaN when none. */
    double medianMillis() {
        if (latenciesMillis.isEmpty()) {
            return Double.NaN;
        }
        List<Long> s = latenciesMillis.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    /** p95 by nearest rank (the ceil(0.95 n)-th smallest); NaN when none. */
    double p95Millis() {
        if (latenciesMillis.isEmpty()) {
            return Double.NaN;
        }
        List<Long> s = latenciesMillis.stream().sorted().toList();
        return s.get((int) Math.ceil(0.95 * s.size()) - 1);
    }

    double maxMillis() {
        return latenciesMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
