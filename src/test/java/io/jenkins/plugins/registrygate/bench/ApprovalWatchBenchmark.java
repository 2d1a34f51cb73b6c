package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): N builds wait on approval of model packages spread over model package groups; the
 * plugin's shared {@link RegistryWatcher} against two naive baselines (a scheduled poller per build; a thread per
 * build), each measured in turn in one run, all registry traffic through the real AWS SDK client over HTTP to the
 * in-process SageMaker emulator.
 *
 * <p>Run: {@code mvn -B -q test-compile exec:java -Dexec.mainClass=io.jenkins.plugins.registrygate.bench.ApprovalWatchBenchmark}
 * (add {@code -Dbench.builds=1000} for one size). Method and results: {@code docs/benchmarks.md}.
 *
 * <p>Time is scaled: the watcher's production cadence (first look 2 s, base 10 s, max 60 s) divided by
 * {@code bench.scale} (default 10). Rates are reported as measured and converted back to production cadence.
 *
 * <p>System properties (all optional): {@code bench.builds} (comma-separated sizes, default 1000,10000),
 * {@code bench.groups} (10), {@code bench.scale} (10), {@code bench.windowSeconds} (24), {@code bench.approvals}
 * (20), {@code bench.approvalSpacingMillis} (1100), {@code bench.variants} (shared,naive-pool,naive-thread),
 * {@code bench.naivePoolThreads} (8), {@code bench.threadPerBuildMax} (10000), {@code bench.emulatorThreads} (64),
 * {@code bench.setup} (http|backend, default http), {@code bench.setupThreads} (16), {@code bench.seed} (42),
 * {@code bench.budgetMinutes} (15: variants not started by then are skipped), {@code bench.histogram} (true: class
 * histogram diff of the retained heap).
 */
public final class ApprovalWatchBenchmark {

    private ApprovalWatchBenchmark() {
    }

    /** The run's parameters. */
    record Config(List<Integer> sizes, int groups, int scale, double windowSeconds, int approvals,
                  long approvalSpacingMillis, List<String> variants, int naivePoolThreads, int threadPerBuildMax,
                  int emulatorThreads, String setup, int setupThreads, long seed, double budgetMinutes,
                  boolean histogram) {

        static Config fromSystemProperties() {
            Config c = new Config(
                    Arrays.stream(prop("bench.builds", "1000,10000").split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                    Integer.parseInt(prop("bench.groups", "10")),
                    Integer.parseInt(prop("bench.scale", "10")),
                    Double.parseDouble(prop("bench.windowSeconds", "24")),
                    Integer.parseInt(prop("bench.approvals", "20")),
                    Long.parseLong(prop("bench.approvalSpacingMillis", "1100")),
                    Arrays.stream(prop("bench.variants", "shared,naive-pool,naive-thread").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    Integer.parseInt(prop("bench.naivePoolThreads", "8")),
                    Integer.parseInt(prop("bench.threadPerBuildMax", "10000")),
                    Integer.parseInt(prop("bench.emulatorThreads", "64")),
                    prop("bench.setup", "http"),
                    Integer.parseInt(prop("bench.setupThreads", "16")),
                    Long.parseLong(prop("bench.seed", "42")),
                    Double.parseDouble(prop("bench.budgetMinutes", "15")),
                    Boolean.parseBoolean(prop("bench.histogram", "true")));
            for (int n : c.sizes) {
                if (n < c.groups || n % c.groups != 0) {
                    throw new IllegalArgumentException("bench.builds: each size must be a multiple of bench.groups ("
                            + c.groups + "): " + n);
                }
            }
            if (!c.setup.equals("http") && !c.setup.equals("backend")) {
                throw new IllegalArgumentException("bench.setup: http or backend, not " + c.setup);
            }
            return c;
        }

        private static String prop(String key, String dflt) {
            String v = System.getProperty(key);
            return v == null || v.isBlank() ? dflt : v.trim();
        }

        /** The production cadence ({@link RegistryWatcher.Settings#DEFAULTS}) with every duration divided by scale. */
        RegistryWatcher.Settings watcherSettings() {
            RegistryWatcher.Settings p = RegistryWatcher.Settings.DEFAULTS;
            return new RegistryWatcher.Settings(p.firstLook().dividedBy(scale), p.base().dividedBy(scale),
                    p.max().dividedBy(scale), p.throttledMax().dividedBy(scale), p.jitter());
        }

        /**
         * Time until every poller is at the {@code max} interval: the poll after which the interval reaches max
         * happens at firstLook + 2·base + 4·base + … ; with jitter at most (1 + jitter) times that; plus a second.
         */
        double rampSeconds() {
            RegistryWatcher.Settings s = watcherSettings();
            long t = s.firstLook().toMillis();
            long iv = Math.min(s.base().toMillis() * 2, s.max().toMillis());
            while (iv < s.max().toMillis()) {
                t += iv;
                iv = Math.min(iv * 2, s.max().toMillis());
            }
            return Math.ceil(t * (1 + s.jitter()) / 1000.0) + 1;
        }
    }

    /** Arguments of the form {@code bench.key=value} are taken as system properties (handy with exec:exec). */
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            String key = a.startsWith("-D") ? a.substring(2) : a;
            int eq = key.indexOf('=');
            if (eq <= 0 || !key.startsWith("bench.")) {
                throw new IllegalArgumentException("arguments are bench.<key>=<value>, not " + a);
            }
            System.setProperty(key.substring(0, eq), key.substring(eq + 1));
        }
        Config cfg = Config.fromSystemProperties();
        long begin = System.nanoTime();
        long budgetEnd = begin + (long) (cfg.budgetMinutes() * 60e9);
        RegistryWatcher.Settings s = cfg.watcherSettings();
        String machine = machine();
        log("Approval watch benchmark");
        log(machine.replace("\n", "; "));
        log(String.format(Locale.ROOT, "sizes %s, %d groups, variants %s; time scale 1/%d: firstLook %s, base %s, max %s, "
                        + "jitter ±%.0f%%; ramp %.0f s, window %.0f s, %d approvals every %d ms",
                cfg.sizes(), cfg.groups(), cfg.variants(), cfg.scale(), ms(s.firstLook()), ms(s.base()), ms(s.max()),
                s.jitter() * 100, cfg.rampSeconds(), cfg.windowSeconds(), cfg.approvals(), cfg.approvalSpacingMillis()));

        List<BenchResult> results = new ArrayList<>();
        List<String> setupNotes = new ArrayList<>();
        boolean warmedUp = false;
        for (int size : cfg.sizes()) {
            if (System.nanoTime() > budgetEnd) {
                cfg.variants().forEach(v -> results.add(BenchResult.skipped(size, v, "time budget (bench.budgetMinutes) spent")));
                continue;
            }
            log("size " + size + ": registering " + size + " pending model packages in " + cfg.groups() + " groups ...");
            try (BenchScenario scenario = new BenchScenario(cfg, size)) {
                String note = String.format(Locale.ROOT, "%d builds: registration via %s took %.1f s; emulator + stored "
                                + "packages retain %.1f MB of heap (%.0f B per package), not charged to any mechanism",
                        size, scenario.setupPath, scenario.setupMillis / 1000.0, scenario.emulatorAndStoreBytes / 1e6,
                        (double) scenario.emulatorAndStoreBytes / size);
                setupNotes.add(note);
                log(note);
                if (!warmedUp) {
                    log("warm-up: each mechanism on 100 builds ...");
                    scenario.warmUp(cfg.variants());
                    warmedUp = true;
                }
                for (String v : cfg.variants()) {
                    if (v.equals("naive-thread") && size > cfg.threadPerBuildMax()) {
                        results.add(BenchResult.skipped(size, v, "more builds than bench.threadPerBuildMax ("
                                + cfg.threadPerBuildMax() + ")"));
                        continue;
                    }
                    if (System.nanoTime() > budgetEnd) {
                        results.add(BenchResult.skipped(size, v, "time budget (bench.budgetMinutes) spent"));
                        continue;
                    }
                    log("size " + size + ", " + v + " ...");
                    BenchResult r = scenario.run(v, cfg.rampSeconds());
                    results.add(r);
                    log(String.format(Locale.ROOT, "  %.0f calls/min (scaled), %d mechanism threads, %.0f B heap/build, "
                                    + "notified %d/%d, median %.0f ms, p95 %.0f ms, errors %d, poll failures %d",
                            r.callsPerMinuteScaled(), r.mechanismThreadsPeak(), r.heapPerBuild(),
                            r.latenciesMillis().size(), r.approvals(), r.medianMillis(), r.p95Millis(),
                            r.serverErrors(), r.pollFailures()));
                }
            }
        }
        String report = report(cfg, results, setupNotes, machine,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
        System.out.println();
        System.out.println(report);
    }

    // ------------------------------------------------------------------ report

    static String report(Config cfg, List<BenchResult> results, List<String> setupNotes, String machine, long seconds) {
        RegistryWatcher.Settings s = cfg.watcherSettings();
        int k = cfg.scale();
        StringBuilder o = new StringBuilder();
        o.append("## Results\n\n");
        o.append(machine).append("\n");
        o.append(String.format(Locale.ROOT, "Scaled time 1/%d (firstLook %s, base %s, max %s, jitter ±%.0f%%); "
                        + "steady-state window %.0f s after a %.0f s ramp; %d approvals %d ms apart; total run %d s.%n%n",
                k, ms(s.firstLook()), ms(s.base()), ms(s.max()), s.jitter() * 100, cfg.windowSeconds(),
                cfg.rampSeconds(), cfg.approvals(), cfg.approvalSpacingMillis(), seconds));
        setupNotes.forEach(n -> o.append("- ").append(n).append('\n'));
        o.append('\n');

        o.append("| builds | mechanism | registry calls/min, measured (scaled) | calls/min at production cadence "
                + "(measured ÷ " + k + ") | design, production | threads used | live-thread Δ | heap per waiting build "
                + "| notify median / p95, scaled | ≙ production |\n");
        o.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran()) {
                o.append(String.format("| %,d | %s | skipped: %s |||||||\n", r.builds(), label(r.variant()), r.skipped()));
                continue;
            }
            o.append(String.format(Locale.ROOT, "| %,d | %s | %,.0f | %,.1f | %,.0f | %,d | %,d | %s | %s | %s |%n",
                    r.builds(), label(r.variant()), r.callsPerMinuteScaled(), r.callsPerMinuteScaled() / k,
                    r.expectedCallsPerMinuteScaled() / k, r.threadsUsed(), r.liveThreadDeltaPeak(),
                    bytes(r.heapPerBuild()), latency(r, 1), latency(r, k)));
        }

        o.append("\n**Ratios naive / shared** (same size; > 1 means the naive way costs more):\n\n");
        o.append("| builds | naive mechanism | registry calls/min | threads used | heap per waiting build "
                + "| notify median | notify p95 |\n");
        o.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran() || r.variant().equals("shared")) {
                continue;
            }
            Optional<BenchResult> shared = results.stream()
                    .filter(x -> x.ran() && x.builds() == r.builds() && x.variant().equals("shared")).findFirst();
            if (shared.isEmpty()) {
                continue;
            }
            BenchResult b = shared.get();
            o.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |%n", r.builds(), label(r.variant()),
                    ratio(r.callsPerMinuteScaled(), b.callsPerMinuteScaled()),
                    ratio(r.threadsUsed(), b.threadsUsed()),
                    ratio(r.heapPerBuild(), b.heapPerBuild()),
                    ratio(r.medianMillis(), b.medianMillis()),
                    ratio(r.p95Millis(), b.p95Millis())));
        }

        o.append("\n**Details** (CPU in cores busy during the window; the emulator runs in the same JVM):\n\n");
        o.append("| builds | mechanism | window | calls seen by the emulator | HTTP errors | client calls | poll failures "
                + "| start-up | mechanism CPU | emulator CPU | process CPU | emulator threads | RSS Δ per build "
                + "| heap committed Δ | (RSS − committed heap) Δ per build | notified | unexpected | latency max |\n");
        o.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran()) {
                continue;
            }
            o.append(String.format(Locale.ROOT,
                    "| %,d | %s | %.1f s | %s | %d | %,d | %d | %,d ms | %.2f | %.2f | %.2f | %d | %s | %.0f MB | %s | %d/%d | %d | %,.0f ms |%n",
                    r.builds(), label(r.variant()), r.windowSeconds(), r.serverCallsByOperation(), r.serverErrors(),
                    r.clientCalls(), r.pollFailures(), r.startMillis(), r.mechanismCpuCores(), r.emulatorCpuCores(),
                    r.processCpuCores(), r.emulatorThreadsPeak(), bytes(r.rssPerBuild()),
                    r.heapCommittedDeltaBytes() / 1e6,
                    bytes((double) (r.rssDeltaBytes() - r.heapCommittedDeltaBytes()) / r.builds()),
                    r.latenciesMillis().size(), r.approvals(),
                    r.unexpectedNotifications(), r.maxMillis()));
        }
        for (BenchResult r : results) {
            if (r.ran() && !r.failureKinds().isEmpty()) {
                o.append(String.format("%nPoll failures, %,d %s: %s%n", r.builds(), label(r.variant()), r.failureKinds()));
            }
        }
        o.append("\nHeap growth by class between baseline and steady state (class histogram of live objects; "
                + "instances and bytes per waiting build):\n\n");
        for (BenchResult r : results) {
            if (r.ran() && !r.heapTop().isEmpty()) {
                o.append(String.format("- %,d %s: %s%n", r.builds(), label(r.variant()), r.heapTop()));
            }
        }
        o.append("\nLatencies (ms, scaled), in approval order:\n\n");
        for (BenchResult r : results) {
            if (r.ran()) {
                o.append(String.format("- %,d %s: %s%n", r.builds(), label(r.variant()), r.latenciesMillis()));
            }
        }
        return o.toString();
    }

    private static String label(String variant) {
        return switch (variant) {
            case "shared" -> "shared watcher (plugin)";
            case "naive-pool" -> "naive: poller per build";
            case "naive-thread" -> "naive: thread per build";
            default -> variant;
        };
    }

    private static String latency(BenchResult r, int factor) {
        if (r.latenciesMillis().isEmpty()) {
            return "none notified";
        }
        String missed = r.latenciesMillis().size() < r.approvals()
                ? " (" + (r.approvals() - r.latenciesMillis().size()) + " missed)" : "";
        return String.format(Locale.ROOT, "%.2f s / %.2f s%s", r.medianMillis() * factor / 1000.0,
                r.p95Millis() * factor / 1000.0, missed);
    }

    private static String ratio(double naive, double shared) {
        if (Double.isNaN(naive) || Double.isNaN(shared) || shared <= 0) {
            return "n/a";
        }
        double x = naive / shared;
        return x >= 100 ? String.format(Locale.ROOT, "%,.0f×", x) : String.format(Locale.ROOT, "%.2f×", x);
    }

    private static String bytes(double b) {
        if (Math.abs(b) >= 10_000) {
            return String.format(Locale.ROOT, "%,.1f KB", b / 1024);
        }
        return String.format(Locale.ROOT, "%,.0f B", b);
    }

    private static String ms(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        long ram = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
        return String.format(Locale.ROOT, "Machine: %d CPUs%s, %.1f GiB RAM, %s %s; Java %s (%s %s); max heap %.1f GiB.",
                Runtime.getRuntime().availableProcessors(), cpu.isEmpty() ? "" : " (" + cpu + ")", ram / 1073741824.0,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() / 1073741824.0);
    }

    private static void log(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
