package io.jenkins.plugins.registrygate.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the emulator injects into chosen calls. A rule says which operation ({@link #on} or {@link #onAnyOperation}),
 * which of the matching calls ({@link RuleBuilder#call}, {@link RuleBuilder#next}, {@link RuleBuilder#every}; the
 * default is every call), when ({@link RuleBuilder#beforeApplying}, the default, answers without the backend seeing
 * the request; {@link RuleBuilder#afterApplying} lets the backend apply it and then replaces the answer) and what:
 * <pre>{@code
 * emu.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();
 * emu.faults().on("ListModelPackages").next(3).throttle();
 * emu.faults().on("DescribeModelPackage").call(2).internalError();       // HTTP 500 InternalFailure
 * emu.faults().onAnyOperation().every().latency(Duration.ofMillis(20));
 * emu.faults().on("s3", "GetObject").call(1).internalError();            // S3's own 500 InternalError
 * emu.faults().clear();
 * }</pre>
 * Operation names may repeat across services; {@link #on(String, String)} and {@link #onAnyOperationOf} scope a rule
 * to one service (by signing name), {@link #on(String)} matches the operation in every service that has it. The
 * throttling, 500 and 503 faults are answered in the service's own words (S3's {@code SlowDown}, the query services'
 * {@code Throttling}; see {@link ModelledService#translate}); {@link RuleBuilder#error} answers exactly as given.
 * Calls are counted per rule from the moment the rule is installed: {@code call(1)} is the first matching HTTP
 * request (an SDK retry is a request of its own) that arrives after that. A call's count is taken when it arrives,
 * so a rule counts calls that an earlier rule already answered. Latency rules add up and the call then goes on; of
 * the answering faults (errors, dropped connection) the first rule installed wins.
 */
public final class FaultInjector {

    /** When a fault acts. */
    public enum Phase {
        /** The backend never sees the request. */
        BEFORE_APPLYING,
        /** The backend applies the request; the fault then replaces (or delays) its answer. */
        AFTER_APPLYING
    }

    /** What a fault does. */
    public enum Kind {
        THROTTLE, INTERNAL_ERROR, SERVICE_UNAVAILABLE, ERROR, LATENCY, DROP_CONNECTION
    }

    /** Operation names by service signing name. */
    private final Map<String, Set<String>> operations;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    FaultInjector(Map<String, Set<String>> operationsByService) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        operationsByService.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.operations = Collections.unmodifiableMap(copy);
    }

    /**
     * Rules for one operation in every service that has it, e.g. {@code "CreateModelPackage"}; the name must be an
     * operation of an emulated service.
     */
    public RuleBuilder on(String operation) {
        if (operations.values().stream().noneMatch(ops -> ops.contains(operation))) {
            throw new IllegalArgumentException("Not an operation of any emulated service: " + operation);
        }
        return new RuleBuilder(null, operation);
    }

    /** Rules for one operation of one service, by its signing name: {@code on("s3", "GetObject")}. */
    public RuleBuilder on(String service, String operation) {
        Set<String> ops = operations.get(service);
        if (ops == null) {
            throw new IllegalArgumentException("Not an emulated service: " + service + " (signing names: "
                    + operations.keySet() + ")");
        }
        if (!ops.contains(operation)) {
            throw new IllegalArgumentException("Not an operation of " + service + ": " + operation);
        }
        return new RuleBuilder(service, operation);
    }

    /** Rules for every operation (and for requests naming an unknown one). */
    public RuleBuilder onAnyOperation() {
        return new RuleBuilder(null, null);
    }

    /** Rules for every request to one service, by its signing name. */
    public RuleBuilder onAnyOperationOf(String service) {
        if (!operations.containsKey(service)) {
            throw new IllegalArgumentException("Not an emulated service: " + service);
        }
        return new RuleBuilder(service, null);
    }

    /** Removes every rule and ends the chaos. */
    public void clear() {
        rules.clear();
        synchronized (this) {
            chaos = null;
        }
    }

    /** The installed rules, oldest first. */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /**
     * An unreliable network: from now on a {@code fraction} of all calls, chosen by {@code seed}, meet one fault drawn
     * at random: throttling, HTTP 500, HTTP 503, latency, or a connection dropped before or after the service applied
     * the call. Replaces an earlier chaos; {@link #clear()} ends it.
     */
    public synchronized Chaos chaos(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("The faulted fraction must be between 0 and 1: " + fraction);
        }
        chaos = new Chaos(fraction, new java.util.Random(seed));
        return chaos;
    }

    /** The faults {@link #chaos} injected so far, by label. */
    public static final class Chaos {
        private final double fraction;
        private final java.util.Random random;
        private final java.util.Map<String, Integer> injected = new java.util.TreeMap<>();
        private int calls;

        private Chaos(double fraction, java.util.Random random) {
            this.fraction = fraction;
            this.random = random;
        }

        public synchronized int calls() {
            return calls;
        }

        /** How many faults of each kind were injected. */
        public synchronized java.util.Map<String, Integer> injected() {
            return java.util.Map.copyOf(injected);
        }

        public synchronized int total() {
            return injected.values().stream().mapToInt(Integer::intValue).sum();
        }

        private synchronized FaultRule draw(FaultInjector owner) {
            calls++;
            if (random.nextDouble() >= fraction) {
                return null;
            }
            FaultRule r = switch (random.nextInt(6)) {
                case 0 -> new FaultRule(owner, null, null, 1, 1, Phase.BEFORE_APPLYING, Kind.THROTTLE, 400,
                        ServiceError.THROTTLING, "Rate exceeded", Duration.ZERO);
                case 1 -> new FaultRule(owner, null, null, 1, 1, Phase.BEFORE_APPLYING, Kind.INTERNAL_ERROR, 500,
                        ServiceError.INTERNAL_FAILURE, "We encountered an internal error. Please try again.", Duration.ZERO);
                case 2 -> new FaultRule(owner, null, null, 1, 1, Phase.BEFORE_APPLYING, Kind.SERVICE_UNAVAILABLE, 503,
                        ServiceError.SERVICE_UNAVAILABLE, "Service Unavailable", Duration.ZERO);
                case 3 -> new FaultRule(owner, null, null, 1, 1, Phase.BEFORE_APPLYING, Kind.LATENCY, 0, null, null,
                        Duration.ofMillis(50 + random.nextInt(250)));
                case 4 -> new FaultRule(owner, null, null, 1, 1, Phase.BEFORE_APPLYING, Kind.DROP_CONNECTION, 0, null, null, Duration.ZERO);
                default -> new FaultRule(owner, null, null, 1, 1, Phase.AFTER_APPLYING, Kind.DROP_CONNECTION, 0, null, null, Duration.ZERO);
            };
            String label = r.label() + (r.phase() == Phase.AFTER_APPLYING ? " after applying" : "");
            injected.merge(label.startsWith("latency") ? "latency" : label, 1, Integer::sum);
            return r;
        }
    }

    private Chaos chaos;

    /** Counts the call against every rule and returns the rules that fire for it, oldest first. */
    List<FaultRule> arrive(String service, String operation) {
        List<FaultRule> fired = new ArrayList<>();
        Chaos c;
        synchronized (this) {
            c = chaos;
        }
        FaultRule random = c == null ? null : c.draw(this);
        if (random != null) {
            fired.add(random);
        }
        for (FaultRule r : rules) {
            if ((r.service == null || r.service.equals(service))
                    && (r.operation == null || r.operation.equals(operation))) {
                int n = r.seen.incrementAndGet();
                if (n >= r.first && n <= r.last) {
                    fired.add(r);
                }
            }
        }
        return fired;
    }

    /** Chooses calls and timing, then installs a fault with one of the terminal methods. */
    public final class RuleBuilder {
        private final String service;
        private final String operation;
        private int first = 1;
        private int last = Integer.MAX_VALUE;
        private Phase phase = Phase.BEFORE_APPLYING;

        private RuleBuilder(String service, String operation) {
            this.service = service;
            this.operation = operation;
        }

        /** Only the n-th matching call (1-based). */
        public RuleBuilder call(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Calls are counted from 1: " + n);
            }
            first = n;
            last = n;
            return this;
        }

        /** The next k matching calls. */
        public RuleBuilder next(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1: " + k);
            }
            first = 1;
            last = k;
            return this;
        }

        /** Matching calls number {@code from} to {@code to}, both included. */
        public RuleBuilder calls(int from, int to) {
            if (from < 1 || to < from) {
                throw new IllegalArgumentException("Bad call range " + from + ".." + to);
            }
            first = from;
            last = to;
            return this;
        }

        /** Every matching call (the default). */
        public RuleBuilder every() {
            first = 1;
            last = Integer.MAX_VALUE;
            return this;
        }

        /** The fault acts before the backend sees the request (the default). */
        public RuleBuilder beforeApplying() {
            phase = Phase.BEFORE_APPLYING;
            return this;
        }

        /** The backend applies the request first; the fault then replaces or delays the answer. */
        public RuleBuilder afterApplying() {
            phase = Phase.AFTER_APPLYING;
            return this;
        }

        /** HTTP 400 {@code ThrottlingException} "Rate exceeded" (the SDK retries it). */
        public FaultRule throttle() {
            return install(Kind.THROTTLE, 400, ServiceError.THROTTLING, "Rate exceeded", Duration.ZERO);
        }

        /** HTTP 500 {@code InternalFailure} (the SDK retries it). */
        public FaultRule internalError() {
            return install(Kind.INTERNAL_ERROR, 500, ServiceError.INTERNAL_FAILURE,
                    "We encountered an internal error. Please try again.", Duration.ZERO);
        }

        /** HTTP 503 {@code ServiceUnavailable} (the SDK retries it). */
        public FaultRule serviceUnavailable() {
            return install(Kind.SERVICE_UNAVAILABLE, 503, ServiceError.SERVICE_UNAVAILABLE,
                    "Service is unavailable. Please try again later.", Duration.ZERO);
        }

        /** Any error answer. */
        public FaultRule error(int httpStatus, String errorCode, String message) {
            return install(Kind.ERROR, httpStatus, Objects.requireNonNull(errorCode), message, Duration.ZERO);
        }

        /** Delays the answer (before or after the backend applies the request); the call then proceeds. */
        public FaultRule latency(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("Negative latency " + delay);
            }
            return install(Kind.LATENCY, 0, null, null, delay);
        }

        /** Closes the connection without any response (the SDK sees an I/O error and retries). */
        public FaultRule dropConnection() {
            return install(Kind.DROP_CONNECTION, 0, null, null, Duration.ZERO);
        }

        private FaultRule install(Kind kind, int status, String code, String message, Duration delay) {
            FaultRule rule = new FaultRule(FaultInjector.this, service, operation, first, last, phase, kind, status,
                    code, message, delay);
            rules.add(rule);
            return rule;
        }
    }

    /** One installed fault. */
    public static final class FaultRule {
        private final FaultInjector owner;
        private final String service;
        private final String operation;
        private final int first;
        private final int last;
        private final Phase phase;
        private final Kind kind;
        private final int httpStatus;
        private final String errorCode;
        private final String message;
        private final Duration delay;
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicInteger applied = new AtomicInteger();

        private FaultRule(FaultInjector owner, String service, String operation, int first, int last, Phase phase,
                          Kind kind, int httpStatus, String errorCode, String message, Duration delay) {
            this.owner = owner;
            this.service = service;
            this.operation = operation;
            this.first = first;
            this.last = last;
            this.phase = phase;
            this.kind = kind;
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
            this.message = message;
            this.delay = delay;
        }

        /** The operation, or {@code null} for every operation. */
        public String operation() {
            return operation;
        }

        /** The signing name of the service the rule is scoped to, or {@code null} for every service. */
        public String service() {
            return service;
        }

        public Phase phase() {
            return phase;
        }

        public Kind kind() {
            return kind;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public String errorCode() {
            return errorCode;
        }

        public String message() {
            return message;
        }

        public Duration delay() {
            return delay;
        }

        /** Whether the fault ends the call (an error or a dropped connection) rather than delaying it. */
        public boolean answers() {
            return kind != Kind.LATENCY;
        }

        /** How many matching calls arrived since the rule was installed. */
        public int callsSeen() {
            return seen.get();
        }

        /** How many times the fault acted. */
        public int timesApplied() {
            return applied.get();
        }

        void markApplied() {
            applied.incrementAndGet();
        }

        /** Uninstalls the rule. */
        public void remove() {
            owner.rules.remove(this);
        }

        /** Short label, e.g. {@code throttle} or {@code latency(20ms)}, as recorded in {@link RecordedCall#fault()}. */
        public String label() {
            return switch (kind) {
                case THROTTLE -> "throttle";
                case INTERNAL_ERROR -> "internalError";
                case SERVICE_UNAVAILABLE -> "serviceUnavailable";
                case ERROR -> "error(" + httpStatus + " " + errorCode + ")";
                case LATENCY -> "latency(" + delay.toMillis() + "ms)";
                case DROP_CONNECTION -> "dropConnection";
            };
        }

        @Override
        public String toString() {
            String calls = last == Integer.MAX_VALUE ? (first == 1 ? "every call" : "calls " + first + "..")
                    : first == last ? "call " + first : "calls " + first + ".." + last;
            String what = operation == null ? (service == null ? "any operation" : "any operation of " + service)
                    : (service == null ? operation : service + ":" + operation);
            return what + ", " + calls + ", "
                    + (phase == Phase.BEFORE_APPLYING ? "before" : "after") + " applying: " + label();
        }
    }
}
