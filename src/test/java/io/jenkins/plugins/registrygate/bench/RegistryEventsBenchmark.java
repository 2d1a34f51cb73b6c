package io.jenkins.plugins.registrygate.bench;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.ApprovalDecision;
import io.jenkins.plugins.registrygate.approvals.ApprovalGate;
import io.jenkins.plugins.registrygate.approvals.ApprovalPolicy;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.FixedSeal;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.approvals.WaitState;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.MutableClock;
import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.events.ApprovalTriggers;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;

/**
 * Benchmark (not a test): registry events and the builds waiting in awaitApproval. One run measures
 * <ol>
 *   <li><b>latency</b>: with {@code bench.builds} (1,000) builds waiting ({@link ApprovalWait}s on the plugin's
 *       runtime: its watcher, its 2 timer threads and 8 I/O threads, wall-clock time), the time from the delivery of a
 *       registry event (the event handed to {@link EventIntake}, as the endpoint and the SQS consumer do) to the waiting
 *       build's {@code finished} callback (the build resuming), for {@code bench.approvals} decisions made in the
 *       SageMaker console, each followed by its event and a duplicate, {@code bench.rate} per second;</li>
 *   <li><b>registry calls per hour</b> for the same number of waiting builds, polling alone versus with events
 *       (heartbeats every 5 minutes, an event and a duplicate per decision), {@code bench.decisionsPerHour} decisions
 *       in the hour, on simulated time: the real watcher, waits and SDK client against the emulator, with a
 *       {@link ManualScheduledExecutor} over the emulator's clock moving through one hour. The counts are the
 *       emulator's record of the plugin's calls.</li>
 * </ol>
 * Every registry call goes through the plugin's own SDK client ({@link AwsClients}, rate limit off) over HTTP to the
 * in-process emulator. Method and figures: {@code docs/benchmarks.md}.
 *
 * <p>Arguments {@code bench.<key>=<value>} (or system properties): {@code bench.builds} (1000), {@code bench.groups}
 * (10), {@code bench.approvals} (200), {@code bench.rate} (10 per second), {@code bench.warmup} (30),
 * {@code bench.decisionsPerHour} (60), {@code bench.seed} (42).
 */
public final class RegistryEventsBenchmark {

    static final String KEY = "bench-api-key";
    static final String CREDENTIALS_ID = "bench-credentials";
    static final String ACCESS_KEY = "BENCHPLUGINKEY";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.4.2";

    private RegistryEventsBenchmark() {
    }

    record Config(int builds, int groups, int approvals, double rate, int warmup, int decisionsPerHour, long seed) {
        static Config fromSystemProperties() {
            return new Config(Integer.parseInt(prop("bench.builds", "1000")), Integer.parseInt(prop("bench.groups", "10")),
                    Integer.parseInt(prop("bench.approvals", "200")), Double.parseDouble(prop("bench.rate", "10")),
                    Integer.parseInt(prop("bench.warmup", "30")), Integer.parseInt(prop("bench.decisionsPerHour", "60")),
                    Long.parseLong(prop("bench.seed", "42")));
        }

        private static String prop(String key, String dflt) {
            String v = System.getProperty(key);
            return v == null || v.isBlank() ? dflt : v.trim();
        }
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            String kv = a.startsWith("-D") ? a.substring(2) : a;
            int eq = kv.indexOf('=');
            if (eq <= 0 || !kv.startsWith("bench.")) {
                throw new IllegalArgumentException("arguments are bench.<key>=<value>, not " + a);
            }
            System.setProperty(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Config cfg = Config.fromSystemProperties();
        if (cfg.approvals() + cfg.warmup() > cfg.builds()) {
            throw new IllegalArgumentException("bench.approvals + bench.warmup must not exceed bench.builds");
        }
        long begin = System.nanoTime();
        log("Registry events benchmark: " + cfg + "; " + machine());
        Latency latency = latency(cfg);
        CallsPerHour polling = callsPerHour(cfg, false);
        CallsPerHour events = callsPerHour(cfg, true);
        System.out.println();
        System.out.println(report(cfg, latency, polling, events, Duration.ofNanos(System.nanoTime() - begin)));
        System.exit(0);
    }

    // ------------------------------------------------------------------ the world: emulator, client, packages, waits

    /** The emulator, the plugin's client cache pointed at it, and the console reviewer's client. */
    static final class World implements AutoCloseable {
        final SageMakerEmulator emulator;
        final AwsClients clients = new AwsClients().withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
        final ConnectionSettings settings;
        final CredentialsLookup lookup;
        final SageMakerClient console;

        World(Clock clock) {
            emulator = SageMakerEmulator.builder().clock(clock).threads(64).validateResponses(false).start();
            settings = new ConnectionSettings(emulator.region(), emulator.endpoint().toString(), CREDENTIALS_ID, "", "");
            AwsCredentialsProvider keys = EmulatorClients.credentials(ACCESS_KEY);
            lookup = id -> CREDENTIALS_ID.equals(id) ? Optional.of(keys) : Optional.empty();
            console = EmulatorClients.sageMaker(emulator, b -> b.credentialsProvider(EmulatorClients.credentials(
                    emulator.identities().user("ConsoleReviewer"))));
        }

        ModelRegistry registry() {
            return new ModelRegistry(clients.clientFor(settings, lookup));
        }

        /** Registers {@code n} pending versions round-robin over the groups, 16 at a time. */
        List<ModelPackageRef> register(int n, int groups) throws Exception {
            for (int g = 0; g < groups; g++) {
                String name = group(g);
                console.createModelPackageGroup(b -> b.modelPackageGroupName(name));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<ModelPackageRef>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String name = group(i % groups);
                    futures.add(pool.submit(() -> registry().createVersion(CreateModelPackageRequest.builder()
                            .modelPackageGroupName(name)
                            .modelApprovalStatus("PendingManualApproval")
                            .inferenceSpecification(s -> s.containers(c -> c.image(IMAGE).modelDataUrl("s3://models/churn/model.tar.gz"))
                                    .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))
                            .build())));
                }
                List<ModelPackageRef> refs = new ArrayList<>();
                for (Future<ModelPackageRef> f : futures) {
                    refs.add(f.get());
                }
                return refs;
            } finally {
                pool.shutdownNow();
            }
        }

        void approveInConsole(ModelPackageRef ref) {
            console.updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Approved")
                    .approvalDescription("approved in the console"));
        }

        /** The plugin's calls (not the console's, not setup), by operation. */
        Map<String, Long> pluginCalls() {
            Map<String, Long> out = new TreeMap<>();
            for (RecordedCall c : emulator.calls()) {
                if (ACCESS_KEY.equals(c.accessKeyId())) {
                    out.merge(c.operation(), 1L, Long::sum);
                }
            }
            return out;
        }

        @Override
        public void close() {
            console.close();
            clients.close();
            emulator.close();
        }
    }

    static String group(int g) {
        return String.format(Locale.ROOT, "bench-model-%02d", g);
    }

    /** One waiting build: its wait, and when it resumed (nanoTime, or the simulated clock's millis). */
    static final class Builds {
        final List<ModelPackageRef> refs;
        final List<ApprovalWait> waits = new ArrayList<>();
        final AtomicLongArray resumedAt;
        final AtomicLongArray pushNotices;

        Builds(List<ModelPackageRef> refs) {
            this.refs = refs;
            this.resumedAt = new AtomicLongArray(refs.size());
            this.pushNotices = new AtomicLongArray(refs.size());
        }

        /** Starts every wait (approvers: alice; no timeout), each build with its own callbacks. */
        void begin(World w, RegistryWatcher watcher, ScheduledExecutorService timers, ExecutorService io, Clock clock,
                   Supplier<Long> now) {
            ApprovalPolicy policy = new ApprovalPolicy(List.of("alice"), false, List.of(), List.of(), ApprovalPolicy.OnRuleFailure.HUMANS);
            for (int i = 0; i < refs.size(); i++) {
                int index = i;
                ApprovalWait wait = new ApprovalWait(refs.get(i), w.settings, new ApprovalGate(policy, List.of("dave")),
                        Optional.empty(), true);
                waits.add(wait);
                ApprovalWait.Callbacks callbacks = new ApprovalWait.Callbacks() {
                    @Override
                    public void log(String line) {
                        if (line.startsWith("Registry events") || line.startsWith("No registry event")) {
                            pushNotices.incrementAndGet(index);
                        }
                    }

                    @Override
                    public void finished(ApprovalDecision decision) {
                        resumedAt.set(index, now.get());
                    }

                    @Override
                    public void failed(Exception e) {
                        throw new IllegalStateException("a waiting build failed: " + e.getMessage(), e);
                    }
                };
                wait.begin(new ApprovalWait.Environment(watcher, timers, io, clock, w::registry, "", FixedSeal.SEAL, callbacks));
            }
        }

        long waiting() {
            return waits.stream().filter(x -> x.state() == WaitState.WAITING).count();
        }
    }

    static String event(ModelPackageRef ref, Instant time) {
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"SageMaker Model Package State Change\","
                + "\"source\":\"aws.sagemaker\",\"account\":\"123456789012\",\"time\":" + time.toEpochMilli()
                + ",\"region\":\"us-east-1\",\"resources\":[\"" + ref.arn() + "\"],\"detail\":{\"ModelPackageGroupName\":\""
                + ref.group() + "\",\"ModelPackageVersion\":" + ref.version() + ",\"ModelPackageArn\":\"" + ref.arn()
                + "\",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"Approved\"}}";
    }

    static String heartbeat(Instant time) {
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"" + time + "\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{}}";
    }

    static void deliver(EventIntake intake, String body) {
        int status = intake.receive(Optional.of(KEY), body.getBytes(StandardCharsets.UTF_8)).answer(Duration.ZERO).status();
        if (status != 202) {
            throw new IllegalStateException("event refused with HTTP " + status);
        }
    }

    // ------------------------------------------------------------------ 1. latency, wall-clock time

    record Latency(int builds, int measured, int resumed, List<Long> micros, Map<String, Long> calls, long pushNotices,
                   double setupSeconds) {}

    static Latency latency(Config cfg) throws Exception {
        try (World w = new World(Clock.systemUTC());
             RegistryGateRuntime runtime = new RegistryGateRuntime(Clock.systemUTC(), RegistryWatcher.Settings.DEFAULTS, w.clients)
                     .withEventSettings(() -> new EventIntake.Settings(KEY, Duration.ofMinutes(10)))) {
            long setup = System.nanoTime();
            List<ModelPackageRef> refs = w.register(cfg.builds(), cfg.groups());
            Builds builds = new Builds(refs);
            builds.begin(w, runtime.watcher(), runtime.timers(), runtime.io(), runtime.clock(), System::nanoTime);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (builds.waiting() < refs.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + builds.waiting() + " of " + refs.size() + " builds got to wait");
                }
                Thread.sleep(50);
            }
            double setupSeconds = (System.nanoTime() - setup) / 1e9;
            log(String.format(Locale.ROOT, "latency: %d builds waiting after %.1f s (registration and each wait's first read)",
                    refs.size(), setupSeconds));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(cfg.seed()));
            List<Integer> warm = order.subList(0, cfg.warmup());
            List<Integer> measured = order.subList(cfg.warmup(), cfg.warmup() + cfg.approvals());
            long[] deliveredAt = new long[refs.size()];
            approve(w, runtime.events(), builds, warm, cfg.rate(), deliveredAt);
            awaitResumed(builds, warm, Duration.ofSeconds(30));
            w.emulator.clearCalls();
            approve(w, runtime.events(), builds, measured, cfg.rate(), deliveredAt);
            int resumed = awaitResumed(builds, measured, Duration.ofSeconds(60));
            List<Long> micros = new ArrayList<>();
            for (int i : measured) {
                long at = builds.resumedAt.get(i);
                if (at != 0) {
                    micros.add((at - deliveredAt[i]) / 1000);
                }
            }
            Collections.sort(micros);
            long notices = 0;
            for (int i = 0; i < refs.size(); i++) {
                notices += builds.pushNotices.get(i);
            }
            for (ApprovalWait wait : builds.waits) {
                wait.abort("benchmark over");
            }
            return new Latency(refs.size(), measured.size(), resumed, micros, w.pluginCalls(), notices, setupSeconds);
        }
    }

    /** Each decision: the console's UpdateModelPackage, then (timed from here) the event and SageMaker's duplicate. */
    static void approve(World w, EventIntake intake, Builds builds, List<Integer> which, double perSecond, long[] deliveredAt)
            throws InterruptedException {
        long spacing = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        for (int i : which) {
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            next += spacing;
            ModelPackageRef ref = builds.refs.get(i);
            w.approveInConsole(ref);
            deliveredAt[i] = System.nanoTime();
            deliver(intake, event(ref, Instant.now()));
            deliver(intake, event(ref, Instant.now()));
        }
    }

    static int awaitResumed(Builds builds, List<Integer> which, Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        while (true) {
            int n = 0;
            for (int i : which) {
                if (builds.resumedAt.get(i) != 0) {
                    n++;
                }
            }
            if (n == which.size() || System.nanoTime() > deadline) {
                return n;
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ 2. calls per hour, simulated time

    record CallsPerHour(boolean events, int builds, int decisions, int resumed, Map<String, Long> calls, List<Long> detectMillis) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static CallsPerHour callsPerHour(Config cfg, boolean withEvents) throws Exception {
        Instant t0 = Instant.parse("2026-03-16T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (World w = new World(clock)) {
            ManualScheduledExecutor time = new ManualScheduledExecutor(clock);
            RegistryWatcher watcher = new RegistryWatcher(time, time, clock, RegistryWatcher.Settings.DEFAULTS, new Random(cfg.seed()));
            EventIntake intake = new EventIntake(clock, watcher,
                    new ApprovalTriggers(time, time, RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE),
                    () -> new EventIntake.Settings(KEY, Duration.ofMinutes(10)));
            List<ModelPackageRef> refs = w.register(cfg.builds(), cfg.groups());
            Builds builds = new Builds(refs);
            builds.begin(w, watcher, time, time, clock, clock::millis);
            time.runDue();
            if (builds.waiting() != refs.size()) {
                throw new IllegalStateException("only " + builds.waiting() + " builds got to wait");
            }
            // The hour starts once every build waits; setup calls (each wait's first read) are not counted.
            time.advance(Duration.ofSeconds(1));
            w.emulator.clearCalls();
            Instant start = clock.instant();
            Random random = new Random(cfg.seed());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            TreeMap<Long, List<Runnable>> plan = new TreeMap<>();
            long[] decidedAt = new long[refs.size()];
            List<Integer> decided = order.subList(0, Math.min(cfg.decisionsPerHour(), refs.size()));
            for (int i : decided) {
                long at = (long) (random.nextDouble() * 3_600_000);
                plan.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> {
                    ModelPackageRef ref = refs.get(i);
                    w.approveInConsole(ref);
                    decidedAt[i] = clock.millis();
                    if (withEvents) {
                        deliver(intake, event(ref, clock.instant()));
                        deliver(intake, event(ref, clock.instant()));
                    }
                });
            }
            if (withEvents) {
                for (long at = 0; at < 3_600_000; at += 300_000) {
                    plan.computeIfAbsent(at, k -> new ArrayList<>()).add(() -> deliver(intake, heartbeat(clock.instant())));
                }
            }
            for (Map.Entry<Long, List<Runnable>> step : plan.entrySet()) {
                time.advance(Duration.between(clock.instant(), start.plusMillis(step.getKey())));
                step.getValue().forEach(Runnable::run);
                time.runDue();
            }
            time.advance(Duration.between(clock.instant(), start.plus(Duration.ofHours(1))));
            List<Long> detect = new ArrayList<>();
            int resumed = 0;
            for (int i : decided) {
                long at = builds.resumedAt.get(i);
                if (at != 0) {
                    resumed++;
                    detect.add(at - decidedAt[i]);
                }
            }
            Collections.sort(detect);
            Map<String, Long> calls = w.pluginCalls();
            watcher.shutdown();
            time.shutdownNow();
            log((withEvents ? "with events" : "polling alone") + ": " + calls + ", " + resumed + "/" + decided.size() + " resumed");
            return new CallsPerHour(withEvents, refs.size(), decided.size(), resumed, calls, detect);
        }
    }

    // ------------------------------------------------------------------ report

    static String report(Config cfg, Latency l, CallsPerHour polling, CallsPerHour events, Duration took) {
        StringBuilder b = new StringBuilder();
        b.append("## Registry events benchmark (").append(cfg).append(")\n\n");
        b.append(String.format(Locale.ROOT, "Latency, event delivered -> waiting build resumed (%d builds waiting, %d decisions at %.0f/s,"
                + " each event delivered twice): median %s, p90 %s, p99 %s, max %s; %d of %d resumed.%n",
                l.builds(), l.measured(), cfg.rate(), ms(pct(l.micros(), 50)), ms(pct(l.micros(), 90)), ms(pct(l.micros(), 99)),
                ms(l.micros().isEmpty() ? 0 : l.micros().get(l.micros().size() - 1)), l.resumed(), l.measured()));
        b.append("Plugin calls during the measured decisions: ").append(l.calls()).append('\n');
        b.append("Console notices about events in waiting builds: ").append(l.pushNotices()).append("\n\n");
        b.append("| registry calls in one hour, ").append(polling.builds()).append(" builds waiting, ")
                .append(polling.decisions()).append(" decisions | polling alone | with events |\n|---|---:|---:|\n");
        for (String op : List.of("ListModelPackages", "DescribeModelPackage")) {
            b.append("| ").append(op).append(" | ").append(polling.calls().getOrDefault(op, 0L)).append(" | ")
                    .append(events.calls().getOrDefault(op, 0L)).append(" |\n");
        }
        b.append("| all calls | ").append(polling.total()).append(" | ").append(events.total()).append(" |\n");
        b.append("| decision to build resumed, median (simulated) | ").append(msMillis(pct(polling.detectMillis(), 50)))
                .append(" | ").append(msMillis(pct(events.detectMillis(), 50))).append(" |\n");
        b.append("| decision to build resumed, p99 (simulated) | ").append(msMillis(pct(polling.detectMillis(), 99)))
                .append(" | ").append(msMillis(pct(events.detectMillis(), 99))).append(" |\n");
        b.append("| builds resumed | ").append(polling.resumed()).append('/').append(polling.decisions()).append(" | ")
                .append(events.resumed()).append('/').append(events.decisions()).append(" |\n");
        b.append(String.format(Locale.ROOT, "%nRun took %.0f s.%n", took.toMillis() / 1000.0));
        return b.toString();
    }

    /** Nearest-rank percentile of a sorted list. */
    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    static String msMillis(long millis) {
        return millis >= 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : millis + " ms";
    }

    static String machine() {
        return String.format(Locale.ROOT, "%d CPUs, Java %s (%s), max heap %.1f GiB, load average %.2f",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() / 1073741824.0,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
