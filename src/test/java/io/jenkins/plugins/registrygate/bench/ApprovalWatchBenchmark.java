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
 * Benchmark (not a test): N builds wait on approval of model packages spread over model package groups. The plugin as
 * it runs (the real {@code awaitApproval} step on a {@code RegistryGateRuntime} built as in production, with its own
 * timer and I/O pools), its watcher alone on such a runtime, and two naive baselines (a scheduled poller per build; a
 * thread per build), each measured in turn in one run, all registry traffic through the real AWS SDK client over HTTP
 * to the in-process SageMaker emulator. The resume after a restart is {@link ResumeStormBenchmark}.
 *
 * <p>Run from the repository root (method and results: {@code docs/benchmarks.md}):
 * {@code mvn -B -q test-compile exec:exec -Dexec.executable=java
 * "-Dexec.args=-Xmx4g -cp %classpath io.jenkins.plugins.registrygate.bench.ApprovalWatchBenchmark"}
 *
 * <p>Time is scaled: the watcher's production cadence (first look 2 s, base 10 s, max 60 s) divided by
 * {@code bench.scale} (default 10). Rates are reported as measured and converted back to production cadence.
 *
 * <p>Options, as program arguments {@code bench.<key>=<value>} (all optional): {@code bench.builds} (comma-separated
 * sizes, default 1000,10000), {@code bench.groups} (10), {@code bench.scale} (10), {@code bench.windowSeconds} (24),
 * {@code bench.approvals} (20), {@code bench.approvalSpacingMillis} (1100), {@code bench.variants}
 * (plugin,watcher,naive-pool,naive-thread), {@code bench.naivePoolThreads} (8), {@code bench.threadPerBuildMax}
 * (10000), {@code bench.emulatorThreads} (64), {@code bench.setup} (http|backend, default http),
 * {@code bench.setupThreads} (16), {@code bench.seed} (42), {@code bench.budgetMinutes} (40: variants not started by
 * then are skipped), {@code bench.histogram} (true), {@code bench.heapReps} (5 runs per size and mechanism for the
 * heap per build), {@code bench.nullReps} (3 runs that start no build: the heap method's noise),
 * {@code bench.stepTimeout} (the steps' timeout parameter, default none).
 */
public final class ApprovalWatchBenchmark {

    private ApprovalWatchBenchmark() {
    }

    /** The run's parameters. */
    record Config(List<Integer> sizes, int groups, int scale, double windowSeconds, int approvals,
                  long approvalSpacingMillis, List<String> variants, int naivePoolThreads, int threadPerBuildMax,
                  int emulatorThreads, String setup, int setupThreads, long seed, double budgetMinutes,
                  boolean histogram, int heapReps, int nullReps, String stepTimeout) {

        static Config fromSystemProperties() {
            Config c = new Config(
                    Arrays.stream(prop("bench.builds", "1000,10000").split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                    Integer.parseInt(prop("bench.groups", "10")),
                    Integer.parseInt(prop("bench.scale", "10")),
                    Double.parseDouble(prop("bench.windowSeconds", "24")),
                    Integer.parseInt(prop("bench.approvals", "20")),
                    Long.parseLong(prop("bench.approvalSpacingMillis", "1100")),
                    Arrays.stream(prop("bench.variants", "plugin,watcher,naive-pool,naive-thread").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                    Integer.parseInt(prop("bench.naivePoolThreads", "8")),
                    Integer.parseInt(prop("bench.threadPerBuildMax", "10000")),
                    Integer.parseInt(prop("bench.emulatorThreads", "64")),
                    prop("bench.setup", "http"),
                    Integer.parseInt(prop("bench.setupThreads", "16")),
                    Long.parseLong(prop("bench.seed", "42")),
                    Double.parseDouble(prop("bench.budgetMinutes", "40")),
                    Boolean.parseBoolean(prop("bench.histogram", "true")),
                    Integer.parseInt(prop("bench.heapReps", "5")),
                    Integer.parseInt(prop("bench.nullReps", "3")),
                    prop("bench.stepTimeout", ""));
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

        static String prop(String key, String dflt) {
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
        PipelineBuilds.controllerCredentials();
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
        List<HeapResult> heaps = new ArrayList<>();
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
                    if (cfg.heapReps() > 0) {
                        int nullReps = v.equals(cfg.variants().get(0)) ? cfg.nullReps() : 0;
                        log("size " + size + ", " + v + ": heap, " + cfg.heapReps() + " runs"
                                + (nullReps > 0 ? " and " + nullReps + " without builds" : "") + " ...");
                        HeapResult h = scenario.measureHeap(v, cfg.heapReps(), nullReps);
                        heaps.add(h);
                        log(String.format(Locale.ROOT, "  retained per build %s (histogram runs %s; used heap %s; growth %s; "
                                        + "no builds: histogram %s, used heap %s, growth %s)",
                                bytes(h.median()), list(h.runs(), HeapResult.Run::retainedHistogram),
                                list(h.runs(), HeapResult.Run::retained), list(h.runs(), HeapResult.Run::growth),
                                list(h.noBuilds(), HeapResult.Run::retainedHistogram),
                                list(h.noBuilds(), HeapResult.Run::retained), list(h.noBuilds(), HeapResult.Run::growth)));
                    }
                    log("size " + size + ", " + v + " ...");
                    BenchResult r = scenario.run(v, cfg.rampSeconds());
                    results.add(r);
                    log(String.format(Locale.ROOT, "  start %s in %,d ms; %.0f calls/min (scaled), %d mechanism threads, "
                                    + "%.0f B heap/build (single reading), notified %d/%d, median %.0f ms, p95 %.0f ms, "
                                    + "errors %d, poll failures %d",
                            r.startCalls(), r.waitingMillis(), r.callsPerMinuteScaled(), r.mechanismThreadsPeak(), r.heapPerBuild(),
                            r.latenciesMillis().size(), r.approvals(), r.medianMillis(), r.p95Millis(),
                            r.serverErrors(), r.pollFailures()));
                }
            }
        }
        String report = report(cfg, results, heaps, setupNotes, machine,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
        System.out.println();
        System.out.println(report);
    }

    // ------------------------------------------------------------------ report

    static String report(Config cfg, List<BenchResult> results, List<HeapResult> heaps, List<String> setupNotes,
                         String machine, long seconds) {
        RegistryWatcher.Settings s = cfg.watcherSettings();
        int k = cfg.scale();
        StringBuilder o = new StringBuilder();
        o.append("## Results\n\n");
        o.append(machine).append("\n");
        o.append(String.format(Locale.ROOT, "Scaled time 1/%d (firstLook %s, base %s, max %s, jitter ±%.0f%%); "
                        + "steady-state window %.0f s after a %.0f s ramp; %d approvals %d ms apart; heap: %d runs per "
                        + "size and mechanism, %d without builds; total run %d s.%n%n",
                k, ms(s.firstLook()), ms(s.base()), ms(s.max()), s.jitter() * 100, cfg.windowSeconds(),
                cfg.rampSeconds(), cfg.approvals(), cfg.approvalSpacingMillis(), cfg.heapReps(), cfg.nullReps(), seconds));
        setupNotes.forEach(n -> o.append("- ").append(n).append('\n'));
        o.append('\n');

        o.append("| builds | mechanism | registry calls/min, measured (scaled) | calls/min at production cadence "
                + "(measured ÷ " + k + ") | design, production | threads used | live-thread Δ | heap per waiting build "
                + "(median of runs) | notify median / p95, scaled | ≙ production |\n");
        o.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran()) {
                o.append(String.format("| %,d | %s | skipped: %s |||||||\n", r.builds(), label(r.variant()), r.skipped()));
                continue;
            }
            o.append(String.format(Locale.ROOT, "| %,d | %s | %,.0f | %,.1f | %,.0f | %,d | %,d | %s | %s | %s |%n",
                    r.builds(), label(r.variant()), r.callsPerMinuteScaled(), r.callsPerMinuteScaled() / k,
                    r.expectedCallsPerMinuteScaled() / k, r.threadsUsed(), r.liveThreadDeltaPeak(),
                    heap(heaps, r.builds(), r.variant()).map(h -> bytes(h.median())).orElse("n/a"),
                    latency(r, 1), latency(r, k)));
        }

        o.append("\n**Starting to wait** (every call the emulator answered from the first build's start until every build "
                + "waited, by operation):\n\n");
        o.append("| builds | mechanism | calls | per build | until every build waits | calls by operation |\n");
        o.append("|---:|---|---:|---:|---:|---|\n");
        for (BenchResult r : results) {
            if (r.ran()) {
                o.append(String.format(Locale.ROOT, "| %,d | %s | %,d | %.2f | %,d ms%s | %s |%n", r.builds(),
                        label(r.variant()), r.startCallsTotal(), (double) r.startCallsTotal() / r.builds(),
                        r.waitingMillis(), r.allWaiting() ? "" : " (not all)", r.startCalls()));
            }
        }

        o.append("\n**Heap per waiting build** (bytes per build; each run: a fresh mechanism prepared, heap read after GC "
                + "before the builds start, with every build waiting, and after they are released; retained = waiting − "
                + "released, growth = waiting − before; class histogram: the JVM's count of live objects after a full GC; "
                + "used heap: MemoryMXBean after System.gc()):\n\n");
        o.append("| builds | mechanism | runs | retained, class histogram: median | min – max | retained, used heap: median "
                + "| min – max | growth, used heap: median | runs without builds: largest |Δ|, histogram / used heap |\n");
        o.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HeapResult h : heaps) {
            o.append(String.format(Locale.ROOT, "| %,d | %s | %d | %s | %s – %s | %s | %s – %s | %s | %s |%n",
                    h.builds(), label(h.variant()), h.runs().size(),
                    bytes(h.median(HeapResult.Run::retainedHistogram)), bytes(h.min(HeapResult.Run::retainedHistogram)),
                    bytes(h.max(HeapResult.Run::retainedHistogram)),
                    bytes(h.median(HeapResult.Run::retained)), bytes(h.min(HeapResult.Run::retained)),
                    bytes(h.max(HeapResult.Run::retained)),
                    bytes(h.median(HeapResult.Run::growth)),
                    h.noBuilds().isEmpty() ? "" : bytes(h.noise(HeapResult.Run::retainedHistogram)) + " / "
                            + bytes(h.noise(HeapResult.Run::retained)) + " (" + h.noBuilds().size() + " runs)"));
        }

        o.append("\n**Ratios naive / plugin** (same size, same run; > 1 means the naive way costs more). Heap: the plugin's "
                + "whole waiting build, and the mechanism's share (naive mechanism / the plugin's watcher alone):\n\n");
        o.append("| builds | naive mechanism | registry calls/min | threads used | heap: naive mechanism / whole plugin build "
                + "| heap: naive mechanism / watcher's share | notify median | notify p95 |\n");
        o.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran() || !r.variant().startsWith("naive")) {
                continue;
            }
            Optional<BenchResult> plugin = results.stream()
                    .filter(x -> x.ran() && x.builds() == r.builds() && x.variant().equals("plugin")).findFirst();
            if (plugin.isEmpty()) {
                continue;
            }
            BenchResult b = plugin.get();
            double naiveHeap = heap(heaps, r.builds(), r.variant()).map(HeapResult::median).orElse(Double.NaN);
            o.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s |%n", r.builds(), label(r.variant()),
                    ratio(r.callsPerMinuteScaled(), b.callsPerMinuteScaled()),
                    ratio(r.threadsUsed(), b.threadsUsed()),
                    ratio(naiveHeap, heap(heaps, r.builds(), "plugin").map(HeapResult::median).orElse(Double.NaN)),
                    ratio(naiveHeap, heap(heaps, r.builds(), "watcher").map(HeapResult::median).orElse(Double.NaN)),
                    ratio(r.medianMillis(), b.medianMillis()),
                    ratio(r.p95Millis(), b.p95Millis())));
        }

        o.append("\n**Details** (CPU in cores busy during the window; the emulator runs in the same JVM):\n\n");
        o.append("| builds | mechanism | window | calls seen by the emulator | HTTP errors | client calls | poll failures "
                + "| start() returned | mechanism CPU | emulator CPU | process CPU | emulator threads | heap Δ per build, single "
                + "reading after the ramp | RSS Δ per build | heap committed Δ | (RSS − committed heap) Δ per build "
                + "| notified | unexpected | latency max |\n");
        o.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            if (!r.ran()) {
                continue;
            }
            o.append(String.format(Locale.ROOT,
                    "| %,d | %s | %.1f s | %s | %d | %,d | %d | %,d ms | %.2f | %.2f | %.2f | %d | %s | %s | %.0f MB | %s | %d/%d | %d | %,.0f ms |%n",
                    r.builds(), label(r.variant()), r.windowSeconds(), r.serverCallsByOperation(), r.serverErrors(),
                    r.clientCalls(), r.pollFailures(), r.startMillis(), r.mechanismCpuCores(), r.emulatorCpuCores(),
                    r.processCpuCores(), r.emulatorThreadsPeak(), bytes(r.heapPerBuild()), bytes(r.rssPerBuild()),
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
        o.append("\nRetained heap by class, median heap run (class histogram of live objects, waiting − released; "
                + "instances and bytes per waiting build):\n\n");
        for (HeapResult h : heaps) {
            o.append(String.format("- %,d %s: %s%n", h.builds(), label(h.variant()), h.top()));
        }
        o.append("\nHeap growth by class in the main run, baseline to the single reading after the ramp (class histogram):\n\n");
        for (BenchResult r : results) {
            if (r.ran() && !r.heapTop().isEmpty()) {
                o.append(String.format("- %,d %s: %s%n", r.builds(), label(r.variant()), r.heapTop()));
            }
        }
        o.append("\nHeap runs in order, B per build (retained by histogram; retained, used heap; growth by histogram; "
                + "growth, used heap):\n\n");
        for (HeapResult h : heaps) {
            o.append(String.format("- %,d %s: %s; %s; %s; %s%s%n", h.builds(), label(h.variant()),
                    list(h.runs(), HeapResult.Run::retainedHistogram), list(h.runs(), HeapResult.Run::retained),
                    list(h.runs(), HeapResult.Run::growthHistogram), list(h.runs(), HeapResult.Run::growth),
                    h.noBuilds().isEmpty() ? "" : "; without builds " + list(h.noBuilds(), HeapResult.Run::retainedHistogram)
                            + "; " + list(h.noBuilds(), HeapResult.Run::retained) + "; "
                            + list(h.noBuilds(), HeapResult.Run::growthHistogram) + "; " + list(h.noBuilds(), HeapResult.Run::growth)));
        }
        o.append("\nLatencies (ms, scaled), in approval order:\n\n");
        for (BenchResult r : results) {
            if (r.ran()) {
                o.append(String.format("- %,d %s: %s%n", r.builds(), label(r.variant()), r.latenciesMillis()));
            }
        }
        return o.toString();
    }

    private static Optional<HeapResult> heap(List<HeapResult> heaps, int builds, String variant) {
        return heaps.stream().filter(h -> h.builds() == builds && h.variant().equals(variant)).findFirst();
    }

    static String list(List<HeapResult.Run> runs, java.util.function.ToDoubleFunction<HeapResult.Run> f) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", f.applyAsDouble(r))).toList().toString();
    }

    private static String label(String variant) {
        return switch (variant) {
            case "plugin" -> "plugin: awaitApproval steps";
            case "watcher" -> "plugin's watcher alone";
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

    static String bytes(double b) {
        if (Math.abs(b) >= 10_000) {
            return String.format(Locale.ROOT, "%,.1f KB", b / 1024);
        }
        return String.format(Locale.ROOT, "%,.0f B", b);
    }

    static String ms(Duration d) {
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

    static void log(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
