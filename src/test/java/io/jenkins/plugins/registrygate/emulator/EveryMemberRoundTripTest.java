package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every member a served Create input shares with its Describe output comes back from Describe as it was sent. The
 * members are not listed here: they are walked from the vendored service model, each given a model-valid value
 * ({@link ValueGenerator}), sent as raw AWS JSON 1.1 through the emulator's front (which validates request and
 * response against the model), and compared as JSON. A member the model adds later is walked too; one the generator
 * cannot give a value fails the test by name rather than being skipped.
 */
class EveryMemberRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ServiceModel MODEL = ServiceModel.load();

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.4.2";
    private static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerExecution";

    /**
     * Values for members (by member name, wherever they occur) whose model pattern the generator cannot satisfy, or
     * whose generic value the backend's documented rules would refuse.
     */
    private static final Map<String, JsonNode> EXAMPLES = new LinkedHashMap<>();

    static {
        // Must be a JSON object (the registry parses it: ModelPackageRegistry#checkModelCardContent).
        EXAMPLES.put("ModelCardContent", NODES.textNode("{\"model_overview\":{\"model_description\":\"churn\"}}"));
        // A model card's Content must be a JSON object too (ModelCards#checkedContent).
        EXAMPLES.put("Content", NODES.textNode("{\"model_overview\":{\"model_description\":\"churn\"}}"));
        // Versioned packages refuse CertifyForMarketplace=true (ModelPackageRegistry: "does not apply").
        EXAMPLES.put("CertifyForMarketplace", NODES.booleanNode(false));
        EXAMPLES.put("ExecutionRoleArn", NODES.textNode(ROLE));
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private SageMakerEmulator emu;

    @BeforeEach
    void start() {
        emu = SageMakerEmulator.start(new MutableClock(EmulatorTestSupport.T0));
        // Roles, images and objects named by the generated values exist: the walk is about storage, not references.
        emu.backend().neighbours(Neighbours.PERMISSIVE);
    }

    @AfterEach
    void stop() {
        emu.close();
        assertEquals(List.of(), emu.conformanceViolations(), "responses outside the model's output shapes");
    }

    @Test
    void createModelPackageMembersComeBackFromDescribeModelPackage() throws Exception {
        call("CreateModelPackageGroup", obj().put("ModelPackageGroupName", "churn"));
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        fixed.put("ModelPackageGroupName", NODES.textNode("churn")); // must name an existing group
        Set<String> walked = roundTrip("CreateModelPackage", "DescribeModelPackage", fixed,
                // Exactly one of ModelPackageName and ModelPackageGroupName; the versioned form is the one the
                // plugin registers, and a version's name is assigned by the service, not sent.
                Set.of("ModelPackageName"),
                created -> obj().put("ModelPackageName", created.get("ModelPackageArn").asText()));
        assertTrue(walked.size() >= 20, () -> "walked only " + walked);
    }

    @Test
    void createModelMembersComeBackFromDescribeModel() throws Exception {
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        fixed.put("ModelName", NODES.textNode("churn-primary"));
        fixed.put("PrimaryContainer", imageContainer());
        Set<String> walked = roundTrip("CreateModel", "DescribeModel", fixed,
                // Exclusive with PrimaryContainer (Models: "Specify either"); walked by the next test.
                Set.of("Containers"),
                created -> obj().put("ModelName", "churn-primary"));
        assertTrue(walked.size() >= 6, () -> "walked only " + walked);
    }

    @Test
    void createModelContainersComeBackFromDescribeModel() throws Exception {
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        fixed.put("ModelName", NODES.textNode("churn-pipeline"));
        fixed.put("Containers", NODES.arrayNode().add(imageContainer()));
        Set<String> walked = roundTrip("CreateModel", "DescribeModel", fixed,
                Set.of("PrimaryContainer"), // exclusive with Containers, walked by the previous test
                created -> obj().put("ModelName", "churn-pipeline"));
        assertTrue(walked.contains("Containers") && walked.size() >= 6, () -> "walked only " + walked);
    }

    @Test
    void createEndpointConfigMembersComeBackFromDescribeEndpointConfig() throws Exception {
        call("CreateModel", obj().put("ModelName", "churn-v1").put("ExecutionRoleArn", ROLE)
                .set("PrimaryContainer", imageContainer()));
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        fixed.put("EndpointConfigName", NODES.textNode("churn-v1"));
        // Variants must name an existing model and either instances or serverless (EndpointConfigs#checkVariants).
        fixed.put("ProductionVariants", NODES.arrayNode().add(variant("AllTraffic")));
        fixed.put("ShadowProductionVariants", NODES.arrayNode().add(variant("Shadow")));
        Set<String> walked = roundTrip("CreateEndpointConfig", "DescribeEndpointConfig", fixed, Set.of(),
                created -> obj().put("EndpointConfigName", "churn-v1"));
        assertTrue(walked.size() >= 10, () -> "walked only " + walked);
    }

    @Test
    void createModelCardMembersComeBackFromDescribeModelCard() throws Exception {
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        fixed.put("ModelCardName", NODES.textNode("churn-card"));
        Set<String> walked = roundTrip("CreateModelCard", "DescribeModelCard", fixed, Set.of(),
                created -> obj().put("ModelCardName", "churn-card"));
        assertTrue(walked.size() >= 4, () -> "walked only " + walked);
    }

    private static ObjectNode imageContainer() {
        return obj().put("Image", IMAGE).put("ModelDataUrl", "s3://models/churn/model.tar.gz");
    }

    private static ObjectNode variant(String name) {
        return obj().put("VariantName", name).put("ModelName", "churn-v1").put("InstanceType", "ml.m5.large")
                .put("InitialInstanceCount", 1);
    }

    private interface DescribeRequest {
        ObjectNode of(JsonNode createAnswer);
    }

    /**
     * Sends the create operation with every member its input shares with the describe output (minus {@code excluded},
     * {@code fixed} values first, generated values otherwise), describes, and asserts each comes back equal.
     *
     * @return the members walked
     */
    private Set<String> roundTrip(String create, String describe, Map<String, JsonNode> fixed, Set<String> excluded,
                                  DescribeRequest describeRequest) throws Exception {
        ServiceModel.Shape input = MODEL.shape(MODEL.operation(create).inputShape());
        ServiceModel.Shape output = MODEL.shape(MODEL.operation(describe).outputShape());
        ValueGenerator values = new ValueGenerator(EXAMPLES);
        ObjectNode request = obj();
        Set<String> walked = new TreeSet<>();
        input.members().forEach((member, shape) -> {
            if (!output.members().containsKey(member) || excluded.contains(member)) {
                return;
            }
            JsonNode value = fixed.containsKey(member) ? fixed.get(member)
                    : values.value(input.name() + "." + member, member, shape);
            request.set(member, value);
            walked.add(member);
        });
        JsonNode created = call(create, request);
        JsonNode described = call(describe, describeRequest.of(created));
        JsonNode sent = JSON.readTree(JSON.writeValueAsString(request)); // as the wire carried it: numbers parsed back
        List<String> differences = new ArrayList<>();
        for (String member : walked) {
            if (!sent.get(member).equals(described.get(member))) {
                differences.add(member + ": sent " + sent.get(member) + ", described " + described.get(member));
            }
        }
        assertEquals(List.of(), differences, describe + " after " + create);
        return walked;
    }

    private JsonNode call(String operation, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(emu.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "SageMaker." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            fail(operation + " answered " + r.statusCode() + ": " + r.body() + "\nfor " + body);
        }
        return JSON.readTree(r.body());
    }

    private static ObjectNode obj() {
        return NODES.objectNode();
    }

    /**
     * A model-valid value for a shape: enums their first value; strings of the minimum length that match the shape's
     * pattern; numbers 1 clamped into the shape's range; lists of the minimum size (at least one); maps of one
     * entry; structures with every member (a union with its first; below {@link #MAX_DEPTH} only the required ones). A member in the examples takes that value. A
     * string whose pattern none of the candidates matches fails, naming the member, so that it gets an example.
     */
    static final class ValueGenerator {

        private static final int MAX_DEPTH = 8;
        private static final long TIMESTAMP = EmulatorTestSupport.T0.getEpochSecond();
        /** Tried in order against a pattern after the plain letters. */
        private static final List<String> CANDIDATES = List.of("a", "abc", "A", "1", "churn", "s3://models/churn/a",
                "https://example.com/a", "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1",
                "arn:aws:kms:us-east-1:123456789012:key/a", ROLE, IMAGE, "sg-0123abcd", "subnet-0123abcd",
                "a.b", "churn-1", "text/csv", "1.0", "{}", "arn:aws:sns:us-east-1:123456789012:a",
                "sha256:" + "0".repeat(64), "1.0.0");

        private final Map<String, JsonNode> examples;

        ValueGenerator(Map<String, JsonNode> examples) {
            this.examples = examples;
        }

        JsonNode value(String path, String member, String shapeName) {
            return value(path, member, shapeName, 0);
        }

        private JsonNode value(String path, String member, String shapeName, int depth) {
            if (member != null && examples.containsKey(member)) {
                return examples.get(member).deepCopy();
            }
            ServiceModel.Shape s = MODEL.shape(shapeName);
            switch (s.type()) {
                case "string":
                    return NODES.textNode(string(path, s));
                case "boolean":
                    return NODES.booleanNode(true);
                case "integer":
                case "long":
                    return NODES.numberNode(number(s).longValueExact());
                case "float":
                case "double":
                    return NODES.numberNode(number(s).doubleValue());
                case "timestamp":
                    return NODES.numberNode(TIMESTAMP);
                case "list": {
                    ArrayNode a = NODES.arrayNode();
                    int size = Math.max(1, s.min() == null ? 0 : s.min().intValue());
                    for (int i = 0; i < size; i++) {
                        a.add(value(path + "[" + i + "]", null, s.member(), depth + 1));
                    }
                    return a;
                }
                case "map": {
                    ObjectNode m = NODES.objectNode();
                    m.set(value(path + "{key}", null, s.key(), depth + 1).asText(),
                            value(path + "{value}", null, s.value(), depth + 1));
                    return m;
                }
                case "structure": {
                    ObjectNode o = NODES.objectNode();
                    for (Map.Entry<String, String> e : s.members().entrySet()) {
                        boolean wanted = depth < MAX_DEPTH || s.required().contains(e.getKey());
                        if (wanted) {
                            o.set(e.getKey(), value(path + "." + e.getKey(), e.getKey(), e.getValue(), depth + 1));
                        }
                        if (s.union() && !o.isEmpty()) {
                            break;
                        }
                    }
                    return o;
                }
                default:
                    throw new AssertionError(path + ": no generator for shape type " + s.type() + " (" + shapeName + ")");
            }
        }

        private static BigDecimal number(ServiceModel.Shape s) {
            BigDecimal v = BigDecimal.ONE;
            if (s.min() != null && v.compareTo(s.min()) < 0) {
                v = s.min();
            }
            if (s.max() != null && v.compareTo(s.max()) > 0) {
                v = s.max();
            }
            return v;
        }

        private static String string(String path, ServiceModel.Shape s) {
            if (s.enumValues() != null) {
                return s.enumValues().get(0);
            }
            int min = s.min() == null ? 1 : Math.max(1, s.min().intValue());
            int max = s.max() == null ? Integer.MAX_VALUE : s.max().intValue();
            List<String> tries = new ArrayList<>();
            tries.add("a".repeat(min));
            for (String c : CANDIDATES) {
                tries.add(c.length() >= min ? c : c + "a".repeat(min - c.length()));
            }
            for (String t : tries) {
                if (t.length() <= max && (s.pattern() == null || MODEL.pattern(s).matcher(t).matches())) {
                    return t;
                }
            }
            throw new AssertionError(path + " (shape " + s.name() + ", pattern " + s.pattern() + ", length " + min
                    + ".." + max + "): no generated value fits; give the member an example in EXAMPLES");
        }
    }
}
