package io.jenkins.plugins.registrygate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * One loopback endpoint for several AWS services, routed by the SigV4 signing name in each request's
 * {@code Authorization} header ({@code Credential=<key>/<date>/<region>/<service>/aws4_request}), as an emulator that
 * serves every service on one port does. What the plugin sends with {@code endpointUrl} set goes to one URL for every
 * service; this tells them apart and records which service each request was signed for.
 */
public final class ServiceRouter implements AutoCloseable {

    /** One request as received: the service it was signed for, method, path with query, and the signing region. */
    public record Received(String service, String region, String method, String path) {}

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private ServiceRouter(Map<String, HttpHandler> bySigningName) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "service-router");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String[] scope = scope(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(new Received(scope[1], scope[0], exchange.getRequestMethod(), exchange.getRequestURI().toString()));
            HttpHandler h = bySigningName.get(scope[1]);
            if (h == null) {
                byte[] body = ("no service '" + scope[1] + "' on this endpoint").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            h.handle(exchange);
        });
        server.start();
    }

    public static ServiceRouter start(Map<String, HttpHandler> bySigningName) {
        try {
            return new ServiceRouter(bySigningName);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [region, service] of a SigV4 Authorization header; ["", ""] when unsigned. */
    private static String[] scope(String authorization) {
        if (authorization == null) {
            return new String[] {"", ""};
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return new String[] {"", ""};
        }
        String credential = authorization.substring(at + "Credential=".length()).split("[,\\s]", 2)[0];
        String[] parts = credential.split("/");
        return parts.length >= 5 ? new String[] {parts[2], parts[3]} : new String[] {"", ""};
    }

    /** Passes requests on to {@code target} (the SageMaker emulator) unchanged, and its answers back. */
    public static HttpHandler forwardTo(URI target) {
        HttpClient http = HttpClient.newHttpClient();
        return exchange -> {
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> req.header(name, v));
                    }
                });
                HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
                resp.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                byte[] body = resp.body();
                exchange.sendResponseHeaders(resp.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        };
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The services requests were signed for, in arrival order. */
    public List<String> services() {
        return received.stream().map(Received::service).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
