package io.jenkins.plugins.registrygate.bench;

import static io.jenkins.plugins.registrygate.bench.ApprovalWatchBenchmark.log;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.WaitState;
import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;

/**
 * Benchmark (not a test): a controller restart with many builds waiting in {@code awaitApproval}. Builds wait on
 * versions spread over groups; the controller saves their programs and build records and stops; while it is down,
 * some versions are approved in the registry; a new controller reloads the builds and resumes every wait. Measured,
 * in real time at the watcher's production cadence, for the plugin with its per-connection rate limit on (the
 * default, 10 calls/s) and off, and for the naive baselines: the registry calls in the first minutes after the resume
 * and the time until every build whose version was decided while Jenkins was down has resumed (its step completed).
 *
 * <p>Run from the repository root: {@code mvn -B -q test-compile exec:exec -Dexec.executable=java
 * "-Dexec.args=-Xmx4g -cp %classpath io.jenkins.plugins.registrygate.bench.ResumeStormBenchmark"}. Method and results:
 * {@code docs/benchmarks.md}.
 *
 * <p>Options, as program arguments {@code storm.<key>=<value>}: {@code storm.builds} (10000), {@code storm.groups}
 * (10), {@code storm.decided} (1000: versions approved while Jenkins is down, spread evenly over the groups),
 * {@code storm.windowMinutes} (5: calls are counted over this long after the resume), {@code storm.capMinutes} (10:
 * a variant is watched past the window, up to this long, while decided builds have not resumed),
 * {@code storm.variants} (plugin-limited,plugin-unlimited,naive-pool,naive-thread,naive-pool-limited; also
 * naive-thread-limited), {@code storm.rate} (the limit's calls per second, default the plugin's default),
 * {@code storm.emulatorThreads} (64), {@code storm.naivePoolThreads} (8), {@code storm.setupThreads} (16),
 * {@code storm.seed} (42), {@code storm.tieredEvery} (0: every k-th build waits for two tiers of sign-off instead of
 * one approver; 0 for none).
 */
public final class ResumeStormBenchmark {

    private ResumeStormBenchmark() {
    }

    record Config(int builds, int groups, int decided, double windowMinutes, double capMinutes, List<String> variants,
                  int rate, int emulatorThreads, int naivePoolThreads, int setupThreads, long seed, int tieredEvery) {

        static Config fromSystemProperties() {
            Config c = new Config(
                    Integer.parseInt(prop("storm.builds", "10000")),
                    Integer.parseInt(prop("storm.groups", "10")),
                    Integer.parseInt(prop("storm.decided", "1000")),
                    Double.parseDouble(prop("storm.windowMinutes", "5")),
                    Double.parseDouble(prop("storm.capMinutes", "10")),
                    Arrays.stream(prop("storm.variants",
                                    "plugin-limited,plugin-unlimited,naive-pool,naive-thread,naive-pool-limited").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    Integer.parseInt(prop("storm.rate", Integer.toString(CallRate.DEFAULT.perSecond()))),
                    Integer.parseInt(prop("storm.emulatorThreads", "64")),
                    Integer.parseInt(prop("storm.naivePoolThreads", "8")),
                    Integer.parseInt(prop("storm.setupThreads", "16")),
                    Long.parseLong(prop("storm.seed", "42")),
                    Integer.parseInt(prop("storm.tieredEvery", "0")));
            if (c.builds % c.groups != 0 || c.decided % c.groups != 0 || c.decided > c.builds) {
                throw new IllegalArgumentException("storm.builds and storm.decided must be multiples of storm.groups, "
                        + "and decided at most builds");
            }
            new CallRate(c.rate); // checks the range
            return c;
        }

        private static String prop(String key, String dflt) {
            return ApprovalWatchBenchmark.Config.prop(key, dflt);
        }

        /** Registration as the steady-state benchmark does it. */
        ApprovalWatchBenchmark.Config scenario() {
            return new ApprovalWatchBenchmark.Config(List.of(builds), groups, 1, 0, 0, 0, List.of(), naivePoolThreads,
                    builds, emulatorThreads, "http", setupThreads, seed, 0, false, 0, 0, "");
        }

        Duration window() {
            return Duration.ofMillis((long) (windowMinutes * 60_000));
        }

        Duration cap() {
            return Duration.ofMillis((long) (Math.max(capMinutes, windowMinutes) * 60_000));
        }
    }

    /** What one variant did after the restart. Times are seconds from the first resumed build. */
    record Result(String variant, String limit, long reloadMillis, long resumeMillis, Map<String, Long> callsByOperation,
                  long callsInWindow, long[] callsByPhase, long callsLastMinute, long httpErrors, int decided, int resumed,
                  double medianSeconds, double p90Seconds, double lastSeconds, Map<Integer, Integer> resumedBy,
                  int unexpected, long failures, Map<String, Long> failureKinds, int peakThreads, int liveThreadDelta,
                  double observedSeconds, String notes) {}

    /** Phase ends (seconds after the resume) for the call counts. */
    static final int[] PHASES = {10, 60};
    /** Times (seconds after the resume) at which the resumed count is reported. */
    static final int[] MARKS = {5, 10, 30, 60, 120, 300, 600};

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            String key = a.startsWith("-D") ? a.substring(2) : a;
            int eq = key.indexOf('=');
            if (eq <= 0 || !key.startsWith("storm.")) {
                throw new IllegalArgumentException("arguments are storm.<key>=<value>, not " + a);
            }
            System.setProperty(key.substring(0, eq), key.substring(eq + 1));
        }
        Config cfg = Config.fromSystemProperties();
        PipelineBuilds.controllerCredentials();
        long begin = System.nanoTime();
        String machine = ApprovalWatchBenchmark.machine();
        log("Resume storm benchmark");
        log(machine);
        log(String.format(Locale.ROOT, "%,d builds over %d groups, %,d decided while Jenkins is down; window %.0f min, "
                        + "cap %.0f min; variants %s; limit %d calls/s; tiered: %s", cfg.builds(), cfg.groups(),
                cfg.decided(), cfg.windowMinutes(), cfg.capMinutes(), cfg.variants(), cfg.rate(),
                cfg.tieredEvery() == 0 ? "none" : "every " + cfg.tieredEvery() + "-th build"));

        List<Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (BenchScenario scenario = new BenchScenario(cfg.scenario(), cfg.builds())) {
            List<WaitingBuild> builds = scenario.builds();
            String region = scenario.emulator.region();
            String endpoint = scenario.emulator.endpoint().toString();
            notes.add(String.format(Locale.ROOT, "Registration of %,d versions over HTTP took %.1f s.", cfg.builds(),
                    scenario.setupMillis / 1000.0));

            // The controller before the restart: every build begins to wait, at the production cadence.
            RegistryGateRuntime before = PipelineBuilds.runtime(RegistryWatcher.Settings.DEFAULTS, () -> CallRate.UNLIMITED);
            PipelineBuilds started = new PipelineBuilds(builds, region, endpoint, "", before, new BuildLogs())
                    .withTiersEvery(cfg.tieredEvery());
            scenario.emulator.clearCalls();
            long s0 = System.nanoTime();
            started.startAll();
            long deadline = s0 + TimeUnit.MINUTES.toNanos(15);
            while ((before.watcher().waiterCount() < cfg.builds() || started.inState(WaitState.WAITING) < cfg.builds())
                    && System.nanoTime() < deadline) {
                Probes.sleep(50);
            }
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            Map<String, Long> startCalls = BenchScenario.census(scenario.emulator.calls());
            scenario.emulator.clearCalls();
            long startTotal = startCalls.values().stream().mapToLong(Long::longValue).sum();
            notes.add(String.format(Locale.ROOT, "Start (before the restart, no rate limit): every build waiting after "
                            + "%,d ms (states %s); %,d calls, %.2f per build: %s.", startMillis, started.states(),
                    startTotal, (double) startTotal / cfg.builds(), startCalls));
            log(notes.get(notes.size() - 1));

            long sv0 = System.nanoTime();
            PipelineBuilds.Saved saved = started.save();
            notes.add(String.format(Locale.ROOT, "Shutdown: %,d programs saved (River, %.1f KB each on average) and "
                            + "%,d build.xml (XStream, %.1f KB each) in %,d ms.", cfg.builds(),
                    saved.programBytes() / 1024.0 / cfg.builds(), cfg.builds(), saved.buildXmlChars() / 1024.0 / cfg.builds(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sv0)));
            log(notes.get(notes.size() - 1));
            before.shutdown(Duration.ofSeconds(10)); // as RuntimeShutdown does when Jenkins stops
            started = null;

            // While Jenkins is down, reviewers approve some versions in the registry.
            int[] decided = pickDecided(cfg);
            for (int i : decided) {
                scenario.console().updateModelPackage(r -> r.modelPackageArn(builds.get(i).arn)
                        .modelApprovalStatus(ModelApprovalStatus.APPROVED)
                        .approvalDescription("approved while Jenkins was down"));
            }
            scenario.emulator.clearCalls();
            notes.add(String.format(Locale.ROOT, "While down: %,d versions approved in the registry (%d per group) by "
                    + "another identity.", decided.length, decided.length / cfg.groups()));

            for (String v : cfg.variants()) {
                log("variant " + v + " ...");
                Result r = run(cfg, scenario, v, saved, decided);
                results.add(r);
                log(String.format(Locale.ROOT, "  %,d calls in %.0f min %s; resumed %d/%d, last %.1f s, median %.1f s; "
                                + "unexpected %d; failures %d %s; threads %d", r.callsInWindow(), cfg.windowMinutes(),
                        r.callsByOperation(), r.resumed(), r.decided(), r.lastSeconds(), r.medianSeconds(), r.unexpected(),
                        r.failures(), r.failureKinds(), r.peakThreads()));
                if (!r.notes().isEmpty()) {
                    log("  " + r.notes());
                }
            }
        }
        System.out.println();
        System.out.println(report(cfg, results, notes, machine, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)));
    }

    /** The versions approved while Jenkins is down: the same number in every group, at random within it. */
    static int[] pickDecided(Config cfg) {
        Random random = new Random(cfg.seed());
        int perGroup = cfg.builds() / cfg.groups();
        int want = cfg.decided() / cfg.groups();
        List<Integer> out = new ArrayList<>();
        for (int g = 0; g < cfg.groups(); g++) {
            List<Integer> members = new ArrayList<>();
            for (int j = 0; j < perGroup; j++) {
                members.add(g + cfg.groups() * j);
            }
            java.util.Collections.shuffle(members, random);
            out.addAll(members.subList(0, want));
        }
        return out.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static Result run(Config cfg, BenchScenario scenario, String variant, PipelineBuilds.Saved saved, int[] decided)
            throws Exception {
        List<WaitingBuild> builds = scenario.builds();
        builds.forEach(WaitingBuild::reset);
        String region = scenario.emulator.region();
        String endpoint = scenario.emulator.endpoint().toString();
        boolean limited = variant.endsWith("-limited");
        CallRate rate = limited ? new CallRate(cfg.rate()) : CallRate.UNLIMITED;
        String limit = limited ? cfg.rate() + " calls/s" : "off";
        Probes.Threads th0;
        long t0;
        Instant t0i;
        long reloadMillis = 0;
        long resumeMillis;
        scenario.emulator.clearCalls();
        if (variant.startsWith("plugin")) {
            // The new controller: a fresh runtime, the builds reloaded from build.xml, each program read back.
            RegistryGateRuntime after = PipelineBuilds.runtime(RegistryWatcher.Settings.DEFAULTS, () -> rate);
            BuildLogs logs = new BuildLogs();
            long r0 = System.nanoTime();
            PipelineBuilds resumed = PipelineBuilds.reload(builds, region, endpoint, after, logs, saved);
            reloadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0);
            th0 = Probes.threads();
            t0i = Instant.now();
            t0 = System.nanoTime();
            for (int i : decided) {
                builds.get(i).approvedAtNanos = t0; // resume time is counted from here
            }
            resumed.resumeAll();
            resumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            try {
                Result r = observe(cfg, scenario, variant, limit, decided, th0, t0, t0i, reloadMillis, resumeMillis);
                FailureTally f = new FailureTally();
                f.add("console: the registry did not answer, retrying", logs.retrying());
                f.add("step failed", resumed.failed());
                String notes = String.format(Locale.ROOT, "waits by state at the end %s; completed twice %d; saves asked %,d; "
                                + "console lines %,d%s", resumed.states(), resumed.completedTwice(), resumed.saveRequests(),
                        logs.lines(), logs.unusual().isEmpty() ? "" : "; unusual lines " + logs.unusual());
                return withFailures(r, f, notes + (resumed.failures().isEmpty() ? "" : "; failures " + resumed.failures()));
            } finally {
                resumed.stopAll();
                after.shutdown(Duration.ofSeconds(10));
            }
        }
        // A naive plugin after the restart: its pollers (or threads) start again, on a fresh client.
        AwsClients clients = new AwsClients().withPolicy(ConnectionPolicy::allowingControllerCredentials)
                .withCallRateLimits(CallRateLimits.of(() -> rate));
        ModelRegistry registry = new ModelRegistry(clients.clientFor(new ConnectionSettings(region, endpoint, "", "", ""),
                CredentialsLookup.NONE));
        long deadline = System.nanoTime() + cfg.cap().toNanos() + TimeUnit.MINUTES.toNanos(1);
        WaitMechanism m = switch (variant) {
            case "naive-pool", "naive-pool-limited" ->
                    new NaiveScheduledPollers(registry, RegistryWatcher.Settings.DEFAULTS, cfg.naivePoolThreads(), deadline);
            case "naive-thread", "naive-thread-limited" ->
                    new NaiveThreadPerBuild(registry, RegistryWatcher.Settings.DEFAULTS, deadline);
            default -> throw new IllegalArgumentException("unknown variant " + variant + " (known: plugin-limited, "
                    + "plugin-unlimited, naive-pool, naive-thread, naive-pool-limited, naive-thread-limited)");
        };
        try {
            th0 = Probes.threads();
            t0i = Instant.now();
            t0 = System.nanoTime();
            for (int i : decided) {
                builds.get(i).approvedAtNanos = t0;
            }
            m.start(builds);
            resumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Result r = observe(cfg, scenario, variant, limit, decided, th0, t0, t0i, reloadMillis, resumeMillis);
            return withFailures(r, m.failures(), "");
        } finally {
            m.close();
            clients.close();
        }
    }

    private static Result withFailures(Result r, FailureTally f, String notes) {
        return new Result(r.variant(), r.limit(), r.reloadMillis(), r.resumeMillis(), r.callsByOperation(),
                r.callsInWindow(), r.callsByPhase(), r.callsLastMinute(), r.httpErrors(), r.decided(), r.resumed(),
                r.medianSeconds(), r.p90Seconds(), r.lastSeconds(), r.resumedBy(), r.unexpected(), f.total(), f.kinds(),
                r.peakThreads(), r.liveThreadDelta(), r.observedSeconds(), notes);
    }

    /**
     * Watches the window, and past it while decided builds have not resumed (up to the cap); then counts the calls the
     * emulator answered in the window, by operation and phase.
     */
    private static Result observe(Config cfg, BenchScenario scenario, String variant, String limit, int[] decided,
                                  Probes.Threads th0, long t0, Instant t0i, long reloadMillis, long resumeMillis) {
        List<WaitingBuild> builds = scenario.builds();
        long windowEnd = t0 + cfg.window().toNanos();
        long capEnd = t0 + cfg.cap().toNanos();
        int peakThreads = 0;
        int peakTotal = th0.total();
        while (true) {
            long now = System.nanoTime();
            boolean allResumed = Arrays.stream(decided).allMatch(i -> builds.get(i).isNotified());
            if (now >= capEnd || (now >= windowEnd && allResumed)) {
                break;
            }
            Probes.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis((now < windowEnd ? windowEnd : capEnd) - now))));
            Probes.Threads t = Probes.threads();
            peakThreads = Math.max(peakThreads, t.count(Probes.Owner.MECHANISM));
            peakTotal = Math.max(peakTotal, t.total());
        }
        double observed = (System.nanoTime() - t0) / 1e9;
        List<RecordedCall> calls = scenario.emulator.calls();
        scenario.emulator.clearCalls();
        Instant end = t0i.plus(cfg.window());
        List<RecordedCall> inWindow = calls.stream().filter(c -> !c.at().isAfter(end)).toList();
        long[] byPhase = new long[PHASES.length + 1];
        long lastMinute = 0;
        for (RecordedCall c : inWindow) {
            double s = Duration.between(t0i, c.at()).toMillis() / 1000.0;
            int p = 0;
            while (p < PHASES.length && s > PHASES[p]) {
                p++;
            }
            byPhase[p]++;
            if (s > cfg.window().toSeconds() - 60) {
                lastMinute++;
            }
        }
        List<Double> times = new ArrayList<>();
        for (int i : decided) {
            long ns = builds.get(i).latencyNanos();
            if (ns >= 0) {
                times.add(ns / 1e9);
            }
        }
        times.sort(Double::compare);
        Map<Integer, Integer> by = new LinkedHashMap<>();
        for (int mark : MARKS) {
            if (mark <= observed + 1) {
                by.put(mark, (int) times.stream().filter(x -> x <= mark).count());
            }
        }
        int notified = (int) builds.stream().filter(WaitingBuild::isNotified).count();
        return new Result(variant, limit, reloadMillis, resumeMillis, BenchScenario.census(inWindow), inWindow.size(),
                byPhase, lastMinute, inWindow.stream().filter(c -> !c.succeeded()).count(), decided.length, times.size(),
                percentile(times, 0.5), percentile(times, 0.9),
                times.size() == decided.length ? times.get(times.size() - 1) : Double.NaN, by, notified - times.size(), 0,
                Map.of(), peakThreads, peakTotal - th0.total(), observed, "");
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(q * sorted.size()) - 1);
    }

    // ------------------------------------------------------------------ report

    static String report(Config cfg, List<Result> results, List<String> notes, String machine, long seconds) {
        StringBuilder o = new StringBuilder();
        int window = (int) cfg.window().toSeconds();
        o.append("## Resume storm results\n\n").append(machine).append("\n");
        o.append(String.format(Locale.ROOT, "%,d builds over %d groups, %,d approved while Jenkins was down%s; real time, "
                        + "production cadence; calls counted over the first %.0f min after the resume; total run %d s.%n%n",
                cfg.builds(), cfg.groups(), cfg.decided(), cfg.tieredEvery() == 0 ? ""
                        : "; every " + cfg.tieredEvery() + "-th build waits for two tiers", cfg.windowMinutes(), seconds));
        notes.forEach(n -> o.append("- ").append(n).append('\n'));
        o.append('\n');

        o.append(String.format(Locale.ROOT, "| mechanism | rate limit | registry calls in the first %.0f min | per waiting "
                + "build | 0–%d s | %d–%d s | %d s–%.0f min | in the last minute | until every decided build resumed | "
                + "median / p90 | resumed | unexpected | failures | threads (peak) |%n", cfg.windowMinutes(), PHASES[0],
                PHASES[0], PHASES[1], PHASES[1], cfg.windowMinutes()));
        o.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            o.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.3f | %,d | %,d | %,d | %,d | %s | %s / %s | %,d/%,d | %d | %,d | %,d |%n",
                    label(r.variant()), r.limit(), r.callsInWindow(), (double) r.callsInWindow() / cfg.builds(),
                    r.callsByPhase()[0], r.callsByPhase()[1], r.callsByPhase()[2], r.callsLastMinute(),
                    Double.isNaN(r.lastSeconds()) ? "not within " + Math.round(r.observedSeconds()) + " s"
                            : String.format(Locale.ROOT, "%.1f s", r.lastSeconds()),
                    secs(r.medianSeconds()), secs(r.p90Seconds()), r.resumed(), r.decided(), r.unexpected(), r.failures(),
                    r.peakThreads()));
        }

        o.append("\n**Ratios to the plugin** (calls in the window; time until every decided build resumed):\n\n");
        o.append("| mechanism | rate limit | calls / plugin, limit on | calls / plugin, limit off | time / plugin, limit on "
                + "| time / plugin, limit off |\n|---|---|---:|---:|---:|---:|\n");
        Result on = results.stream().filter(r -> r.variant().equals("plugin-limited")).findFirst().orElse(null);
        Result off = results.stream().filter(r -> r.variant().equals("plugin-unlimited")).findFirst().orElse(null);
        for (Result r : results) {
            o.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", label(r.variant()), r.limit(),
                    on == null ? "" : ratio(r.callsInWindow(), on.callsInWindow()),
                    off == null ? "" : ratio(r.callsInWindow(), off.callsInWindow()),
                    on == null ? "" : ratio(r.lastSeconds(), on.lastSeconds()),
                    off == null ? "" : ratio(r.lastSeconds(), off.lastSeconds())));
        }

        o.append("\n**Details**:\n\n| mechanism | rate limit | reload (not timed as resume) | resume loop | calls by "
                + "operation in the window | HTTP errors | resumed by second | live-thread Δ (peak) | watched |\n"
                + "|---|---|---:|---:|---|---:|---|---:|---:|\n");
        for (Result r : results) {
            o.append(String.format(Locale.ROOT, "| %s | %s | %,d ms | %,d ms | %s | %,d | %s | %,d | %.0f s |%n",
                    label(r.variant()), r.limit(), r.reloadMillis(), r.resumeMillis(), r.callsByOperation(), r.httpErrors(),
                    r.resumedBy(), r.liveThreadDelta(), r.observedSeconds()));
        }
        for (Result r : results) {
            if (!r.failureKinds().isEmpty() || !r.notes().isEmpty()) {
                o.append(String.format(Locale.ROOT, "%n%s (%s): %s%s%n", label(r.variant()), r.limit(),
                        r.failureKinds().isEmpty() ? "" : "failures " + r.failureKinds() + "; ", r.notes()));
            }
        }
        o.append(String.format(Locale.ROOT, "%nWindow: %d s.%n", window));
        return o.toString();
    }

    private static String label(String variant) {
        return switch (variant) {
            case "plugin-limited", "plugin-unlimited" -> "plugin: awaitApproval steps resumed";
            case "naive-pool", "naive-pool-limited" -> "naive: poller per build";
            case "naive-thread", "naive-thread-limited" -> "naive: thread per build";
            default -> variant;
        };
    }

    private static String secs(double s) {
        return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String ratio(double x, double base) {
        if (Double.isNaN(x) || Double.isNaN(base) || base <= 0) {
            return "n/a";
        }
        double q = x / base;
        return q >= 100 ? String.format(Locale.ROOT, "%,.0f×", q) : String.format(Locale.ROOT, "%.2f×", q);
    }
}
