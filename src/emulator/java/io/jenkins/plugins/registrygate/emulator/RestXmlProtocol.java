package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * REST-XML as S3 speaks it: the model's HTTP bindings ({@code http.method} and {@code http.requestUri} with
 * {@code {Label}} and greedy {@code {Label+}} URI labels and literal query parameters such as {@code ?list-type=2}),
 * and each member's {@code location}: {@code uri}, {@code querystring}, {@code header}, {@code headers} (a prefix
 * map, {@code x-amz-meta-}), or the body, which is the {@code payload} member (raw bytes for a blob, an XML document
 * for a structure) or else an XML document of the remaining members ({@link XmlShapes}).
 *
 * <p>S3's conventions on top of REST-XML:
 * <ul>
 *   <li>Path-style addressing, {@code http://127.0.0.1:<port>/<bucket>/<key>} (what the SDKs use with an IP endpoint
 *       or {@code forcePathStyle}); virtual-hosted style when the {@code Host} is {@code <bucket>.localhost[:port]} or
 *       {@code <bucket>.s3[.<region>].amazonaws.com}.</li>
 *   <li>An operation is told from the others sharing its method and path by its literal query parameters, then by
 *       the required header and query members present (a {@code PUT} with {@code x-amz-copy-source} is
 *       {@code CopyObject}, with {@code partNumber} and {@code uploadId} {@code UploadPart}); an {@code x-id} query
 *       parameter, which newer SDKs send, names it outright.</li>
 *   <li>Request bodies in {@code aws-chunked} encoding (signed or unsigned chunks, checksum trailers, as the SDKs send
 *       uploads) are decoded; trailers count as headers.</li>
 *   <li>Headers carry timestamps as HTTP dates, documents as ISO 8601. A successful answer with a
 *       {@code Content-Range} is {@code 206 Partial Content}.</li>
 *   <li>Errors are {@code <Error><Code/><Message/>…details…<RequestId/><HostId/></Error>} (no {@code ErrorResponse}
 *       wrapper); a {@code HEAD} answer never has a body; a 304 answer carries no error document. Every answer carries
 *       {@code x-amz-request-id} and {@code x-amz-id-2}.</li>
 * </ul>
 */
public final class RestXmlProtocol implements WireProtocol {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VIRTUAL_HOST = Pattern.compile(
            "(?i)(.+)\\.(?:localhost|s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com)(?::[0-9]+)?");

    private final ServiceModel model;
    private final XmlShapes xml;
    private final String namespace;
    private final Map<String, String> documentRoots;
    private final Set<String> implemented;
    private final List<Route> routes = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    /** One operation's HTTP binding. */
    private record Route(String operation, String method, Pattern path, List<String> labels,
                         Map<String, String> literalQuery, List<String> requiredHeaders, List<String> requiredQuery,
                         int order) {}

    /** A request matched to an operation: its URI labels. */
    private record Match(Route route, Map<String, String> labels) {}

    /**
     * @param documentRoots the root element of an operation's XML answer where the model does not name it (S3's
     *                      {@code ListObjectsV2} answers {@code <ListBucketResult>}); others use
     *                      {@code <Operation>Result}
     * @param implemented   operations a service implements: preferred when a request could be several operations
     */
    public RestXmlProtocol(ServiceModel model, Map<String, String> documentRoots, Set<String> implemented) {
        this.model = model;
        this.xml = new XmlShapes(model);
        String ns = model.xmlNamespace();
        this.namespace = ns.isEmpty() ? "http://s3.amazonaws.com/doc/2006-03-01/" : ns;
        this.documentRoots = Map.copyOf(documentRoots);
        this.implemented = Set.copyOf(implemented);
        int order = 0;
        for (String op : model.operationNames()) {
            routes.add(route(op, order++));
        }
    }

    private Route route(String operation, int order) {
        JsonNode http = model.operationNode(operation).path("http");
        String uri = http.path("requestUri").asText("/");
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Map<String, String> literal = new LinkedHashMap<>();
        if (uri.contains("?")) {
            for (String p : uri.substring(uri.indexOf('?') + 1).split("&")) {
                int eq = p.indexOf('=');
                literal.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? null : p.substring(eq + 1));
            }
        }
        StringBuilder re = new StringBuilder();
        List<String> labels = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}+]+)(\\+?)}").matcher(path);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(path.substring(last, m.start())));
            re.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            labels.add(m.group(1));
            last = m.end();
        }
        re.append(Pattern.quote(path.substring(last)));
        String pattern = re.toString();
        if (!path.equals("/")) {
            pattern += "/?";
        }
        List<String> headers = new ArrayList<>();
        List<String> query = new ArrayList<>();
        String input = model.operationNode(operation).path("input").path("shape").asText("");
        if (!input.isEmpty()) {
            ServiceModel.Shape s = model.shape(input);
            for (String member : s.required()) {
                JsonNode ref = model.memberNode(input, member);
                String location = ref.path("location").asText("");
                if (location.equals("header")) {
                    headers.add(ref.path("locationName").asText(member));
                } else if (location.equals("querystring")) {
                    query.add(ref.path("locationName").asText(member));
                }
            }
        }
        return new Route(operation, http.path("method").asText("POST"), Pattern.compile(pattern), labels, literal,
                headers, query, order);
    }

    /** Every request that is not AWS JSON or a query-protocol form (the front decides by signing name first). */
    @Override
    public boolean recognises(WireRequest request) {
        return request.header("X-Amz-Target").isEmpty();
    }

    @Override
    public String operationOf(WireRequest request) {
        return match(request).map(m -> m.route().operation()).orElse("");
    }

    /** The request's path with a virtual-hosted bucket moved into it. */
    private static String path(WireRequest request) {
        Matcher vh = VIRTUAL_HOST.matcher(request.header("Host"));
        String raw = request.rawPath().isEmpty() ? "/" : request.rawPath();
        return vh.matches() ? "/" + vh.group(1) + raw : raw;
    }

    private Optional<Match> match(WireRequest request) {
        String path = path(request);
        String xId = request.queryParameter("x-id").orElse("");
        Match best = null;
        int[] bestScore = null;
        for (Route r : routes) {
            if (!r.method().equals(request.method()) || (!xId.isEmpty() && !xId.equals(r.operation()))) {
                continue;
            }
            Matcher m = r.path().matcher(path);
            if (!m.matches() || !literalQueryPresent(r, request)) {
                continue;
            }
            boolean boundPresent = r.requiredHeaders().stream().allMatch(h -> !request.header(h).isEmpty())
                    && r.requiredQuery().stream().allMatch(q -> request.queryParameter(q).isPresent());
            if (!boundPresent) {
                continue;
            }
            int[] score = {r.literalQuery().size(), r.requiredHeaders().size() + r.requiredQuery().size(),
                    implemented.contains(r.operation()) ? 1 : 0, -r.order()};
            if (bestScore == null || java.util.Arrays.compare(score, bestScore) > 0) {
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 0; i < r.labels().size(); i++) {
                    labels.put(r.labels().get(i), percentDecode(m.group(i + 1)));
                }
                best = new Match(r, labels);
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean literalQueryPresent(Route r, WireRequest request) {
        for (Map.Entry<String, String> q : r.literalQuery().entrySet()) {
            Optional<String> v = request.queryParameter(q.getKey());
            if (v.isEmpty() || (q.getValue() != null && !q.getValue().equals(v.get()))) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decoding of a URI path (a {@code +} stays a plus). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the percent sign
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Call read(WireRequest request) {
        Match match = match(request).orElseThrow(() -> new ServiceError(405, "MethodNotAllowed",
                "The specified method is not allowed against this resource.")
                .with("Method", request.method()).with("ResourceType", "OBJECT"));
        String operation = match.route().operation();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        byte[] body = request.body();
        boolean chunked = headers.getOrDefault("content-encoding", "").contains("aws-chunked")
                || headers.getOrDefault("x-amz-content-sha256", "").startsWith("STREAMING-");
        if (chunked) {
            AwsChunkedBody decoded = AwsChunkedBody.decode(body);
            body = decoded.payload();
            decoded.trailers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            String encoding = headers.getOrDefault("content-encoding", "").replaceAll("(?i)\\s*,?\\s*aws-chunked\\s*,?\\s*", "");
            if (encoding.isEmpty()) {
                headers.remove("content-encoding");
            } else {
                headers.put("content-encoding", encoding);
            }
        }
        ObjectNode input = NODES.objectNode();
        String inputShape = model.operationNode(operation).path("input").path("shape").asText("");
        if (inputShape.isEmpty()) {
            return new Call(operation, input);
        }
        ServiceModel.Shape s = model.shape(inputShape);
        String payload = model.shapeNode(inputShape).path("payload").asText("");
        for (Map.Entry<String, String> m : s.members().entrySet()) {
            JsonNode ref = model.memberNode(inputShape, m.getKey());
            String name = ref.path("locationName").asText(m.getKey());
            ServiceModel.Shape ms = model.shape(m.getValue());
            String where = name;
            switch (ref.path("location").asText("")) {
                case "uri" -> {
                    String v = match.labels().get(name);
                    if (v != null) {
                        input.set(m.getKey(), WireValues.parse(ms, v, "iso8601", where));
                    }
                }
                case "querystring" -> {
                    if ("map".equals(ms.type())) {
                        ObjectNode map = NODES.objectNode();
                        request.query().forEach((k, v) -> map.put(k, v.isEmpty() ? "" : v.get(0)));
                        input.set(m.getKey(), map);
                    } else if ("list".equals(ms.type())) {
                        List<String> values = request.query().get(name);
                        if (values != null) {
                            ArrayNode list = input.putArray(m.getKey());
                            values.forEach(v -> list.add(WireValues.parse(model.shape(ms.member()), v, "iso8601", where)));
                        }
                    } else {
                        request.queryParameter(name).ifPresent(v -> input.set(m.getKey(),
                                WireValues.parse(ms, v, timestampFormat(ref, m.getValue(), "iso8601"), where)));
                    }
                }
                case "header" -> {
                    String v = headers.get(name.toLowerCase(Locale.ROOT));
                    if (v != null) {
                        if ("list".equals(ms.type())) {
                            ArrayNode list = input.putArray(m.getKey());
                            for (String part : v.split(",")) {
                                list.add(WireValues.parse(model.shape(ms.member()), part.trim(), "rfc822", where));
                            }
                        } else {
                            input.set(m.getKey(), WireValues.parse(ms, v.trim(),
                                    timestampFormat(ref, m.getValue(), "rfc822"), where));
                        }
                    }
                }
                case "headers" -> {
                    String prefix = name.toLowerCase(Locale.ROOT);
                    ObjectNode map = NODES.objectNode();
                    headers.forEach((k, v) -> {
                        if (k.startsWith(prefix)) {
                            map.put(k.substring(prefix.length()), v);
                        }
                    });
                    if (!map.isEmpty()) {
                        input.set(m.getKey(), map);
                    }
                }
                default -> {
                    if (m.getKey().equals(payload)) {
                        if ("blob".equals(ms.type())) {
                            input.set(m.getKey(), new BinaryNode(body));
                        } else if (body.length > 0) {
                            input.set(m.getKey(), xml.readDocument(m.getValue(), body));
                        }
                    }
                }
            }
        }
        if (chunked && s.members().containsKey("ContentLength")) {
            input.put("ContentLength", body.length);
        }
        return new Call(operation, input);
    }

    private String timestampFormat(JsonNode ref, String shapeName, String fallback) {
        return ref.path("timestampFormat").asText(model.shapeNode(shapeName).path("timestampFormat").asText(fallback));
    }

    @Override
    public WireAnswer write(String operation, ObjectNode output, String requestId) {
        JsonNode op = model.operationNode(operation);
        int status = op.path("http").path("responseCode").asInt(200);
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];
        String outputShape = op.path("output").path("shape").asText("");
        if (!outputShape.isEmpty() && output != null) {
            ServiceModel.Shape s = model.shape(outputShape);
            String payload = model.shapeNode(outputShape).path("payload").asText("");
            boolean bodyMembers = false;
            for (Map.Entry<String, String> m : s.members().entrySet()) {
                JsonNode value = output.get(m.getKey());
                if (value == null || value.isNull()) {
                    continue;
                }
                JsonNode ref = model.memberNode(outputShape, m.getKey());
                String name = ref.path("locationName").asText(m.getKey());
                ServiceModel.Shape ms = model.shape(m.getValue());
                switch (ref.path("location").asText("")) {
                    case "header" -> headers.put(name, "list".equals(ms.type())
                            ? joined(model.shape(ms.member()), value)
                            : WireValues.text(ms, value, timestampFormat(ref, m.getValue(), "rfc822")));
                    case "headers" -> value.properties().forEach(e -> headers.put(name + e.getKey(), e.getValue().asText()));
                    case "statusCode" -> status = value.asInt();
                    default -> {
                        if (m.getKey().equals(payload)) {
                            if ("blob".equals(ms.type())) {
                                body = WireValues.binary(value);
                            } else {
                                StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                                xml.write(b, m.getValue(), ref, ref.path("locationName").asText(m.getValue()), value);
                                body = b.toString().getBytes(StandardCharsets.UTF_8);
                                headers.putIfAbsent("Content-Type", "application/xml");
                            }
                        } else {
                            bodyMembers = true;
                        }
                    }
                }
            }
            if (bodyMembers && payload.isEmpty()) {
                String root = documentRoots.getOrDefault(operation, operation + "Result");
                StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                b.append('<').append(root).append(" xmlns=\"").append(namespace).append("\">");
                xml.writeMembers(b, outputShape, output);
                b.append("</").append(root).append('>');
                body = b.toString().getBytes(StandardCharsets.UTF_8);
                headers.put("Content-Type", "application/xml");
            }
        }
        if (status == 200 && headers.containsKey("Content-Range")) {
            status = 206;
        }
        WireAnswer answer = new WireAnswer(status, headers, body);
        return identify(answer, requestId);
    }

    private String joined(ServiceModel.Shape member, JsonNode list) {
        List<String> parts = new ArrayList<>();
        list.forEach(v -> parts.add(WireValues.text(member, v, "rfc822")));
        return String.join(",", parts);
    }

    @Override
    public WireAnswer writeError(ServiceError error, String requestId) {
        if (error.httpStatus() == 304) {
            Map<String, String> headers = new LinkedHashMap<>(error.details());
            return identify(new WireAnswer(304, headers, new byte[0]), requestId);
        }
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(WireValues.xmlEscape(error.errorCode())).append("</Code><Message>")
                .append(WireValues.xmlEscape(error.getMessage() == null ? "" : error.getMessage())).append("</Message>");
        error.details().forEach((k, v) -> b.append('<').append(k).append('>').append(WireValues.xmlEscape(v))
                .append("</").append(k).append('>'));
        b.append("<RequestId>").append(requestId).append("</RequestId><HostId>").append(hostId()).append("</HostId></Error>");
        return identify(WireAnswer.of(error.httpStatus(), "application/xml", b.toString()), requestId);
    }

    private WireAnswer identify(WireAnswer answer, String requestId) {
        return answer.withHeader("x-amz-request-id", requestId).withHeader("x-amz-id-2", hostId());
    }

    private String hostId() {
        byte[] id = new byte[48];
        random.nextBytes(id);
        return Base64.getEncoder().encodeToString(id);
    }
}
