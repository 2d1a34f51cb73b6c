package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS query protocol (IAM, STS, and CloudWatch for AWS SDK for Java v2): {@code POST /} with a form body
 * {@code Action=<Operation>&Version=<apiVersion>&…} (a GET with the same query string works too), answered with
 * {@code <OpResponse xmlns="<ns>"><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 * </OpResponse>} ({@code text/xml}), errors with
 * {@code <ErrorResponse xmlns="<ns>"><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>}.
 *
 * <p>Parameters follow the model's flattening rules: a structure member is {@code Prefix.Name} (its
 * {@code locationName}, else its member name), a list {@code Prefix.member.N} (the list member's {@code locationName}
 * replacing {@code member}; {@code flattened}: {@code Prefix.N}) with {@code Prefix=} for an empty list, a map
 * {@code Prefix.entry.N.key} and {@code Prefix.entry.N.value} ({@code flattened}: without {@code entry}), counted from
 * 1; timestamps ISO 8601, booleans {@code true}/{@code false}, blobs base64. The answer's XML follows
 * {@link XmlShapes}. Parameters the input shape does not model are ignored, as JSON members are.
 *
 * <p>A request without {@code Action} is {@code MissingAction}; an action the model does not have (or a
 * {@code Version} other than the model's) is {@code InvalidAction}, both HTTP 400.
 */
public final class AwsQueryProtocol implements WireProtocol {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceModel model;
    private final XmlShapes xml;
    private final String namespace;

    public AwsQueryProtocol(ServiceModel model) {
        this.model = model;
        this.xml = new XmlShapes(model);
        this.namespace = model.xmlNamespace();
    }

    /** A form body, or an {@code Action} parameter. */
    /**
     * The errors every service answers (validation, unknown action, unknown key, throttling, …) as query services word
     * them: {@code ValidationError}, {@code InvalidAction}, {@code InvalidClientTokenId}, {@code Throttling},
     * {@code AccessDenied}; an unparseable parameter is {@code InvalidParameterValue} (design choice: no source shows
     * what these services answer for, say, {@code MaxItems=ten}). Other errors keep their code.
     */
    public static ServiceError queryWording(ServiceError e) {
        return switch (e.errorCode()) {
            case ServiceError.VALIDATION -> e.reworded(400, "ValidationError", e.getMessage());
            case ServiceError.SERIALIZATION -> e.reworded(400, "InvalidParameterValue", e.getMessage());
            case ServiceError.UNKNOWN_OPERATION -> e.reworded(400, "InvalidAction", e.getMessage());
            case ServiceError.UNRECOGNIZED_CLIENT -> e.reworded(403, "InvalidClientTokenId", e.getMessage());
            case ServiceError.THROTTLING -> e.reworded(400, "Throttling", e.getMessage());
            case ServiceError.ACCESS_DENIED -> e.reworded(403, "AccessDenied", e.getMessage());
            default -> e;
        };
    }

    @Override
    public boolean recognises(WireRequest request) {
        return request.header("Content-Type").startsWith("application/x-www-form-urlencoded")
                || request.queryParameter("Action").isPresent();
    }

    @Override
    public String operationOf(WireRequest request) {
        List<String> action = parameters(request).get("Action");
        return action == null || action.isEmpty() ? "" : action.get(0);
    }

    /** The form body's parameters, then the query string's. */
    private static Map<String, List<String>> parameters(WireRequest request) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        if (request.body().length > 0) {
            p.putAll(WireRequest.parseForm(request.bodyText()));
        }
        request.query().forEach(p::putIfAbsent);
        return p;
    }

    @Override
    public Call read(WireRequest request) {
        Map<String, List<String>> params = parameters(request);
        String action = first(params, "Action").orElse("");
        if (action.isEmpty()) {
            throw new ServiceError(400, "MissingAction", "Missing Action");
        }
        String version = first(params, "Version").orElse(model.apiVersion());
        ServiceModel.Operation op = model.operation(action);
        if (op == null || !version.equals(model.apiVersion())) {
            throw new ServiceError(400, "InvalidAction", "Could not find operation " + action + " for version " + version);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!k.equals("Action") && !k.equals("Version") && !v.isEmpty()) {
                flat.put(k, v.get(0));
            }
        });
        ObjectNode input = op.inputShape() == null ? NODES.objectNode()
                : (ObjectNode) decodeStructure(op.inputShape(), "", flat);
        return new Call(action, input);
    }

    private static Optional<String> first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    private JsonNode decodeStructure(String shapeName, String prefix, Map<String, String> params) {
        ObjectNode out = NODES.objectNode();
        ServiceModel.Shape s = model.shape(shapeName);
        for (Map.Entry<String, String> m : s.members().entrySet()) {
            JsonNode ref = model.memberNode(shapeName, m.getKey());
            String name = ref.path("locationName").asText(m.getKey());
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            JsonNode value = decode(m.getValue(), ref, key, params);
            if (value != null) {
                out.set(m.getKey(), value);
            }
        }
        return out;
    }

    /** The value at {@code key}, or {@code null} when the request has none. */
    private JsonNode decode(String shapeName, JsonNode ref, String key, Map<String, String> params) {
        ServiceModel.Shape s = model.shape(shapeName);
        switch (s.type()) {
            case "structure" -> {
                return present(key, params) ? decodeStructure(shapeName, key, params) : null;
            }
            case "list" -> {
                if ("".equals(params.get(key))) {
                    return NODES.arrayNode();
                }
                JsonNode memberRef = model.memberNode(shapeName, "member");
                String listPrefix;
                if (flattened(shapeName, ref)) {
                    String memberName = memberRef.path("locationName").asText("");
                    int dot = key.lastIndexOf('.');
                    listPrefix = memberName.isEmpty() ? key : (dot < 0 ? "" : key.substring(0, dot + 1)) + memberName;
                } else {
                    listPrefix = key + "." + memberRef.path("locationName").asText("member");
                }
                ArrayNode list = NODES.arrayNode();
                for (int i = 1; present(listPrefix + "." + i, params); i++) {
                    JsonNode el = decode(s.member(), memberRef, listPrefix + "." + i, params);
                    list.add(el == null ? NODES.nullNode() : el);
                }
                return list.isEmpty() ? null : list;
            }
            case "map" -> {
                String entries = flattened(shapeName, ref) ? key : key + ".entry";
                JsonNode keyRef = model.memberNode(shapeName, "key");
                JsonNode valueRef = model.memberNode(shapeName, "value");
                String keyName = keyRef.path("locationName").asText("key");
                String valueName = valueRef.path("locationName").asText("value");
                ObjectNode map = NODES.objectNode();
                for (int i = 1; present(entries + "." + i, params); i++) {
                    String k = params.get(entries + "." + i + "." + keyName);
                    if (k != null) {
                        JsonNode v = decode(s.value(), valueRef, entries + "." + i + "." + valueName, params);
                        map.set(k, v == null ? NODES.nullNode() : v);
                    }
                }
                return map.isEmpty() ? null : map;
            }
            default -> {
                String text = params.get(key);
                return text == null ? null
                        : WireValues.parse(s, text, ref.path("timestampFormat").asText("iso8601"), key);
            }
        }
    }

    private boolean flattened(String shapeName, JsonNode ref) {
        return model.shapeNode(shapeName).path("flattened").asBoolean(false) || ref.path("flattened").asBoolean(false);
    }

    /** Whether the request has {@code key} or anything under {@code key.}. */
    private static boolean present(String key, Map<String, String> params) {
        if (params.containsKey(key)) {
            return true;
        }
        String below = key + ".";
        for (String k : params.keySet()) {
            if (k.startsWith(below)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public WireAnswer write(String operation, ObjectNode output, String requestId) {
        JsonNode op = model.operationNode(operation);
        StringBuilder b = new StringBuilder(256);
        b.append('<').append(operation).append("Response").append(xmlns()).append('>');
        String outputShape = op.path("output").path("shape").asText("");
        if (!outputShape.isEmpty() && output != null) {
            String wrapper = op.path("output").path("resultWrapper").asText("");
            if (!wrapper.isEmpty()) {
                b.append('<').append(wrapper).append('>');
            }
            xml.writeMembers(b, outputShape, output);
            if (!wrapper.isEmpty()) {
                b.append("</").append(wrapper).append('>');
            }
        }
        b.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        b.append("</").append(operation).append("Response>");
        return WireAnswer.of(200, "text/xml", b.toString()).withHeader("x-amzn-RequestId", requestId);
    }

    @Override
    public WireAnswer writeError(ServiceError error, String requestId) {
        String body = "<ErrorResponse" + xmlns() + "><Error><Type>" + error.faultType() + "</Type><Code>"
                + WireValues.xmlEscape(error.errorCode()) + "</Code><Message>"
                + WireValues.xmlEscape(error.getMessage() == null ? "" : error.getMessage())
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return WireAnswer.of(error.httpStatus(), "text/xml", body).withHeader("x-amzn-RequestId", requestId);
    }

    private String xmlns() {
        return namespace.isEmpty() ? "" : " xmlns=\"" + namespace + "\"";
    }
}
