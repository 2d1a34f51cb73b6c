package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jenkins.plugins.registrygate.emulator.FaultInjector.FaultRule;
import io.jenkins.plugins.registrygate.emulator.FaultInjector.Phase;

/**
 * A local SageMaker endpoint speaking AWS JSON 1.1 on {@code 127.0.0.1}: {@code POST /} with
 * {@code X-Amz-Target: SageMaker.<Operation>}. It turns HTTP into {@link SageMakerBackend} calls and back, injects
 * {@link #faults() faults} and {@link #calls() records} every request.
 *
 * <pre>{@code
 * try (SageMakerEmulator emu = SageMakerEmulator.start();
 *      SageMakerClient sm = EmulatorClients.sageMaker(emu)) {
 *     sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn"));
 * }
 * }</pre>
 *
 * Wire behaviour: every answer carries {@code x-amzn-RequestId} (a UUID) and {@code Content-Type:
 * application/x-amz-json-1.1}; errors carry {@code X-Amzn-ErrorType: <Code>} and the body
 * {@code {"__type":"<Code>","Message":"..."}}; operations without output shape answer 200 with an empty body.
 * A target outside the SageMaker model, or a method other than POST, is answered with
 * {@code UnknownOperationException} (HTTP 400, what Coral-based services answer for an unknown target); a modelled
 * operation the backend does not implement gets the same code with a message saying so (design choice). A body that
 * is not a JSON object is a {@code SerializationException}. Signatures are not verified (design choice): the access
 * key id is only read, for {@link RecordedCall#accessKeyId()} and {@code CreatedBy}/{@code LastModifiedBy}.
 *
 * <p>When response validation is on (the default), every successful response body is checked against the
 * operation's output shape before it is sent; anything that does not conform is collected in
 * {@link #conformanceViolations()}.
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Response DROP = new Response(0, "", "");

    private final SageMakerBackend backend;
    private final ShapeValidator validator;
    private final FaultInjector faults;
    private final boolean validateResponses;
    private final String targetPrefix;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final List<RecordedCall> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private record Response(int status, String errorCode, String body) {
    }

    /** Options for {@link SageMakerEmulator}. */
    public static final class Builder {
        private String region = SageMakerBackend.DEFAULT_REGION;
        private String accountId = SageMakerBackend.DEFAULT_ACCOUNT_ID;
        private Clock clock = Clock.systemUTC();
        private int port;
        private int threads = 16;
        private boolean validateResponses = true;

        private Builder() {
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

        public SageMakerEmulator start() {
            return new SageMakerEmulator(this);
        }
    }

    private SageMakerEmulator(Builder b) {
        this.backend = new SageMakerBackend(ServiceModel.load(), b.region, b.accountId, b.clock);
        this.validator = backend.validator();
        this.faults = new FaultInjector(backend.model().operationNames());
        this.validateResponses = b.validateResponses;
        this.targetPrefix = backend.model().targetPrefix() + ".";
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "sagemaker-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot bind the SageMaker emulator to 127.0.0.1:" + b.port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return backend.region();
    }

    public String accountId() {
        return backend.accountId();
    }

    public SageMakerBackend backend() {
        return backend;
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
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String target = header(ex, "X-Amz-Target");
        String operation = target.startsWith(targetPrefix) ? target.substring(targetPrefix.length()) : target;
        String accessKeyId = accessKeyId(header(ex, "Authorization"));
        List<FaultRule> fired = faults.arrive(operation);
        List<String> applied = new ArrayList<>();
        Response response;
        try {
            response = faultPhase(fired, Phase.BEFORE_APPLYING, applied);
            if (response == null) {
                response = process(ex.getRequestMethod(), target, operation, body, accessKeyId);
                Response after = faultPhase(fired, Phase.AFTER_APPLYING, applied);
                if (after != null) {
                    response = after;
                }
            }
        } catch (RuntimeException | Error e) {
            response = error(500, SageMakerServiceException.INTERNAL_FAILURE, "Emulator failure: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = DROP;
        }
        // Record before answering, so a test that has its answer also sees the call.
        calls.add(new RecordedCall(operation, body, response.status(), response.errorCode(), requestId, at,
                accessKeyId, header(ex, "amz-sdk-invocation-id"), String.join(",", applied), response.body()));
        if (response == DROP) {
            ex.close(); // no status line was sent: closing the exchange closes the connection
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.set("x-amzn-RequestId", requestId);
        h.set("Content-Type", CONTENT_TYPE);
        if (!response.errorCode().isEmpty()) {
            h.set("X-Amzn-ErrorType", response.errorCode());
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private Response faultPhase(List<FaultRule> fired, Phase phase, List<String> applied) throws InterruptedException {
        Response answer = null;
        for (FaultRule r : fired) {
            if (r.phase() != phase) {
                continue;
            }
            if (!r.answers()) {
                Thread.sleep(r.delay().toMillis());
                r.markApplied();
                applied.add(r.label());
            } else if (answer == null) {
                r.markApplied();
                applied.add(r.label());
                answer = r.kind() == FaultInjector.Kind.DROP_CONNECTION ? DROP
                        : error(r.httpStatus(), r.errorCode(), r.message());
            }
        }
        return answer;
    }

    private Response process(String method, String target, String operation, String body, String accessKeyId) {
        ServiceModel.Operation op = backend.model().operation(operation);
        if (!"POST".equals(method) || !target.startsWith(targetPrefix) || op == null) {
            return error(400, SageMakerServiceException.UNKNOWN_OPERATION, target.isEmpty()
                    ? "Missing X-Amz-Target header (expected POST / with X-Amz-Target: SageMaker.<Operation>)."
                    : "Unknown operation " + target + ".");
        }
        try {
            JsonNode request;
            try {
                request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw SageMakerServiceException.serialization("The request body is not valid JSON: "
                        + e.getOriginalMessage());
            }
            ObjectNode out = backend.invoke(operation, new SageMakerBackend.Caller(accessKeyId), request);
            if (out == null) {
                return new Response(200, "", "");
            }
            if (validateResponses && op.outputShape() != null) {
                for (String v : validator.responseViolations(op.outputShape(), out)) {
                    violations.add(operation + ": " + v);
                }
            }
            return new Response(200, "", out.toString());
        } catch (SageMakerServiceException e) {
            return error(e.httpStatus(), e.errorCode(), e.getMessage());
        }
    }

    private static Response error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", code);
        body.put("Message", message);
        return new Response(status, code, body.toString());
    }

    private static String header(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v.trim();
    }

    static String accessKeyId(String authorization) {
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : "";
    }
}
