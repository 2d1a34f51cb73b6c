package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.registrygate.emulator.FaultInjector.FaultRule;
import io.jenkins.plugins.registrygate.emulator.FaultInjector.Phase;
import io.jenkins.plugins.registrygate.emulator.cloudwatch.CloudWatchService;
import io.jenkins.plugins.registrygate.emulator.ecr.EcrService;
import io.jenkins.plugins.registrygate.emulator.iam.IamService;
import io.jenkins.plugins.registrygate.emulator.kms.KmsService;
import io.jenkins.plugins.registrygate.emulator.s3.S3Service;
import io.jenkins.plugins.registrygate.emulator.sqs.SqsService;
import io.jenkins.plugins.registrygate.emulator.sts.StsService;
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
 * {@code <service>} of the {@code Authorization} header's credential scope, or of a presigned URL's
 * {@code X-Amz-Credential}), and that service's own wire protocol reads and writes it:
 *
 * <table>
 *   <caption>Services by signing name</caption>
 *   <tr><th>signing name</th><th>service</th><th>protocol</th></tr>
 *   <tr><td>{@code sagemaker}</td><td>{@link SageMakerBackend}</td><td>AWS JSON 1.1</td></tr>
 *   <tr><td>{@code s3}</td><td>{@link S3Service}</td><td>REST-XML</td></tr>
 *   <tr><td>{@code ecr}</td><td>{@link EcrService} (endpoint prefix {@code api.ecr})</td><td>AWS JSON 1.1</td></tr>
 *   <tr><td>{@code iam}</td><td>{@link IamService}</td><td>query</td></tr>
 *   <tr><td>{@code monitoring}</td><td>{@link CloudWatchService}</td><td>query (SDK for Java v2), AWS JSON 1.0
 *       (botocore)</td></tr>
 *   <tr><td>{@code kms}</td><td>{@link KmsService}</td><td>AWS JSON 1.1</td></tr>
 *   <tr><td>{@code sts}</td><td>{@link StsService}</td><td>query</td></tr>
 *   <tr><td>{@code sqs}</td><td>{@link SqsService}</td><td>AWS JSON 1.0 ({@code awsQueryCompatible})</td></tr>
 * </table>
 *
 * Unsigned requests are routed by their {@code X-Amz-Target} prefix, else by a query {@code Action} and
 * {@code Version}, else a {@code POST /} goes to SageMaker and anything else to S3. The front checks the caller's
 * permission for the operation's IAM action on its resource ({@link Identities#deny}), injects
 * {@link #faults() faults}, {@link #calls() records} every request and checks every successful response against the
 * service model ({@link #conformanceViolations()}). Every error goes out in the words of the service that answers it
 * ({@link ModelledService#translate}).
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

    /** One service as the front serves it: its rules and its wire protocols, the first the default. */
    private record Served(ModelledService service, List<WireProtocol> protocols) {
        WireProtocol protocolFor(WireRequest request) {
            return protocols.stream().filter(p -> p.recognises(request)).findFirst().orElse(protocols.get(0));
        }
    }

    private final Identities identities;
    private final Clock clock;
    private final SageMakerBackend backend;
    private final KmsService kms;
    private final S3Service s3;
    private final EcrService ecr;
    private final IamService iam;
    private final StsService sts;
    private final CloudWatchService cloudWatch;
    private final SqsService sqs;
    private final Neighbours neighbours;
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
        private double chaosFraction;
        private long chaosSeed;
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

        /** A fraction of all calls meet a random fault, drawn from {@code seed} ({@link FaultInjector#chaos}). */
        public Builder chaos(double fraction, long seed) {
            this.chaosFraction = fraction;
            this.chaosSeed = seed;
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
        this.clock = b.clock;
        this.backend = new SageMakerBackend(ServiceModel.load(), b.region, b.accountId, b.clock, identities);
        b.sageMakerOptions.forEach(o -> o.accept(backend));
        this.kms = new KmsService(ServiceModel.fromResource(ServiceModel.KMS), b.region, b.accountId, b.clock);
        this.s3 = new S3Service(ServiceModel.fromResource(ServiceModel.S3), b.region, b.accountId, b.clock, identities, kms);
        this.ecr = new EcrService(ServiceModel.fromResource(ServiceModel.ECR), b.region, b.accountId, b.clock);
        this.iam = new IamService(ServiceModel.fromResource(ServiceModel.IAM), b.accountId, b.clock);
        this.sts = new StsService(ServiceModel.fromResource(ServiceModel.STS), b.clock, identities, iam);
        this.cloudWatch = new CloudWatchService(ServiceModel.fromResource(ServiceModel.CLOUDWATCH), b.region,
                b.accountId, b.clock);
        // Queue URLs name the emulator's address, known once the server is bound below.
        this.sqs = new SqsService(ServiceModel.fromResource(ServiceModel.SQS), b.region, b.accountId, b.clock,
                this::endpoint);
        this.neighbours = new ServedNeighbours(s3, ecr, iam, cloudWatch);
        backend.neighbours(neighbours);
        serve(backend, new AwsJsonProtocol(backend.model()));
        serve(s3, new RestXmlProtocol(s3.model(), S3Service.DOCUMENT_ROOTS, s3.supportedOperations()));
        serve(ecr, new AwsJsonProtocol(ecr.model()));
        serve(iam, new AwsQueryProtocol(iam.model()));
        serve(cloudWatch, new AwsQueryProtocol(cloudWatch.model()), new AwsJsonProtocol(cloudWatch.model()));
        serve(kms, new AwsJsonProtocol(kms.model()));
        serve(sts, new AwsQueryProtocol(sts.model()));
        serve(sqs, new AwsJsonProtocol(sqs.model()));
        Map<String, Set<String>> operations = new LinkedHashMap<>();
        services.forEach((name, s) -> operations.put(name, s.service().model().operationNames()));
        this.faults = new FaultInjector(operations);
        if (b.chaosFraction > 0) {
            faults.chaos(b.chaosFraction, b.chaosSeed);
        }
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

    private void serve(ModelledService service, WireProtocol... protocols) {
        services.put(service.signingName(), new Served(service, List.of(protocols)));
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

    /** S3 buckets and objects (signing name {@code s3}). */
    public S3Service s3() {
        return s3;
    }

    /** ECR repositories and images (signing name {@code ecr}). */
    public EcrService ecr() {
        return ecr;
    }

    /** IAM roles (signing name {@code iam}). */
    public IamService iam() {
        return iam;
    }

    /** STS: caller identity and role sessions (signing name {@code sts}). */
    public StsService sts() {
        return sts;
    }

    /** CloudWatch metric alarms (signing name {@code monitoring}). */
    public CloudWatchService cloudWatch() {
        return cloudWatch;
    }

    /** SQS queues and messages (signing name {@code sqs}). */
    public SqsService sqs() {
        return sqs;
    }

    /** KMS keys (signing name {@code kms}). */
    public KmsService kms() {
        return kms;
    }

    /** The lookups SageMaker makes of the other services, answered by them. */
    public Neighbours neighbours() {
        return neighbours;
    }

    /** The service with this signing name. */
    public Optional<ModelledService> service(String signingName) {
        return Optional.ofNullable(services.get(signingName)).map(Served::service);
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

    /** The requests for one operation, of whichever service has it (see {@link #calls(String, String)}). */
    public List<RecordedCall> calls(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The requests for one operation of one service (by signing name). */
    public List<RecordedCall> calls(String service, String operation) {
        return calls().stream().filter(c -> c.service().equals(service) && c.operation().equals(operation)).toList();
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
        Instant at = clock.instant();
        String requestId = UUID.randomUUID().toString();
        WireRequest request = read(ex);
        Served target = route(request);
        WireProtocol protocol = target.protocolFor(request);
        String operation = protocol.operationOf(request);
        String accessKeyId = request.accessKeyId();
        List<FaultRule> fired = faults.arrive(target.service().signingName(), operation);
        List<String> applied = new ArrayList<>();
        Outcome outcome;
        try {
            outcome = faultPhase(fired, Phase.BEFORE_APPLYING, applied, target, protocol, requestId);
            if (outcome == null) {
                outcome = process(target, protocol, request, accessKeyId, requestId);
                Outcome after = faultPhase(fired, Phase.AFTER_APPLYING, applied, target, protocol, requestId);
                if (after != null) {
                    outcome = after;
                }
            }
        } catch (RuntimeException | Error e) {
            outcome = error(target, protocol, target.service().translate(new ServiceError(500,
                    ServiceError.INTERNAL_FAILURE, "Emulator failure: " + e)), requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.DROPPED;
        }
        WireAnswer answer = outcome.answer();
        // Record before answering, so a test that has its answer also sees the call.
        boolean bodiless = "HEAD".equals(request.method()) || answer.status() == 204 || answer.status() == 304;
        calls.add(new RecordedCall(operation, request.bodyText(), answer.status(), outcome.errorCode(), requestId, at,
                accessKeyId, request.header("amz-sdk-invocation-id"), String.join(",", applied),
                bodiless ? "" : answer.bodyText(), target.service().signingName()));
        if (answer == DROP) {
            ex.close(); // no status line was sent: closing the exchange closes the connection
            return;
        }
        Headers h = ex.getResponseHeaders();
        answer.headers().forEach(h::set);
        boolean noBody = bodiless || answer.body() == null || answer.body().length == 0;
        // A HEAD answer keeps the Content-Length its service gave it (the object's size); others get their body's.
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

    /**
     * The service a request is for: its signing name; else its JSON target prefix; else the query service whose model
     * has its {@code Action} and {@code Version}; else SageMaker for {@code POST /} and S3 for anything else.
     */
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
            return services.get(backend.signingName());
        }
        Map<String, List<String>> form = new LinkedHashMap<>(request.query());
        if (request.header("Content-Type").startsWith("application/x-www-form-urlencoded")) {
            form.putAll(WireRequest.parseForm(request.bodyText()));
        }
        List<String> action = form.get("Action");
        if (action != null && !action.isEmpty()) {
            List<String> version = form.getOrDefault("Version", List.of());
            for (Served s : services.values()) {
                ServiceModel m = s.service().model();
                if (m.protocols().contains("query")) {
                    if (m.operation(action.get(0)) != null
                            && (version.isEmpty() || version.get(0).equals(m.apiVersion()))) {
                        return s;
                    }
                }
            }
        }
        boolean sageMakerShaped = "POST".equals(request.method()) && "/".equals(request.rawPath());
        return services.get(sageMakerShaped ? backend.signingName() : s3.signingName());
    }

    private Outcome faultPhase(List<FaultRule> fired, Phase phase, List<String> applied, Served target,
                               WireProtocol protocol, String requestId) throws InterruptedException {
        Outcome outcome = null;
        for (FaultRule r : fired) {
            if (r.phase() != phase) {
                continue;
            }
            if (!r.answers()) {
                Thread.sleep(r.delay().toMillis());
                r.markApplied();
                applied.add(r.label() + (r.phase() == Phase.AFTER_APPLYING ? " after applying" : ""));
            } else if (outcome == null) {
                r.markApplied();
                applied.add(r.label() + (r.phase() == Phase.AFTER_APPLYING ? " after applying" : ""));
                if (r.kind() == FaultInjector.Kind.DROP_CONNECTION) {
                    outcome = Outcome.DROPPED;
                } else {
                    ServiceError e = new ServiceError(r.httpStatus(), r.errorCode(), r.message());
                    // Throttling, 500 and 503 in the service's own words; a custom error exactly as given.
                    outcome = error(target, protocol, r.kind() == FaultInjector.Kind.ERROR ? e
                            : target.service().translate(e), requestId);
                }
            }
        }
        return outcome;
    }

    private Outcome process(Served target, WireProtocol protocol, WireRequest request, String accessKeyId,
                            String requestId) {
        ModelledService service = target.service();
        try {
            WireProtocol.Call call = protocol.read(request);
            String operation = call.operation();
            Caller caller = new Caller(accessKeyId, identities.resolve(accessKeyId));
            String action = service.iamAction(operation);
            if (!action.isEmpty()) {
                String resource = service.resourceArn(operation, call.input());
                if (identities.isDenied(caller.principal(), action, resource)) {
                    throw service.accessDenied(caller, action, resource);
                }
            }
            ObjectNode out = service.invoke(operation, caller, call.input());
            ServiceModel.Operation op = service.model().operation(operation);
            if (validateResponses && out != null && op.outputShape() != null) {
                for (String v : service.validator().responseViolations(op.outputShape(), out)) {
                    violations.add(service.signingName() + " " + operation + ": " + v);
                }
            }
            return new Outcome(protocol.write(operation, out, requestId), "");
        } catch (ServiceError e) {
            return error(target, protocol, service.translate(e), requestId);
        }
    }

    private static Outcome error(Served target, WireProtocol protocol, ServiceError e, String requestId) {
        return new Outcome(protocol.writeError(e, requestId), e.errorCode());
    }
}
