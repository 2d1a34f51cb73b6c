package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint configuration as an endpoint runs it, the "blue" (serving) or "green" (being deployed) fleet of the
 * deployment guardrails documentation. It is a copy taken when the deployment starts, models resolved, so deleting
 * the configuration or a model afterwards changes nothing an endpoint shows.
 */
final class Fleet {

    /**
     * One production variant of the fleet. Serverless variants have no instances; their capacity is counted in
     * percent (100 units), so traffic-shifting sizes apply to them as {@code CAPACITY_PERCENT}.
     */
    record Variant(String name, double weight, int units, boolean serverless, String instanceType,
                   ObjectNode serverlessConfig, List<Models.Artifacts> artifacts, List<String> roles,
                   ObjectNode routingConfig, ObjectNode managedInstanceScaling) {

        /** How a status message names {@code u} units of this variant's capacity. */
        String capacity(int u) {
            return serverless ? u + "% of serverless capacity" : u + " instance(s)";
        }

        /** Inf1 (Inferentia) instances, which deployment guardrails exclude. */
        boolean isInf1() {
            return instanceType != null && instanceType.startsWith("ml.inf1.");
        }
    }

    final String configName;
    final List<Variant> variants;
    /** The configuration's DataCaptureConfig, or null. */
    final ObjectNode dataCapture;
    /** AsyncInferenceConfig, ExplainerConfig and MetricsConfig, as DescribeEndpoint echoes them. */
    final ObjectNode extras;
    /** When the fleet's images were resolved (the end of its launch), or null before. */
    Instant launchedAt;

    private Fleet(String configName, List<Variant> variants, ObjectNode dataCapture, ObjectNode extras) {
        this.configName = configName;
        this.variants = List.copyOf(variants);
        this.dataCapture = dataCapture;
        this.extras = extras;
    }

    /** The fleet a stored configuration describes. Callers hold the service lock. */
    static Fleet of(EndpointConfigs.Config config, Models models) {
        List<Variant> variants = new ArrayList<>();
        for (JsonNode v : config.doc.get("ProductionVariants")) {
            Models.Model model = models.require(v.get("ModelName").asText());
            boolean serverless = v.has("ServerlessConfig");
            String type = text(v, "InstanceType");
            if (type == null && v.has("InstancePools")) {
                type = v.get("InstancePools").get(0).path("InstanceType").asText(null);
            }
            List<String> roles = new ArrayList<>();
            model.executionRole.ifPresent(roles::add);
            String configRole = text(config.doc, "ExecutionRoleArn");
            if (configRole != null && !roles.contains(configRole)) {
                roles.add(configRole);
            }
            variants.add(new Variant(v.get("VariantName").asText(), v.path("InitialVariantWeight").asDouble(1.0),
                    serverless ? 100 : v.get("InitialInstanceCount").asInt(), serverless, serverless ? null : type,
                    serverless ? (ObjectNode) v.get("ServerlessConfig").deepCopy() : null, model.artifacts, roles,
                    v.has("RoutingConfig") ? (ObjectNode) v.get("RoutingConfig").deepCopy() : null,
                    v.has("ManagedInstanceScaling") ? (ObjectNode) v.get("ManagedInstanceScaling").deepCopy() : null));
        }
        ObjectNode extras = Members.NODES.objectNode();
        for (String member : List.of("AsyncInferenceConfig", "ExplainerConfig", "MetricsConfig")) {
            if (config.doc.has(member)) {
                extras.set(member, config.doc.get(member).deepCopy());
            }
        }
        ObjectNode capture = config.doc.has("DataCaptureConfig")
                ? (ObjectNode) config.doc.get("DataCaptureConfig").deepCopy() : null;
        return new Fleet(config.name, variants, capture, extras);
    }

    /**
     * This fleet with the current fleet's instance counts and weights kept for variants of the same name
     * ({@code RetainAllVariantProperties}), except the properties listed in {@code excluded}
     * ({@code DesiredInstanceCount}, {@code DesiredWeight}).
     */
    Fleet retaining(Fleet current, Set<String> excluded) {
        List<Variant> kept = new ArrayList<>();
        for (Variant v : variants) {
            Optional<Variant> old = current.variant(v.name());
            int units = v.units();
            double weight = v.weight();
            if (old.isPresent() && old.get().serverless() == v.serverless()) {
                if (!v.serverless() && !excluded.contains("DesiredInstanceCount")) {
                    units = old.get().units();
                }
                if (!excluded.contains("DesiredWeight")) {
                    weight = old.get().weight();
                }
            }
            kept.add(new Variant(v.name(), weight, units, v.serverless(), v.instanceType(), v.serverlessConfig(),
                    v.artifacts(), v.roles(), v.routingConfig(), v.managedInstanceScaling()));
        }
        return new Fleet(configName, kept, dataCapture, extras);
    }

    Optional<Variant> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
