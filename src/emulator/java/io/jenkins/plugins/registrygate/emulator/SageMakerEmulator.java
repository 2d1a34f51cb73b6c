package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.registrygate.emulator.FaultInjector.FaultRule;
import io.jenkins.plugins.registrygate.emulator.FaultInjector.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local AWS endpoint on {@code 127.0.0.1} serving SageMaker and the AWS services around a SageMaker deployment on
 * one port, as multi-service emulators do: each request goes to the service its SigV4 signature names (the
 * {@code <service>} of the {@code Authorization} header's credential scope), and that service's own wire protocol
 * reads and writes it. Unsigned requests are routed by their {@code X-Amz-Target} prefix and otherwise go to
 * SageMaker. The front injects {@link #faults() faults}, {@link #calls() records} every request and checks every
 * successful response against the service model ({@link #conformanceViolations()}).
 *
 * <pre>{@code
 * try (SageMakerEmulator emu = SageMakerEmulator.start();
 *      SageMakerClient sm = SageMakerClient.builder().endpointOverride(emu.endpoint()) ... .build()) {
 *     sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn"));
 * }
 * }</pre>
 *
 * Signatures are not verified (design choice); the access key id is resolved to a principal by {@link #identities()}.
 */
public final class SageMakerEmulator implements AutoCloseable {

    static {
        // com.sun.net.httpserver writes the status line and headers, flushes, then writes the body: without
        // TCP_NODELAY every answer waits ~40 ms for the client's delayed ACK (Nagle). The JDK reads this property
        // once, when the first HttpServer of the JVM starts; an explicit setting is respected.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final WireAnswer DROP = new WireAnswer(0, Map.of(), new byte[0]);

    /** An answer and, for the call record, the error code it carries ("" on success or a dropped connection). */
    private record Outcome(WireAnswer answer, String errorCode) {
        static final Outcome DROPPED = new Outcome(DROP, "");
    }

    /** One service as the front serves it: its rules and its wire protocol. */
    private record Served(ModelledService service, WireProtocol protocol) {}

    private final Identities identities;
    private final SageMakerBackend backend;
    private final Map<String, Served> services = new LinkedHashMap<>();
    private final FaultInjector faults;
    private final boolean validateResponses;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final List<RecordedCall> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    /** Options for {@link SageMakerEmulator}. */
    public static final class Builder {
        private String region = SageMakerBackend.DEFAULT_REGION;
        private String accountId = SageMakerBackend.DEFAULT_ACCOUNT_ID;
        private Clock clock = Clock.systemUTC();
        private int port;
        private int threads = 16;
        private boolean validateResponses = true;
        private boolean strictCredentials;
        private final List<java.util.function.Consumer<SageMakerBackend>> sageMakerOptions = new ArrayList<>();

        private Builder() {
        }

        /** ARNs with lower-cased resource names ({@link SageMakerBackend#lowerCaseArns}). */
        public Builder lowerCaseArns(boolean lower) {
            sageMakerOptions.add(b -> b.lowerCaseArns(lower));
            return this;
        }

        /** Client tokens forgotten after {@code lifetime} ({@link SageMakerBackend#clientTokenLifetime}). */
        public Builder clientTokenLifetime(java.time.Duration lifetime) {
            sageMakerOptions.add(b -> b.clientTokenLifetime(lifetime));
            return this;
        }

        /** New model package versions stay InProgress this long ({@link SageMakerBackend#completionDelay}). */
        public Builder completionDelay(java.time.Duration delay) {
            sageMakerOptions.add(b -> b.completionDelay(delay));
            return this;
        }

        /**
         * How long the endpoint phases the service decides take (default {@link EndpointTimings#immediate()}: no
         * time, so an endpoint is InService at the first look; tests that want to watch it set durations and move
         * their clock).
         */
        public Builder endpointTimings(EndpointTimings timings) {
            sageMakerOptions.add(b -> b.endpointTimings(timings));
            return this;
        }

        /** How UpdateModelPackage treats metadata ({@link SageMakerBackend#metadataUpdates}). */
        public Builder metadataUpdates(ModelPackageRegistry.MetadataUpdates mode) {
            sageMakerOptions.add(b -> b.metadataUpdates(mode));
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Request threads (default 16). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Check every successful response against its output shape (default on). */
        public Builder validateResponses(boolean validate) {
            this.validateResponses = validate;
            return this;
        }

        /** Refuse access keys the emulator did not issue ({@link Identities#strict()}); off by default. */
        public Builder strictCredentials(boolean strict) {
            this.strictCredentials = strict;
            return this;
        }

        public SageMakerEmulator start() {
            return new SageMakerEmulator(this);
        }
    }

    private SageMakerEmulator(Builder b) {
        this.identities = new Identities(b.accountId);
        if (b.strictCredentials) {
            identities.strict();
        }
        this.backend = new SageMakerBackend(ServiceModel.load(), b.region, b.accountId, b.clock, identities);
        b.sageMakerOptions.forEach(o -> o.accept(backend));
        serve(backend, new AwsJsonProtocol(backend.model()));
        Set<String> operations = new LinkedHashSet<>();
        services.values().forEach(s -> operations.addAll(s.service().model().operationNames()));
        this.faults = new FaultInjector(operations);
        this.validateResponses = b.validateResponses;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "aws-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot bind the emulator to 127.0.0.1:" + b.port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress bound = server.getAddress();
        this.endpoint = URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
    }

    private void serve(ModelledService service, WireProtocol protocol) {
        services.put(service.signingName(), new Served(service, protocol));
    }

    /** Starts an emulator on a free port, region us-east-1, account 123456789012, system clock. */
    public static SageMakerEmulator start() {
        return builder().start();
    }

    /** Starts an emulator with the given clock (CreationTime, LastModifiedTime, {@link RecordedCall#at()}). */
    public static SageMakerEmulator start(Clock clock) {
        return builder().clock(clock).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}: the address the server is bound to. */
    public URI endpoint() {
        return endpoint;
    }

    /** The address the server listens on. */
    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    public String region() {
        return backend.region();
    }

    public String accountId() {
        return backend.accountId();
    }

    /** SageMaker: the model registry, hosting and model cards. */
    public SageMakerBackend backend() {
        return backend;
    }

    /** The principals and access keys every service resolves callers with. */
    public Identities identities() {
        return identities;
    }

    /** The signing names of the services served, for example {@code sagemaker}. */
    public Set<String> signingNames() {
        return Collections.unmodifiableSet(services.keySet());
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Every request so far, in order of completion. */
    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The requests for one operation. */
    public List<RecordedCall> calls(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** How many requests named the operation (retries included). */
    public long callCount(String operation) {
        return calls(operation).size();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Responses that did not conform to their output shape (empty when all did). */
    public List<String> conformanceViolations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        Instant at = backend.clock().instant();
        String requestId = UUID.randomUUID().toString();
        WireRequest request = read(ex);
        Served target = route(request);
        String operation = target.protocol().operationOf(request);
        String accessKeyId = request.accessKeyId();
        List<FaultRule> fired = faults.arrive(operation);
        List<String> applied = new ArrayList<>();
        Outcome outcome;
        try {
            outcome = faultPhase(fired, Phase.BEFORE_APPLYING, applied, target, requestId);
            if (outcome == null) {
                outcome = process(target, request, accessKeyId, requestId);
                Outcome after = faultPhase(fired, Phase.AFTER_APPLYING, applied, target, requestId);
                if (after != null) {
                    outcome = after;
                }
            }
        } catch (RuntimeException | Error e) {
            outcome = error(target, new ServiceError(500, ServiceError.INTERNAL_FAILURE, "Emulator failure: " + e), requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.DROPPED;
        }
        WireAnswer answer = outcome.answer();
        // Record before answering, so a test that has its answer also sees the call.
        calls.add(new RecordedCall(operation, request.bodyText(), answer.status(), outcome.errorCode(), requestId, at,
                accessKeyId, request.header("amz-sdk-invocation-id"), String.join(",", applied), answer.bodyText(),
                target.service().signingName()));
        if (answer == DROP) {
            ex.close(); // no status line was sent: closing the exchange closes the connection
            return;
        }
        Headers h = ex.getResponseHeaders();
        answer.headers().forEach(h::set);
        boolean noBody = answer.body() == null || answer.body().length == 0 || "HEAD".equals(request.method());
        ex.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer.body());
            }
        }
        ex.close();
    }

    private static WireRequest read(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        URI uri = ex.getRequestURI();
        return new WireRequest(ex.getRequestMethod(), uri.getRawPath(), WireRequest.parseForm(uri.getRawQuery()),
                headers, body);
    }

    /** The service a request is for: its signing name, else its JSON target prefix, else SageMaker. */
    private Served route(WireRequest request) {
        Optional<String> signing = request.signingName();
        if (signing.isPresent() && services.containsKey(signing.get())) {
            return services.get(signing.get());
        }
        String target = request.header("X-Amz-Target");
        if (!target.isEmpty()) {
            for (Served s : services.values()) {
                String prefix = s.service().model().targetPrefix();
                if (!prefix.isEmpty() && target.startsWith(prefix + ".")) {
                    return s;
                }
            }
        }
        return services.get(backend.signingName());
    }

    private Outcome faultPhase(List<FaultRule> fired, Phase phase, List<String> applied, Served target,
                               String requestId) throws InterruptedException {
        Outcome outcome = null;
        for (FaultRule r : fired) {
            if (r.phase() != phase) {
                continue;
            }
            if (!r.answers()) {
                Thread.sleep(r.delay().toMillis());
                r.markApplied();
                applied.add(r.label());
            } else if (outcome == null) {
                r.markApplied();
                applied.add(r.label());
                outcome = r.kind() == FaultInjector.Kind.DROP_CONNECTION ? Outcome.DROPPED
                        : error(target, new ServiceError(r.httpStatus(), r.errorCode(), r.message()), requestId);
            }
        }
        return outcome;
    }

    private Outcome process(Served target, WireRequest request, String accessKeyId, String requestId) {
        try {
            WireProtocol.Call call = target.protocol().read(request);
            String operation = call.operation();
            Caller caller = new Caller(accessKeyId, identities.resolve(accessKeyId));
            String action = target.service().iamAction(operation);
            if (identities.isDenied(caller.principal(), action)) {
                throw target.service().accessDenied(caller, action, "*");
            }
            ObjectNode out = target.service().invoke(operation, caller, call.input());
            ServiceModel.Operation op = target.service().model().operation(operation);
            if (validateResponses && out != null && op.outputShape() != null) {
                for (String v : target.service().validator().responseViolations(op.outputShape(), out)) {
                    violations.add(operation + ": " + v);
                }
            }
            return new Outcome(target.protocol().write(operation, out, requestId), "");
        } catch (ServiceError e) {
            return error(target, e, requestId);
        }
    }

    private static Outcome error(Served target, ServiceError e, String requestId) {
        return new Outcome(target.protocol().writeError(e, requestId), e.errorCode());
    }
}
