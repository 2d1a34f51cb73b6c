package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jenkins.plugins.registrygate.emulator.ServiceModel.Shape;

/**
 * Checks JSON values against shapes of the {@link ServiceModel}.
 *
 * <p><b>Requests</b> ({@link #checkRequest}) get the service's answers:
 * <ul>
 *   <li>a JSON type that does not fit the member (a number for a string, an array for a structure, ...) is a
 *       {@code SerializationException}, like Coral-based JSON services answer; the message text is the emulator's own;</li>
 *   <li>every constraint violation (required, length, size, range, pattern, enum) is collected into one
 *       {@code ValidationException} in the AWS format: {@code 1 validation error detected: Value 'x' at 'memberName'
 *       failed to satisfy constraint: Member must ...}, several joined with {@code "; "} under
 *       {@code "N validation errors detected: "}. Paths use the lower-camel member names; list elements that are
 *       structures are addressed as {@code tags.1.member.key}; violations of scalar list elements and of map keys or
 *       values are grouped at the collection ({@code Member must satisfy constraint: [...]},
 *       {@code Map keys must satisfy constraint: [...]}, {@code Map value must satisfy constraint: [...]}).
 *       The value of a {@code sensitive} shape is not echoed.</li>
 *   <li><b>Unknown members are ignored</b> (design choice): no public source shows what SageMaker answers for a member
 *       its model does not define, and ignoring them is what lets newer clients talk to an older model. They are
 *       dropped from what the backend stores ({@link #prune}). JSON {@code null} counts as absent.</li>
 *   <li>Patterns are matched with {@code Matcher.matches()} (the model's patterns are partly unanchored).</li>
 * </ul>
 *
 * <p><b>Responses</b> ({@link #responseViolations}) are checked strictly, to prove the emulator's own output
 * conforms: required members present, no member outside the shape, JSON types (timestamps must be numbers), enum
 * values, list and map sizes, number ranges. String patterns and lengths are not checked on output: the service
 * itself returns strings outside them (for example {@code ModelPackageName "<group>/<version>"}, which is no
 * {@code EntityName} and can exceed its 63 characters) and the SDKs do not check them.
 */
public final class ShapeValidator {

    private final ServiceModel model;

    public ShapeValidator(ServiceModel model) {
        this.model = model;
    }

    public ServiceModel model() {
        return model;
    }

    /**
     * Validates a request body against the operation's input shape.
     *
     * @return the request without unmodelled members and without nulls
     * @throws ServiceError {@code SerializationException} or {@code ValidationException}
     */
    public ObjectNode checkRequest(ServiceModel.Operation operation, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            body = JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw ServiceError.serialization("The request body must be a JSON object.");
        }
        if (operation.inputShape() == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        List<String> violations = requestViolations(operation.inputShape(), body);
        if (!violations.isEmpty()) {
            throw ServiceError.validation(formatValidationMessage(violations));
        }
        return (ObjectNode) prune(operation.inputShape(), body);
    }

    /** AWS text for a list of violations: {@code "N validation error(s) detected: a; b"}. */
    public static String formatValidationMessage(List<String> violations) {
        int n = violations.size();
        return n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", violations);
    }

    /**
     * Constraint violations of a request value, each as {@code Value ... at '...' failed to satisfy constraint: ...}.
     *
     * @throws ServiceError {@code SerializationException} for a JSON type that does not fit
     */
    public List<String> requestViolations(String shapeName, JsonNode value) {
        List<String> out = new ArrayList<>();
        checkInput(model.shape(shapeName), value, "", out);
        return out;
    }

    private void checkInput(Shape s, JsonNode v, String path, List<String> out) {
        switch (s.type()) {
            case "structure" -> {
                if (!v.isObject()) {
                    throw typeMismatch(path, "a structure", v);
                }
                for (Map.Entry<String, String> m : s.members().entrySet()) {
                    JsonNode child = v.get(m.getKey());
                    String childPath = path.isEmpty() ? lowerFirst(m.getKey()) : path + "." + lowerFirst(m.getKey());
                    if (child == null || child.isNull()) {
                        if (s.required().contains(m.getKey())) {
                            out.add("Value null at '" + childPath + "' failed to satisfy constraint: Member must not be null");
                        }
                        continue;
                    }
                    checkInput(model.shape(m.getValue()), child, childPath, out);
                }
            }
            case "list" -> {
                if (!v.isArray()) {
                    throw typeMismatch(path, "a list", v);
                }
                for (String c : sizeViolations(s, v.size())) {
                    out.add(valueAt(s, v, path) + c);
                }
                Shape ms = model.shape(s.member());
                if (ms.isScalar()) {
                    Set<String> inner = new LinkedHashSet<>();
                    for (JsonNode el : v) {
                        inner.addAll(el.isNull() ? List.of("Member must not be null") : scalarViolations(ms, el, path));
                    }
                    if (!inner.isEmpty()) {
                        out.add(valueAt(s, v, path) + "Member must satisfy constraint: [" + String.join(", ", inner) + "]");
                    }
                } else {
                    int i = 1;
                    for (JsonNode el : v) {
                        String elPath = path + "." + i++ + ".member";
                        if (el.isNull()) {
                            out.add("Value null at '" + elPath + "' failed to satisfy constraint: Member must not be null");
                        } else {
                            checkInput(ms, el, elPath, out);
                        }
                    }
                }
            }
            case "map" -> {
                if (!v.isObject()) {
                    throw typeMismatch(path, "a map", v);
                }
                for (String c : sizeViolations(s, v.size())) {
                    out.add(valueAt(s, v, path) + c);
                }
                Shape ks = model.shape(s.key());
                Shape vs = model.shape(s.value());
                Set<String> keyProblems = new LinkedHashSet<>();
                Set<String> valueProblems = new LinkedHashSet<>();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    keyProblems.addAll(scalarViolations(ks, JsonNodeFactory.instance.textNode(e.getKey()), path));
                    JsonNode val = e.getValue();
                    if (val.isNull()) {
                        valueProblems.add("Member must not be null");
                    } else if (vs.isScalar()) {
                        valueProblems.addAll(scalarViolations(vs, val, path + "." + e.getKey()));
                    } else {
                        checkInput(vs, val, path + "." + e.getKey(), out);
                    }
                }
                if (!keyProblems.isEmpty()) {
                    out.add(valueAt(s, v, path) + "Map keys must satisfy constraint: [" + String.join(", ", keyProblems) + "]");
                }
                if (!valueProblems.isEmpty()) {
                    out.add(valueAt(s, v, path) + "Map value must satisfy constraint: [" + String.join(", ", valueProblems) + "]");
                }
            }
            default -> {
                for (String c : scalarViolations(s, v, path)) {
                    out.add(valueAt(s, v, path) + c);
                }
            }
        }
    }

    /** Constraint texts ("Member must ...") of a scalar value; throws on a JSON type that does not fit. */
    private List<String> scalarViolations(Shape s, JsonNode v, String path) {
        List<String> c = new ArrayList<>();
        switch (s.type()) {
            case "string" -> {
                if (!v.isTextual()) {
                    throw typeMismatch(path, "a string", v);
                }
                String text = v.asText();
                c.addAll(lengthViolations(s, text.length()));
                if (s.pattern() != null && !model.pattern(s).matcher(text).matches()) {
                    c.add("Member must satisfy regular expression pattern: " + s.pattern());
                }
                if (s.enumValues() != null && !s.enumValues().contains(text)) {
                    c.add("Member must satisfy enum value set: [" + String.join(", ", s.enumValues()) + "]");
                }
            }
            case "integer", "long" -> {
                if (!v.isIntegralNumber() || ("integer".equals(s.type()) && !v.canConvertToInt())
                        || !v.canConvertToLong()) {
                    throw typeMismatch(path, "an " + s.type(), v);
                }
                c.addAll(rangeViolations(s, v.decimalValue()));
            }
            case "float", "double" -> {
                if (!v.isNumber()) {
                    throw typeMismatch(path, "a number", v);
                }
                c.addAll(rangeViolations(s, v.decimalValue()));
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    throw typeMismatch(path, "a boolean", v);
                }
            }
            case "timestamp" -> {
                if (!v.isNumber()) {
                    throw typeMismatch(path, "a timestamp (epoch seconds as a JSON number)", v);
                }
            }
            case "blob" -> {
                if (v.isBinary()) {
                    break; // bytes, as a REST protocol's payload reads them
                }
                if (!v.isTextual()) {
                    throw typeMismatch(path, "a base64 blob", v);
                }
                try {
                    Base64.getDecoder().decode(v.asText());
                } catch (IllegalArgumentException e) {
                    throw ServiceError.serialization("Member '" + path + "' is not valid base64.");
                }
            }
            default -> throw new IllegalStateException("Unexpected shape type " + s.type() + " of " + s.name());
        }
        return c;
    }

    private static List<String> lengthViolations(Shape s, long length) {
        List<String> c = new ArrayList<>();
        if (s.min() != null && BigDecimal.valueOf(length).compareTo(s.min()) < 0) {
            c.add("Member must have length greater than or equal to " + plain(s.min()));
        }
        if (s.max() != null && BigDecimal.valueOf(length).compareTo(s.max()) > 0) {
            c.add("Member must have length less than or equal to " + plain(s.max()));
        }
        return c;
    }

    private static List<String> sizeViolations(Shape s, int size) {
        return lengthViolations(s, size);
    }

    private static List<String> rangeViolations(Shape s, BigDecimal value) {
        List<String> c = new ArrayList<>();
        if (s.min() != null && value.compareTo(s.min()) < 0) {
            c.add("Member must have value greater than or equal to " + plain(s.min()));
        }
        if (s.max() != null && value.compareTo(s.max()) > 0) {
            c.add("Member must have value less than or equal to " + plain(s.max()));
        }
        return c;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static String valueAt(Shape s, JsonNode v, String path) {
        if (s.sensitive()) {
            return "Value at '" + path + "' failed to satisfy constraint: ";
        }
        return "Value '" + render(v) + "' at '" + path + "' failed to satisfy constraint: ";
    }

    /** Java-collection style rendering, as the Java-based service prints values. */
    static String render(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(render(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.properties().forEach(e -> parts.add(e.getKey() + "=" + render(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        return v.isNull() ? "null" : v.asText();
    }

    private static ServiceError typeMismatch(String path, String expected, JsonNode actual) {
        String where = path.isEmpty() ? "the request body" : "member '" + path + "'";
        return ServiceError.serialization(
                "Cannot deserialize " + where + ": expected " + expected + " but found " + actual.getNodeType() + ".");
    }

    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** A copy of the value with only the members the shape models (recursively) and without JSON nulls. */
    public JsonNode prune(String shapeName, JsonNode value) {
        Shape s = model.shape(shapeName);
        switch (s.type()) {
            case "structure" -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, String> m : s.members().entrySet()) {
                    JsonNode child = value.get(m.getKey());
                    if (child != null && !child.isNull()) {
                        out.set(m.getKey(), prune(m.getValue(), child));
                    }
                }
                return out;
            }
            case "list" -> {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                value.forEach(el -> out.add(el.isNull() ? el : prune(s.member(), el)));
                return out;
            }
            case "map" -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                value.properties().forEach(e -> out.set(e.getKey(), prune(s.value(), e.getValue())));
                return out;
            }
            default -> {
                return value.deepCopy();
            }
        }
    }

    /**
     * Everything in a response value that does not conform to the output shape; empty when it conforms.
     * Paths use the wire member names, e.g. {@code ModelPackageSummaryList[0].CreationTime}.
     */
    public List<String> responseViolations(String shapeName, JsonNode value) {
        List<String> out = new ArrayList<>();
        checkOutput(model.shape(shapeName), value, shapeName, out);
        return out;
    }

    private void checkOutput(Shape s, JsonNode v, String path, List<String> out) {
        switch (s.type()) {
            case "structure" -> {
                if (!v.isObject()) {
                    out.add(path + ": expected a structure (" + s.name() + "), found " + v.getNodeType());
                    return;
                }
                for (String r : s.required()) {
                    JsonNode child = v.get(r);
                    if (child == null || child.isNull()) {
                        out.add(path + "." + r + ": required member is missing");
                    }
                }
                v.properties().forEach(e -> {
                    String shapeName = s.members().get(e.getKey());
                    if (shapeName == null) {
                        out.add(path + "." + e.getKey() + ": not a member of " + s.name());
                    } else if (e.getValue().isNull()) {
                        out.add(path + "." + e.getKey() + ": JSON null");
                    } else {
                        checkOutput(model.shape(shapeName), e.getValue(), path + "." + e.getKey(), out);
                    }
                });
            }
            case "list" -> {
                if (!v.isArray()) {
                    out.add(path + ": expected a list (" + s.name() + "), found " + v.getNodeType());
                    return;
                }
                lengthViolations(s, v.size()).forEach(c -> out.add(path + ": " + c));
                int i = 0;
                for (JsonNode el : v) {
                    checkOutput(model.shape(s.member()), el, path + "[" + i++ + "]", out);
                }
            }
            case "map" -> {
                if (!v.isObject()) {
                    out.add(path + ": expected a map (" + s.name() + "), found " + v.getNodeType());
                    return;
                }
                lengthViolations(s, v.size()).forEach(c -> out.add(path + ": " + c));
                v.properties().forEach(e -> {
                    checkOutput(model.shape(s.key()), JsonNodeFactory.instance.textNode(e.getKey()),
                            path + "{key " + e.getKey() + "}", out);
                    checkOutput(model.shape(s.value()), e.getValue(), path + "{" + e.getKey() + "}", out);
                });
            }
            case "string" -> {
                if (!v.isTextual()) {
                    out.add(path + ": expected a string, found " + v.getNodeType());
                    return;
                }
                if (s.enumValues() != null && !s.enumValues().contains(v.asText())) {
                    out.add(path + ": '" + v.asText() + "' is not one of " + s.enumValues());
                }
            }
            case "integer", "long" -> {
                if (!v.isIntegralNumber()) {
                    out.add(path + ": expected an " + s.type() + ", found " + v.getNodeType() + " " + v);
                    return;
                }
                rangeViolations(s, v.decimalValue()).forEach(c -> out.add(path + ": " + c));
            }
            case "float", "double" -> {
                if (!v.isNumber()) {
                    out.add(path + ": expected a number, found " + v.getNodeType());
                    return;
                }
                rangeViolations(s, v.decimalValue()).forEach(c -> out.add(path + ": " + c));
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    out.add(path + ": expected a boolean, found " + v.getNodeType());
                }
            }
            case "timestamp" -> {
                if (!v.isNumber()) {
                    out.add(path + ": expected a timestamp as epoch seconds (JSON number), found " + v.getNodeType());
                }
            }
            case "blob" -> {
                if (!v.isTextual() && !v.isBinary()) {
                    out.add(path + ": expected a base64 string or bytes, found " + v.getNodeType());
                }
            }
            default -> out.add(path + ": unexpected shape type " + s.type());
        }
    }
}
