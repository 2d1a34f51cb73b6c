package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The official SageMaker service model ({@code models/api.sagemaker-2017-07-24-model.json} from the
 * {@code com.amazonaws:aws-java-sdk-models} jar on the test classpath), read into shapes and operations.
 *
 * <p><b>Model vintage.</b> The classpath model is older than the SDK the plugin uses (SDK v2 2.40.2): it has 335
 * operations and lacks a few registry members that SDK 2.40.2 sends and reads. {@link #SUPPLEMENT} adds exactly those
 * members the emulator must understand, with the definitions of botocore 1.42.3 (the model SDK 2.40.2 was generated
 * from). A supplement entry is applied only where the classpath model has no definition of its own, so a newer jar wins.
 * Everything else is read from the classpath model.
 */
public final class ServiceModel {

    /** Classpath location of the official model. */
    public static final String RESOURCE = "models/api.sagemaker-2017-07-24-model.json";

    /**
     * Members SDK 2.40.2 knows and the classpath model (aws-java-sdk-models 1.12.797) does not. Definitions follow
     * botocore 1.42.3 {@code sagemaker/2017-07-24/service-2.json}; existing shapes are referenced by name.
     */
    static final String SUPPLEMENT = """
            {
              "shapes": {
                "ModelLifeCycle": {"type": "structure", "required": ["Stage", "StageStatus"],
                  "members": {"Stage": {"shape": "EntityName"}, "StageStatus": {"shape": "EntityName"},
                              "StageDescription": {"shape": "StageDescription"}}},
                "StageDescription": {"type": "string", "min": 0, "max": 1024, "pattern": ".{0,1024}"},
                "ModelPackageRegistrationType": {"type": "string", "enum": ["Logged", "Registered"]}
              },
              "members": {
                "CreateModelPackageInput": {"ModelPackageRegistrationType": "ModelPackageRegistrationType",
                                            "ModelLifeCycle": "ModelLifeCycle"},
                "UpdateModelPackageInput": {"ModelPackageRegistrationType": "ModelPackageRegistrationType",
                                            "ModelLifeCycle": "ModelLifeCycle", "ClientToken": "ClientToken"},
                "DescribeModelPackageOutput": {"ModelPackageRegistrationType": "ModelPackageRegistrationType",
                                               "ModelLifeCycle": "ModelLifeCycle"},
                "ModelPackageSummary": {"ModelLifeCycle": "ModelLifeCycle",
                                        "ModelPackageRegistrationType": "ModelPackageRegistrationType"}
              }
            }
            """;

    /** One shape of the model. Numbers are kept as {@link BigDecimal}; absent constraints are {@code null}. */
    public record Shape(String name, String type, Map<String, String> members, Set<String> required,
                        BigDecimal min, BigDecimal max, String pattern, List<String> enumValues,
                        String member, String key, String value, boolean union, boolean sensitive) {
        public boolean isStructure() {
            return "structure".equals(type);
        }

        public boolean isScalar() {
            return !isStructure() && !"list".equals(type) && !"map".equals(type);
        }
    }

    /** One operation: its input and output shape names ({@code null} when the operation has none). */
    public record Operation(String name, String inputShape, String outputShape, List<String> errors) {
    }

    private static volatile ServiceModel shared;

    private final JsonNode metadata;
    private final Map<String, Shape> shapes;
    private final Map<String, Operation> operations;
    private final Map<String, List<String>> supplemented;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private ServiceModel(JsonNode root) {
        ObjectNode rootCopy = (ObjectNode) root;
        Map<String, List<String>> added = applySupplement(rootCopy);
        this.metadata = root.path("metadata");
        Map<String, Shape> s = new LinkedHashMap<>();
        root.path("shapes").properties().forEach(e -> s.put(e.getKey(), toShape(e.getKey(), e.getValue())));
        this.shapes = Collections.unmodifiableMap(s);
        Map<String, Operation> ops = new LinkedHashMap<>();
        root.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            List<String> errors = new ArrayList<>();
            op.path("errors").forEach(err -> errors.add(err.path("shape").asText()));
            ops.put(e.getKey(), new Operation(e.getKey(), textOrNull(op.path("input").path("shape")),
                    textOrNull(op.path("output").path("shape")), List.copyOf(errors)));
        });
        this.operations = Collections.unmodifiableMap(ops);
        this.supplemented = Collections.unmodifiableMap(added);
    }

    /** The model from the classpath, parsed once per JVM. */
    public static ServiceModel load() {
        ServiceModel m = shared;
        if (m == null) {
            synchronized (ServiceModel.class) {
                m = shared;
                if (m == null) {
                    m = loadFrom(ServiceModel.class.getClassLoader());
                    shared = m;
                }
            }
        }
        return m;
    }

    static ServiceModel loadFrom(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath "
                        + "(test dependency com.amazonaws:aws-java-sdk-models)");
            }
            return new ServiceModel(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static Map<String, List<String>> applySupplement(ObjectNode root) {
        JsonNode sup;
        try {
            sup = new ObjectMapper().readTree(SUPPLEMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode shapesNode = (ObjectNode) root.path("shapes");
        Map<String, List<String>> added = new LinkedHashMap<>();
        sup.path("shapes").properties().forEach(e -> {
            if (!shapesNode.has(e.getKey())) {
                shapesNode.set(e.getKey(), e.getValue().deepCopy());
                added.computeIfAbsent("(shapes)", k -> new ArrayList<>()).add(e.getKey());
            }
        });
        sup.path("members").properties().forEach(e -> {
            JsonNode target = shapesNode.get(e.getKey());
            if (target == null) {
                throw new IllegalStateException("Supplement targets unknown shape " + e.getKey());
            }
            ObjectNode members = (ObjectNode) target.path("members");
            e.getValue().properties().forEach(m -> {
                if (!members.has(m.getKey())) {
                    members.putObject(m.getKey()).put("shape", m.getValue().asText());
                    added.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(m.getKey());
                }
            });
        });
        return added;
    }

    private static Shape toShape(String name, JsonNode n) {
        Map<String, String> members = new LinkedHashMap<>();
        n.path("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
        Set<String> required = new LinkedHashSet<>();
        n.path("required").forEach(r -> required.add(r.asText()));
        List<String> enums = new ArrayList<>();
        n.path("enum").forEach(v -> enums.add(v.asText()));
        return new Shape(name, n.path("type").asText(), Collections.unmodifiableMap(members),
                Collections.unmodifiableSet(required),
                n.has("min") ? n.get("min").decimalValue() : null,
                n.has("max") ? n.get("max").decimalValue() : null,
                textOrNull(n.path("pattern")),
                enums.isEmpty() ? null : List.copyOf(enums),
                textOrNull(n.path("member").path("shape")),
                textOrNull(n.path("key").path("shape")),
                textOrNull(n.path("value").path("shape")),
                n.path("union").asBoolean(false),
                n.path("sensitive").asBoolean(false));
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    /** The operation, or {@code null} when the model has no such operation. */
    public Operation operation(String name) {
        return name == null ? null : operations.get(name);
    }

    public Set<String> operationNames() {
        return operations.keySet();
    }

    /** The shape; fails for a name the model does not define. */
    public Shape shape(String name) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No shape " + name + " in the SageMaker model");
        }
        return s;
    }

    public Set<String> shapeNames() {
        return shapes.keySet();
    }

    /** Compiled pattern of a string shape (unanchored in the model; use {@code matcher(..).matches()}). */
    public Pattern pattern(Shape s) {
        Objects.requireNonNull(s.pattern(), s.name() + " has no pattern");
        return patterns.computeIfAbsent(s.name(), k -> Pattern.compile(s.pattern()));
    }

    public String targetPrefix() {
        return metadata.path("targetPrefix").asText();
    }

    public String apiVersion() {
        return metadata.path("apiVersion").asText();
    }

    public String protocol() {
        return metadata.path("protocol").asText();
    }

    public String jsonVersion() {
        return metadata.path("jsonVersion").asText();
    }

    /** What {@link #SUPPLEMENT} added to the classpath model: shape name to member names ("(shapes)" for shapes). */
    public Map<String, List<String>> supplemented() {
        return supplemented;
    }

    /** Names of all shapes reachable from the given shape (itself included). */
    public Set<String> reachableShapes(String root) {
        Set<String> seen = new TreeSet<>();
        collect(root, seen);
        return seen;
    }

    private void collect(String name, Set<String> seen) {
        if (name == null || !seen.add(name)) {
            return;
        }
        Shape s = shape(name);
        s.members().values().forEach(m -> collect(m, seen));
        collect(s.member(), seen);
        collect(s.key(), seen);
        collect(s.value(), seen);
    }
}
