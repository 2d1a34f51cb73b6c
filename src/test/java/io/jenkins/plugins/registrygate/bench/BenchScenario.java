package io.jenkins.plugins.registrygate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.emulator.SageMakerBackend;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.CallRateLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * One size: an emulator holding {@code builds} pending model packages spread over the groups, the plugin's client
 * (through {@link AwsClients}, as in production) that every mechanism shares, and a second client playing
 * a reviewer in the SageMaker console. {@link #run} measures one mechanism.
 */
final class BenchScenario implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CREDENTIALS_ID = "bench-credentials";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn@sha256:"
            + "4f1c0b5e9d2a7c3f8e6b1a0d9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e";

    private final ApprovalWatchBenchmark.Config cfg;
    final int size;
    final SageMakerEmulator emulator;
    final long emulatorAndStoreBytes;
    final long setupMillis;
    final String setupPath;
    private final AwsClients clients;
    private final ConnectionSettings connection;
    private final ModelRegistry registry;
    private final SageMakerClient setupClient;
    private final SageMakerClient console;
    private final AtomicInteger notifications = new AtomicInteger();
    private final List<WaitingBuild> builds;
    private final List<WaitingBuild> targets;

    BenchScenario(ApprovalWatchBenchmark.Config cfg, int size) throws Exception {
        this.cfg = cfg;
        this.size = size;
        long heapBefore = Probes.settledHeap(null).used();
        this.emulator = SageMakerEmulator.builder()
                .threads(cfg.emulatorThreads())
                .validateResponses(false) // a benchmark, not a conformance run: spare the emulator's CPU
                .start();
        // The plugin's client cache, production retry mode and timeouts; without the plugin's rate limit, which would
        // throttle the naive mechanisms locally and hide the calls they would make.
        this.clients = new AwsClients().withCallRateLimits(CallRateLimits.of(() -> CallRate.UNLIMITED));
        this.connection = new ConnectionSettings(emulator.region(), emulator.endpoint().toString(), CREDENTIALS_ID, "", "");
        this.registry = new ModelRegistry(clients.clientFor(connection,
                id -> Optional.of(EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID))));
        this.setupClient = EmulatorClients.sageMaker(emulator, b -> b.credentialsProvider(EmulatorClients.credentials("BenchSetup")));
        this.console = EmulatorClients.sageMaker(emulator, b -> b.credentialsProvider(EmulatorClients.credentials("ConsoleReviewer")));

        long t0 = System.nanoTime();
        WaitingBuild[] made = new WaitingBuild[size];
        for (int g = 0; g < cfg.groups(); g++) {
            String name = groupName(g);
            setupClient.createModelPackageGroup(r -> r.modelPackageGroupName(name)
                    .modelPackageGroupDescription("benchmark group"));
        }
        boolean viaHttp = cfg.setup().equals("http");
        ExecutorService pool = Executors.newFixedThreadPool(cfg.setupThreads());
        try {
            List<Future<?>> work = new ArrayList<>();
            int chunk = Math.max(1, size / (cfg.setupThreads() * 4));
            for (int from = 0; from < size; from += chunk) {
                int start = from;
                int end = Math.min(size, from + chunk);
                work.add(pool.submit(() -> {
                    for (int i = start; i < end; i++) {
                        made[i] = register(i, viaHttp);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        this.setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        this.setupPath = viaHttp ? "HTTP (SDK client, " + cfg.setupThreads() + " threads)" : "emulator backend (in-process)";
        this.builds = List.of(made);
        this.targets = pickTargets();
        // Describe every package once in-process: the emulator's stored documents cache iteration views on first
        // read, which would otherwise appear as heap growth of whichever mechanism describes first.
        io.jenkins.plugins.registrygate.emulator.Caller setupCaller = emulator.backend().callerFor("BenchSetup");
        for (WaitingBuild b : builds) {
            emulator.backend().invoke("DescribeModelPackage", setupCaller, JSON.createObjectNode().put("ModelPackageName", b.arn));
        }
        emulator.clearCalls();
        this.emulatorAndStoreBytes = Probes.settledHeap(emulator).used() - heapBefore;
    }

    /** Every build, in registration order (build i waits on group i mod groups). */
    List<WaitingBuild> builds() {
        return builds;
    }

    /** The reviewer in the SageMaker console: another client, another identity. */
    SageMakerClient console() {
        return console;
    }

    static String groupName(int g) {
        return String.format("bench-model-%02d", g);
    }

    private WaitingBuild register(int i, boolean viaHttp) {
        String group = groupName(i % cfg.groups());
        Map<String, String> metadata = new TreeMap<>(Map.of(
                "jenkins:job", "ml/" + group + "/retrain",
                "jenkins:build-number", Integer.toString(i),
                "jenkins:build-url", "https://jenkins.example.com/job/ml/job/" + group + "/job/retrain/" + i + "/",
                "git:commit", String.format("%040x", (long) i * 2654435761L),
                "metric:accuracy", "0.91",
                "metric:auc", "0.88"));
        String modelData = "s3://bench-models/" + group + "/" + i + "/model.tar.gz";
        Instant createdAt = Instant.now();
        String arn;
        if (viaHttp) {
            arn = setupClient.createModelPackage(CreateModelPackageRequest.builder()
                    .modelPackageGroupName(group)
                    .modelPackageDescription("benchmark build #" + i)
                    .inferenceSpecification(InferenceSpecification.builder()
                            .containers(ModelPackageContainerDefinition.builder().image(IMAGE).modelDataUrl(modelData).build())
                            .supportedContentTypes("text/csv")
                            .supportedResponseMIMETypes("text/csv")
                            .build())
                    .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL)
                    .customerMetadataProperties(metadata)
                    .build()).modelPackageArn();
        } else {
            ObjectNode r = JSON.createObjectNode();
            r.put("ModelPackageGroupName", group);
            r.put("ModelPackageDescription", "benchmark build #" + i);
            ObjectNode inference = r.putObject("InferenceSpecification");
            inference.putArray("Containers").addObject().put("Image", IMAGE).put("ModelDataUrl", modelData);
            inference.putArray("SupportedContentTypes").add("text/csv");
            inference.putArray("SupportedResponseMIMETypes").add("text/csv");
            r.put("ModelApprovalStatus", "PendingManualApproval");
            ObjectNode md = r.putObject("CustomerMetadataProperties");
            metadata.forEach(md::put);
            arn = emulator.backend().invoke("CreateModelPackage", emulator.backend().callerFor("BenchSetup"), r)
                    .get("ModelPackageArn").asText();
        }
        return new WaitingBuild(i, arn, group, createdAt, notifications);
    }

    /** The approvals: spread round-robin over the groups, random builds within a group, the same for every mechanism. */
    private List<WaitingBuild> pickTargets() {
        Random random = new Random(cfg.seed() + size);
        int perGroup = size / cfg.groups();
        List<WaitingBuild> out = new ArrayList<>();
        Map<Integer, List<Integer>> used = new HashMap<>();
        for (int i = 0; i < Math.min(cfg.approvals(), size); i++) {
            int g = i % cfg.groups();
            List<Integer> taken = used.computeIfAbsent(g, k -> new ArrayList<>());
            int j;
            do {
                j = random.nextInt(perGroup);
            } while (taken.contains(j) && taken.size() < perGroup);
            taken.add(j);
            out.add(builds.get(g + cfg.groups() * j));
        }
        return out;
    }

    WaitMechanism create(String variant, long deadlineNanos) {
        RegistryWatcher.Settings s = cfg.watcherSettings();
        String region = emulator.region();
        String endpoint = emulator.endpoint().toString();
        return switch (variant) {
            case "plugin" -> new PluginSteps(region, endpoint, s, cfg.stepTimeout());
            case "watcher" -> new SharedWatcherMechanism(region, endpoint, s);
            case "naive-pool" -> new NaiveScheduledPollers(registry, s, cfg.naivePoolThreads(), deadlineNanos);
            case "naive-thread" -> new NaiveThreadPerBuild(registry, s, deadlineNanos);
            default -> throw new IllegalArgumentException("unknown variant " + variant
                    + " (known: plugin, watcher, naive-pool, naive-thread)");
        };
    }

    /** Runs each mechanism briefly on a few builds (JIT, class loading, lazy SDK state), then restores the registry. */
    void warmUp(List<String> variants) throws Exception {
        List<WaitingBuild> few = builds.subList(0, Math.min(100, size));
        WaitingBuild target = few.get(0);
        for (String v : variants) {
            few.forEach(WaitingBuild::reset);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (WaitMechanism m = create(v, deadline)) {
                m.prepare(few);
                m.start(few);
                m.awaitWaiting(deadline);
                Probes.sleep(cfg.watcherSettings().firstLook().toMillis() * 3 + 1000);
                approve(target);
                long until = System.nanoTime() + cfg.watcherSettings().max().toNanos() * 2;
                while (!target.isNotified() && System.nanoTime() < until) {
                    Probes.sleep(20);
                }
            }
            restore(List.of(target));
        }
        few.forEach(WaitingBuild::reset);
        notifications.set(0);
        emulator.clearCalls();
    }

    /** How long after every build waits the heap is read: each mechanism has then made its first call(s). */
    private long settleMillis() {
        RegistryWatcher.Settings s = cfg.watcherSettings();
        return Math.round((s.firstLook().toMillis() + s.base().toMillis()) * (1 + s.jitter())) + 500;
    }

    /**
     * Heap per waiting build, {@code reps} times. Each run prepares a fresh mechanism (pools, warm connections, Jenkins'
     * side of the builds) and reads the heap after GC, with a class histogram; starts every build; once each is waiting
     * and has had its first look, reads heap and histogram again; then releases the builds (stopped and forgotten, the
     * mechanism's pools and clients kept) and reads them a third time. <em>Retained</em> = waiting − released: what the
     * waiting builds held, read seconds apart. <em>Growth</em> = waiting − before: that plus whatever the start left
     * behind for a while (the SDK keeps each call's timeout tasks up to 60 s). {@code nullReps} more runs start no
     * build and release nothing: the method's noise.
     *
     * <p>At each reading the same number of histogram maps is alive (one), so the harness's own maps cancel out.
     */
    HeapResult measureHeap(String variant, int reps, int nullReps) throws Exception {
        List<HeapResult.Run> runs = new ArrayList<>();
        List<HeapResult.Run> none = new ArrayList<>();
        for (int r = 0; r < reps + nullReps; r++) {
            boolean started = r < reps;
            builds.forEach(WaitingBuild::reset);
            warmConnections();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            try (WaitMechanism m = create(variant, deadline)) {
                m.prepare(builds);
                emulator.clearCalls();
                Map<String, Probes.ClassUse> first = histogram();
                Map<String, Probes.ClassUse> h0 = histogram();
                first = null; // dead from here: h0 counted it, as later histograms count one live map
                Probes.Heap before = Probes.settledHeap(emulator);
                if (started) {
                    m.start(builds);
                    if (!m.awaitWaiting(deadline)) {
                        throw new IllegalStateException(variant + ": not every build was waiting within 5 minutes");
                    }
                }
                Probes.sleep(settleMillis());
                Probes.Heap waiting = Probes.settledHeap(emulator);
                Map<String, Probes.ClassUse> hw = histogram();
                long growthHist = Probes.histogramBytes(hw, h0);
                h0 = null;
                if (started) {
                    m.release();
                }
                Probes.Heap released = Probes.settledHeap(emulator);
                Map<String, Probes.ClassUse> hr = histogram();
                HeapResult.Run run = new HeapResult.Run(
                        (double) (waiting.used() - released.used()) / size,
                        (double) Probes.histogramBytes(hw, hr) / size,
                        (double) (waiting.used() - before.used()) / size,
                        (double) growthHist / size,
                        started ? Probes.topGrowth(hr, hw, size, 14) : "");
                (started ? runs : none).add(run);
            } finally {
                emulator.clearCalls();
            }
        }
        return new HeapResult(size, variant, runs, none);
    }

    /** A class histogram, the emulator's record of calls cleared just before (traffic goes on while we measure). */
    private Map<String, Probes.ClassUse> histogram() {
        emulator.clearCalls();
        return Probes.histogram();
    }

    BenchResult run(String variant, double rampSeconds) throws Exception {
        builds.forEach(WaitingBuild::reset);
        notifications.set(0);
        warmConnections();

        double windowSeconds = cfg.windowSeconds();
        long approvalPhaseNanos = cfg.approvalSpacingMillis() * 1_000_000L * targets.size() + latencyDeadlineNanos();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5)
                + (long) ((rampSeconds + windowSeconds + 30) * 1e9) + approvalPhaseNanos;
        WaitMechanism m = create(variant, deadline);
        try {
            // What exists whether or not builds wait: pools, warm connections, Jenkins' side of the builds.
            m.prepare(builds);
            emulator.clearCalls();

            // Baseline: registration done, nothing waiting yet.
            // The baseline histogram is taken twice and the second kept: it then counts the first one's objects, much as
            // the steady-state histogram counts the kept one's; and the kept one is live in both heap readings.
            Map<String, Probes.ClassUse> hist0 = Map.of();
            if (cfg.histogram()) {
                Map<String, Probes.ClassUse> first = histogram();
                hist0 = histogram();
                java.lang.ref.Reference.reachabilityFence(first);
            }
            Probes.Heap heap0 = Probes.settledHeap(emulator);
            long rss0 = Probes.rssBytes();
            Probes.Threads th0 = Probes.threads();

            // Start: every build begins to wait. The plugin's steps read their version first; every call made until
            // all builds wait is the cost of starting (with the watchers' first polls of each group).
            emulator.clearCalls();
            long s0 = System.nanoTime();
            m.start(builds);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            boolean allWaiting = m.awaitWaiting(deadline);
            long waitingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            List<RecordedCall> atStart = emulator.calls();
            emulator.clearCalls();
            Map<String, Long> startCensus = census(atStart);

            // Ramp up to the steady cadence, counted from the last build's start; keep the call record small meanwhile.
            sleepClearingCalls((long) (rampSeconds * 1000));

            // A single reading of the retained heap at steady state (the repeated measurement is measureHeap).
            Probes.Heap heap1 = Probes.settledHeap(emulator);
            long rss1 = Probes.rssBytes();
            emulator.clearCalls();
            String heapTop = cfg.histogram() ? Probes.topGrowth(hist0, histogram(), size, 8) : "";

            // 1./2. Steady-state window: registry calls, threads, CPU.
            emulator.clearCalls();
            Probes.Threads w0 = Probes.threads();
            Map<Long, Long> cpu0 = cpuById(w0);
            long proc0 = Probes.processCpuNanos();
            long client0 = m.registryCalls();
            long w0Nanos = System.nanoTime();
            int peakMech = w0.count(Probes.Owner.MECHANISM);
            int peakTotal = w0.total();
            int peakEmu = w0.count(Probes.Owner.EMULATOR);
            long windowEnd = w0Nanos + (long) (windowSeconds * 1e9);
            Probes.Threads last = w0;
            while (System.nanoTime() < windowEnd) {
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(windowEnd - System.nanoTime()))));
                last = Probes.threads();
                peakMech = Math.max(peakMech, last.count(Probes.Owner.MECHANISM));
                peakTotal = Math.max(peakTotal, last.total());
                peakEmu = Math.max(peakEmu, last.count(Probes.Owner.EMULATOR));
            }
            double elapsed = (System.nanoTime() - w0Nanos) / 1e9;
            List<RecordedCall> recorded = emulator.calls();
            emulator.clearCalls();
            long client1 = m.registryCalls();
            long proc1 = Probes.processCpuNanos();
            Map<Probes.Owner, Double> cores = new HashMap<>();
            for (Probes.Owner o : Probes.Owner.values()) {
                long[] ids = last.ids().get(o);
                long[] end = Probes.cpuTimes(ids);
                long sum = 0;
                for (int i = 0; i < ids.length; i++) {
                    sum += Math.max(0, end[i] - cpu0.getOrDefault(ids[i], 0L));
                }
                cores.put(o, sum / 1e9 / elapsed);
            }
            String byOp = recorded.stream().collect(Collectors.groupingBy(RecordedCall::operation, TreeMap::new,
                    Collectors.counting())).toString();
            long errors = recorded.stream().filter(c -> !c.succeeded()).count();

            // 4. Approvals by another client; time until the waiting build hears (the plugin: its step completes).
            List<Long> latencies = approveAndMeasure();
            int unexpected = notifications.get() - latencies.size(); // builds told of a decision nobody made

            return new BenchResult(size, variant, null, startMillis, waitingMillis, allWaiting, startCensus,
                    elapsed, recorded.size(), byOp, errors, client1 - client0, expectedCallsPerMinuteScaled(variant),
                    th0.total(), peakMech, peakTotal - th0.total(),
                    last.count(Probes.Owner.SDK) - th0.count(Probes.Owner.SDK), peakEmu,
                    cores.get(Probes.Owner.MECHANISM), cores.get(Probes.Owner.EMULATOR),
                    (proc1 - proc0) / 1e9 / elapsed,
                    heap1.used() - heap0.used(), rss1 - rss0, heap1.committed() - heap0.committed(),
                    latencies, targets.size(), unexpected, m.failures().total(), m.failures().kinds(), heapTop);
        } finally {
            m.close();
            restore(targets);
            emulator.clearCalls();
        }
    }

    /**
     * Calls by operation; ListModelPackages split by what asked: a wait looking for the group's newest approved
     * version when it starts (MaxResults 2) or the watcher's poll (MaxResults 100).
     */
    static Map<String, Long> census(List<RecordedCall> calls) {
        Map<String, Long> out = new TreeMap<>();
        for (RecordedCall c : calls) {
            String op = c.operation();
            if (op.equals("ListModelPackages")) {
                op += c.request().path("MaxResults").asInt() == 2 ? " (newest approved)" : " (watcher poll)";
            }
            if (!c.succeeded()) {
                op += " [error " + c.errorCode() + "]";
            }
            out.merge(op, 1L, Long::sum);
        }
        return out;
    }

    /** Steady state by design: every waiter polls once per {@code max}; the watcher twice per group. */
    double expectedCallsPerMinuteScaled(String variant) {
        double perMinute = 60.0 / cfg.watcherSettings().max().toMillis() * 1000;
        return variant.equals("plugin") || variant.equals("watcher") ? 2.0 * cfg.groups() * perMinute : size * perMinute;
    }

    private long latencyDeadlineNanos() {
        return (long) (cfg.watcherSettings().max().toNanos() * (1 + cfg.watcherSettings().jitter()) * 3) + 5_000_000_000L;
    }

    private List<Long> approveAndMeasure() throws InterruptedException {
        long spacing = cfg.approvalSpacingMillis() * 1_000_000L;
        long begin = System.nanoTime();
        for (int i = 0; i < targets.size(); i++) {
            long at = begin + i * spacing;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            approve(targets.get(i));
        }
        long until = System.nanoTime() + latencyDeadlineNanos();
        while (System.nanoTime() < until && targets.stream().anyMatch(t -> !t.isNotified())) {
            Thread.sleep(20);
        }
        List<Long> out = new ArrayList<>();
        for (WaitingBuild t : targets) {
            long ns = t.latencyNanos();
            if (ns >= 0) {
                out.add(TimeUnit.NANOSECONDS.toMillis(ns));
            }
        }
        return out;
    }

    /** A reviewer approves in the registry (UpdateModelPackage through its own SDK client, another identity). */
    private void approve(WaitingBuild b) {
        b.approvedAtNanos = System.nanoTime();
        console.updateModelPackage(r -> r.modelPackageArn(b.arn)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED)
                .approvalDescription("approved in the console (benchmark)"));
    }

    /** Puts approved packages back to pending, so the next mechanism starts from the same registry state. */
    private void restore(List<WaitingBuild> approved) {
        for (WaitingBuild b : approved) {
            setupClient.updateModelPackage(r -> r.modelPackageArn(b.arn)
                    .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL));
            b.reset();
        }
    }

    /** Fills the shared client's connection pool (as a busy controller would have it) before the baseline. */
    private void warmConnections() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<?>> f = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                String arn = builds.get(i % size).arn;
                f.add(pool.submit(() -> registry.describe(arn)));
            }
            for (Future<?> x : f) {
                try {
                    x.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // a failed warm-up call only means a colder pool
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        emulator.clearCalls();
    }

    private void sleepClearingCalls(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        while (System.nanoTime() < until) {
            Probes.sleep(Math.max(1, Math.min(250, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            emulator.clearCalls();
        }
    }

    private static Map<Long, Long> cpuById(Probes.Threads t) {
        Map<Long, Long> out = new HashMap<>();
        for (long[] ids : t.ids().values()) {
            long[] cpu = Probes.cpuTimes(ids);
            for (int i = 0; i < ids.length; i++) {
                out.put(ids[i], cpu[i]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        console.close();
        setupClient.close();
        clients.close();
        emulator.close();
    }
}
