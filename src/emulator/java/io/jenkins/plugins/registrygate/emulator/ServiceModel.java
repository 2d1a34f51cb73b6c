package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.zip.GZIPInputStream;

/**
 * An official AWS service model (the botocore {@code service-2.json} format, which the AWS SDKs' C2J models share),
 * read into shapes and operations. The emulator validates every request and response against it, and the wire
 * protocols read their serialization traits ({@code locationName}, {@code location}, {@code flattened},
 * {@code resultWrapper}, {@code http}, error codes and statuses) from it ({@link #shapeNode}, {@link #memberNode},
 * {@link #operationNode}).
 *
 * <p>Where the models come from:
 * <ul>
 *   <li>SageMaker ({@link #SAGEMAKER}) is vendored under {@code models/sagemaker/} next to this class: botocore 1.43.67,
 *       newer than the model AWS SDK for Java v2 2.40.2 was generated from (a strict superset for the operations
 *       served here), with botocore's licence and notice.</li>
 *   <li>S3 ({@link #S3}) is vendored under {@code models/s3/} as botocore 1.43.11 ships it (gzip), with botocore's
 *       licence and notice: no Maven Central artifact here carries an S3 model.</li>
 *   <li>ECR, IAM, CloudWatch, KMS, STS and SQS are read from the {@code com.amazonaws:aws-java-sdk-models} jar
 *       ({@code /models/<name>-model.json}): a test dependency for the in-process emulator, and unpacked into the
 *       standalone jar by its assembly descriptor.</li>
 * </ul>
 */
public final class ServiceModel {

    /** Classpath location of the vendored SageMaker model. */
    public static final String SAGEMAKER = "/io/jenkins/plugins/registrygate/emulator/models/sagemaker/service-2.json";
    /** Classpath location of the vendored S3 model (gzip, byte for byte as botocore ships it). */
    public static final String S3 = "/io/jenkins/plugins/registrygate/emulator/models/s3/service-2.json.gz";
    /** ECR (AWS JSON 1.1), from {@code aws-java-sdk-models}. */
    public static final String ECR = "/models/api.ecr-2015-09-21-model.json";
    /** IAM (query protocol), from {@code aws-java-sdk-models}. */
    public static final String IAM = "/models/iam-2010-05-08-model.json";
    /** CloudWatch, signing name {@code monitoring} (query, AWS JSON 1.0, RPC v2 CBOR), from {@code aws-java-sdk-models}. */
    public static final String CLOUDWATCH = "/models/monitoring-2010-08-01-model.json";
    /** KMS (AWS JSON 1.1), from {@code aws-java-sdk-models}. */
    public static final String KMS = "/models/kms-2014-11-01-model.json";
    /** STS (query protocol), from {@code aws-java-sdk-models}. */
    public static final String STS = "/models/sts-2011-06-15-model.json";
    /** SQS (AWS JSON 1.0, {@code awsQueryCompatible}), from {@code aws-java-sdk-models}. */
    public static final String SQS = "/models/sqs-2012-11-05-model.json";

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

    private static final Map<String, ServiceModel> LOADED = new ConcurrentHashMap<>();

    private final JsonNode metadata;
    private final JsonNode rawShapes;
    private final JsonNode rawOperations;
    private final Map<String, Shape> shapes;
    private final Map<String, Operation> operations;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private ServiceModel(JsonNode root) {
        this.metadata = root.path("metadata");
        this.rawShapes = root.path("shapes");
        this.rawOperations = root.path("operations");
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
    }

    /** The SageMaker model, parsed once per JVM. */
    public static ServiceModel load() {
        return fromResource(SAGEMAKER);
    }

    /** A model on the classpath (an absolute resource path), parsed once per JVM. */
    public static ServiceModel fromResource(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (InputStream in = ServiceModel.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException(r + " is not on the classpath");
                }
                return new ServiceModel(new ObjectMapper().readTree(r.endsWith(".gz") ? new GZIPInputStream(in) : in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + r, e);
            }
        });
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
            throw new IllegalArgumentException("No shape " + name + " in the " + signingName() + " model");
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

    /** The protocols the service speaks ({@code metadata.protocols}, else {@code metadata.protocol}). */
    public List<String> protocols() {
        List<String> out = new ArrayList<>();
        metadata.path("protocols").forEach(p -> out.add(p.asText()));
        if (out.isEmpty()) {
            out.add(protocol());
        }
        return out;
    }

    public String jsonVersion() {
        return metadata.path("jsonVersion").asText();
    }

    /** Whether the service's JSON protocol also speaks the error conventions of its former query protocol (SQS). */
    public boolean isQueryCompatible() {
        return metadata.has("awsQueryCompatible");
    }

    /** The SigV4 signing name (for example {@code sagemaker}, {@code monitoring}, {@code s3}). */
    public String signingName() {
        String name = metadata.path("signingName").asText("");
        return name.isEmpty() ? metadata.path("endpointPrefix").asText() : name;
    }

    /** The XML namespace of the service's query or REST-XML documents ("" when the model names none). */
    public String xmlNamespace() {
        JsonNode ns = metadata.path("xmlNamespace");
        return ns.isTextual() ? ns.asText() : ns.path("uri").asText("");
    }

    /** The shape as the model writes it, with its serialization traits ({@code flattened}, {@code error}, …). */
    public JsonNode shapeNode(String name) {
        JsonNode n = rawShapes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("No shape " + name + " in the " + signingName() + " model");
        }
        return n;
    }

    /**
     * A member reference as the model writes it ({@code shape}, {@code locationName}, {@code location},
     * {@code flattened}, {@code timestampFormat}, …); for lists the reference {@code member}, for maps {@code key} and
     * {@code value}.
     */
    public JsonNode memberNode(String shapeName, String member) {
        JsonNode s = shapeNode(shapeName);
        JsonNode m = s.path("members").get(member);
        if (m == null) {
            m = s.get(member); // "member", "key", "value" of lists and maps
        }
        if (m == null) {
            throw new IllegalArgumentException(shapeName + " has no member " + member);
        }
        return m;
    }

    /** The operation as the model writes it ({@code http}, {@code input}, {@code output} with {@code resultWrapper}). */
    public JsonNode operationNode(String name) {
        JsonNode n = rawOperations.get(name);
        if (n == null) {
            throw new IllegalArgumentException("No operation " + name + " in the " + signingName() + " model");
        }
        return n;
    }

    /**
     * An error the model defines, with the code and HTTP status its {@code error} trait gives (the shape name and 400
     * when it gives none).
     */
    public ServiceError error(String errorShape, String message) {
        JsonNode trait = shapeNode(errorShape).path("error");
        return new ServiceError(trait.path("httpStatusCode").asInt(400), trait.path("code").asText(errorShape), message);
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
