package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.WireValues.epochSeconds;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.key;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Hosting's endpoint configurations: {@code CreateEndpointConfig}, {@code DescribeEndpointConfig},
 * {@code DeleteEndpointConfig}, {@code ListEndpointConfigs}. Facts (shared/sagemaker/README.md §4): an unknown
 * configuration is {@code Could not find endpoint configuration "<arn>".}, a duplicate name
 * {@code Cannot create already existing endpoint configuration "<arn>".}, a variant naming an unknown model
 * {@code Could not find model "<arn>".} (public tracebacks of CreateEndpointConfig); deleting a configuration an
 * endpoint uses is allowed and "only loses visibility". <b>Design choices</b>:
 * <ul>
 *   <li>Each production variant (and shadow variant) names an existing {@code ModelName}, and is either
 *       instance-based ({@code InstanceType} or {@code InstancePools}, and {@code InitialInstanceCount}) or serverless
 *       ({@code ServerlessConfig}), never both; one configuration does not mix the two; variant names are unique
 *       within a configuration. Otherwise {@code ValidationException}.</li>
 *   <li>An {@code ExecutionRoleArn} must name a role that exists, as for {@code CreateModel}.</li>
 *   <li>{@code DescribeEndpointConfig} echoes the request's members (without {@code Tags}); the variants keep the
 *       defaults unset (the service's defaults, such as weight 1.0, show on the endpoint).</li>
 *   <li>{@code ListEndpointConfigs}: {@code SortBy} Name|CreationTime (default CreationTime), {@code SortOrder}
 *       default Descending (the model); {@code NameContains} ignores case; time filters are strict.</li>
 * </ul>
 */
public final class EndpointConfigs implements ResourceFamily {

    /** A stored endpoint configuration. */
    static final class Config {
        final String name;
        final String arn;
        final Instant created;
        final long seq;
        /** The DescribeEndpointConfig document without CreationTime. */
        final ObjectNode doc;
        final Map<String, String> tags;

        Config(String name, String arn, Instant created, long seq, ObjectNode doc, Map<String, String> tags) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.seq = seq;
            this.doc = doc;
            this.tags = tags;
        }
    }

    private final SageMakerContext context;
    private final Models models;
    private final Map<String, Config> configs = new LinkedHashMap<>();

    public EndpointConfigs(SageMakerContext context, Models models) {
        this.context = context;
        this.models = models;
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("CreateEndpointConfig", this::create);
        table.accept("DescribeEndpointConfig", (caller, r) -> {
            Config c = require(r.get("EndpointConfigName").asText());
            ObjectNode o = c.doc.deepCopy();
            o.set("CreationTime", epochSeconds(c.created));
            return o;
        });
        table.accept("DeleteEndpointConfig", (caller, r) -> {
            configs.remove(key(require(r.get("EndpointConfigName").asText()).name));
            return null;
        });
        table.accept("ListEndpointConfigs", this::list);
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        return "endpoint-config".equals(arn.type()) ? Optional.of(require(arn.resource()).tags) : Optional.empty();
    }

    @Override
    public void reset() {
        configs.clear();
    }

    /** The configuration of that name; callers hold the service lock. */
    Config require(String name) {
        Config c = configs.get(key(name));
        if (c == null) {
            throw ServiceError.validation("Could not find endpoint configuration \""
                    + context.hostingArn("endpoint-config", name) + "\".");
        }
        return c;
    }

    private ObjectNode create(Caller caller, ObjectNode r) {
        String name = r.get("EndpointConfigName").asText();
        String arn = context.hostingArn("endpoint-config", name);
        if (configs.containsKey(key(name))) {
            throw ServiceError.validation("Cannot create already existing endpoint configuration \"" + arn + "\".");
        }
        checkVariants(r.get("ProductionVariants"), "ProductionVariants");
        if (r.has("ShadowProductionVariants")) {
            checkVariants(r.get("ShadowProductionVariants"), "ShadowProductionVariants");
        }
        String role = text(r, "ExecutionRoleArn");
        if (role != null && !context.neighbours().roleExists(role)) {
            throw Models.couldNotAssume(role);
        }
        ObjectNode doc = NODES.objectNode();
        r.properties().forEach(e -> {
            if (!"Tags".equals(e.getKey())
                    && context.model().shape("DescribeEndpointConfigOutput").members().containsKey(e.getKey())) {
                doc.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        doc.put("EndpointConfigArn", arn);
        configs.put(key(name), new Config(name, arn, context.now(), context.nextSequence(), doc,
                Tags.fromRequest(r.get("Tags"))));
        return NODES.objectNode().put("EndpointConfigArn", arn);
    }

    private void checkVariants(JsonNode variants, String member) {
        Set<String> names = new HashSet<>();
        Boolean serverless = null;
        for (JsonNode v : variants) {
            String name = v.get("VariantName").asText();
            if (!names.add(name)) {
                throw ServiceError.validation(member + " repeats the variant name " + name
                        + "; variant names must be unique within an endpoint configuration.");
            }
            String model = text(v, "ModelName");
            if (model == null) {
                throw ServiceError.validation("Production variant " + name + " needs a ModelName.");
            }
            models.require(model);
            boolean isServerless = v.has("ServerlessConfig");
            boolean hasType = v.has("InstanceType") || v.has("InstancePools");
            if (isServerless && (hasType || v.has("InitialInstanceCount"))) {
                throw ServiceError.validation("Production variant " + name + " specifies both a ServerlessConfig "
                        + "and instances; specify one of them.");
            }
            if (!isServerless && !(hasType && v.has("InitialInstanceCount"))) {
                throw ServiceError.validation("Production variant " + name + " needs an InstanceType and an "
                        + "InitialInstanceCount, or a ServerlessConfig.");
            }
            if (serverless != null && serverless != isServerless) {
                throw ServiceError.validation("An endpoint configuration cannot mix serverless and instance-based "
                        + "production variants.");
            }
            serverless = isServerless;
        }
    }

    private ObjectNode list(Caller caller, ObjectNode r) {
        List<Config> items = configs.values().stream()
                .filter(Members.<Config>nameContains(r, c -> c.name).and(Members.createdWithin(r, c -> c.created)))
                .toList();
        return Pagination.page(r, "EndpointConfigs", items,
                c -> new Pagination.SortKey(key(c.name), c.created.toEpochMilli(), c.seq),
                Pagination.order("Name".equals(text(r, "SortBy")) ? Pagination.BY_TEXT : Pagination.BY_NUMBER,
                        text(r, "SortOrder"), "Descending"),
                c -> {
                    ObjectNode s = NODES.objectNode().put("EndpointConfigName", c.name).put("EndpointConfigArn", c.arn);
                    s.set("CreationTime", epochSeconds(c.created));
                    return s;
                });
    }
}
