package io.jenkins.plugins.registrygate.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.Alarm;
import software.amazon.awssdk.services.sagemaker.model.AutoRollbackConfig;
import software.amazon.awssdk.services.sagemaker.model.BlueGreenUpdatePolicy;
import software.amazon.awssdk.services.sagemaker.model.CapacitySize;
import software.amazon.awssdk.services.sagemaker.model.CapacitySizeType;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.CreateEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateModelRequest;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DeploymentConfig;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.RollingUpdatePolicy;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfig;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfigType;
import software.amazon.awssdk.services.sagemaker.model.UpdateEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.VpcConfig;

/**
 * The exact changes one deployment makes: the model (a container naming the package), the endpoint configuration,
 * and the endpoint created or updated with the deployment guardrails asked for. Plan mode prints {@link #describe};
 * a rollout sends these very requests.
 */
public final class RolloutPlan {

    private final DeploymentRequest request;
    private final String modelPackageArn;
    private final ResourceNames names;
    private final Map<String, String> tags;

    /**
     * @param pluginTags the plugin's own tags ({@link DeploymentTags#of}), put on every resource with the pipeline's
     */
    public RolloutPlan(DeploymentRequest request, String modelPackageArn, ResourceNames names, Map<String, String> pluginTags) {
        this.request = request;
        this.modelPackageArn = modelPackageArn;
        this.names = names;
        Map<String, String> t = new LinkedHashMap<>(request.tags());
        t.putAll(pluginTags);
        this.tags = Map.copyOf(t);
    }

    public ResourceNames names() {
        return names;
    }

    public String modelPackageArn() {
        return modelPackageArn;
    }

    public CreateModelRequest createModel() {
        ContainerDefinition.Builder container = ContainerDefinition.builder().modelPackageName(modelPackageArn);
        if (!request.environment().isEmpty()) {
            container.environment(request.environment());
        }
        CreateModelRequest.Builder b = CreateModelRequest.builder()
                .modelName(names.modelName())
                .containers(container.build())
                .executionRoleArn(request.executionRoleArn())
                .tags(tagList());
        if (!request.subnets().isEmpty()) {
            b.vpcConfig(VpcConfig.builder().subnets(request.subnets()).securityGroupIds(request.securityGroupIds()).build());
        }
        return b.build();
    }

    public CreateEndpointConfigRequest createEndpointConfig() {
        ProductionVariant.Builder v = ProductionVariant.builder()
                .variantName(request.capacity().variantName())
                .modelName(names.modelName())
                .initialVariantWeight(1.0f);
        if (request.capacity() instanceof Capacity.Instances i) {
            v.instanceType(i.instanceType()).initialInstanceCount(i.instanceCount());
        } else if (request.capacity() instanceof Capacity.Serverless s) {
            v.serverlessConfig(c -> c.memorySizeInMB(s.memorySizeInMb()).maxConcurrency(s.maxConcurrency()));
        }
        CreateEndpointConfigRequest.Builder b = CreateEndpointConfigRequest.builder()
                .endpointConfigName(names.endpointConfigName())
                .productionVariants(v.build())
                .tags(tagList());
        request.dataCapture().ifPresent(d -> b.dataCaptureConfig(DataCaptureConfig.builder()
                .enableCapture(true)
                .initialSamplingPercentage(d.samplingPercentage())
                .destinationS3Uri(d.s3Uri())
                .captureOptions(o -> o.captureMode(CaptureMode.INPUT), o -> o.captureMode(CaptureMode.OUTPUT))
                .build()));
        return b.build();
    }

    /** A new endpoint: created on the configuration; the guardrails are stored for its later updates. */
    public CreateEndpointRequest createEndpoint() {
        CreateEndpointRequest.Builder b = CreateEndpointRequest.builder()
                .endpointName(request.endpointName())
                .endpointConfigName(names.endpointConfigName())
                .tags(tagList());
        deploymentConfig().ifPresent(b::deploymentConfig);
        return b.build();
    }

    /** An existing endpoint: moved to the configuration with the guardrails asked for. */
    public UpdateEndpointRequest updateEndpoint() {
        UpdateEndpointRequest.Builder b = UpdateEndpointRequest.builder()
                .endpointName(request.endpointName())
                .endpointConfigName(names.endpointConfigName())
                // The guardrails of this update are sent with it, never the ones an earlier deployment left behind.
                .retainDeploymentConfig(false);
        deploymentConfig().ifPresent(b::deploymentConfig);
        return b.build();
    }

    /** The guardrails; none for a plain all-at-once update without alarms or waits (SageMaker's default). */
    Optional<DeploymentConfig> deploymentConfig() {
        TrafficShifting t = request.traffic();
        boolean plain = t.mode() == TrafficShifting.Mode.ALL_AT_ONCE && t.alarms().isEmpty() && t.waitInterval().isZero()
                && t.terminationWait().isZero() && t.maximumExecution().isEmpty();
        if (plain) {
            return Optional.empty();
        }
        DeploymentConfig.Builder d = DeploymentConfig.builder();
        if (t.mode() == TrafficShifting.Mode.ROLLING) {
            RollingUpdatePolicy.Builder r = RollingUpdatePolicy.builder()
                    .maximumBatchSize(capacity(t.size().orElseThrow()))
                    .waitIntervalInSeconds((int) t.waitInterval().toSeconds());
            t.maximumExecution().ifPresent(m -> r.maximumExecutionTimeoutInSeconds((int) m.toSeconds()));
            t.rollbackSize().ifPresent(s -> r.rollbackMaximumBatchSize(capacity(s)));
            d.rollingUpdatePolicy(r.build());
        } else {
            TrafficRoutingConfig.Builder routing = TrafficRoutingConfig.builder()
                    .waitIntervalInSeconds((int) t.waitInterval().toSeconds());
            switch (t.mode()) {
                case CANARY -> routing.type(TrafficRoutingConfigType.CANARY).canarySize(capacity(t.size().orElseThrow()));
                case LINEAR -> routing.type(TrafficRoutingConfigType.LINEAR).linearStepSize(capacity(t.size().orElseThrow()));
                default -> routing.type(TrafficRoutingConfigType.ALL_AT_ONCE);
            }
            BlueGreenUpdatePolicy.Builder bg = BlueGreenUpdatePolicy.builder()
                    .trafficRoutingConfiguration(routing.build())
                    .terminationWaitInSeconds((int) t.terminationWait().toSeconds());
            t.maximumExecution().ifPresent(m -> bg.maximumExecutionTimeoutInSeconds((int) m.toSeconds()));
            d.blueGreenUpdatePolicy(bg.build());
        }
        if (!t.alarms().isEmpty()) {
            d.autoRollbackConfiguration(AutoRollbackConfig.builder()
                    .alarms(t.alarms().stream().map(a -> Alarm.builder().alarmName(a).build()).toList()).build());
        }
        return Optional.of(d.build());
    }

    private static CapacitySize capacity(TrafficShifting.Size s) {
        return CapacitySize.builder().type(s.percent() ? CapacitySizeType.CAPACITY_PERCENT : CapacitySizeType.INSTANCE_COUNT)
                .value(s.value()).build();
    }

    private List<Tag> tagList() {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * The changes in words, for plan mode and the console.
     *
     * @param current what serves the endpoint now, if it exists
     */
    public List<String> describe(Optional<ServingState> current) {
        List<String> lines = new ArrayList<>();
        lines.add("create model " + names.modelName() + " from " + modelPackageArn + ", running as " + request.executionRoleArn()
                + (request.subnets().isEmpty() ? "" : " in subnets " + request.subnets() + " with security groups " + request.securityGroupIds())
                + (request.environment().isEmpty() ? "" : " with environment " + request.environment().keySet()));
        lines.add("create endpoint configuration " + names.endpointConfigName() + ": variant " + request.capacity().variantName() + " on "
                + capacityText()
                + request.dataCapture().map(d -> ", capturing " + d.samplingPercentage() + "% of requests to " + d.s3Uri()).orElse(""));
        if (current.isEmpty()) {
            lines.add("create endpoint " + request.endpointName() + " on it"
                    + (deploymentConfig().isPresent() ? " (guardrails stored for later updates: " + guardrails() + ")" : ""));
        } else {
            ServingState s = current.get();
            lines.add("update endpoint " + request.endpointName() + " from configuration " + s.endpointConfigName()
                    + " (serving " + String.join(", ", s.modelPackageArns()) + ") to " + names.endpointConfigName() + ": " + guardrails());
        }
        return lines;
    }

    private String capacityText() {
        if (request.capacity() instanceof Capacity.Serverless s) {
            return "serverless capacity (" + s.memorySizeInMb() + " MB, up to " + s.maxConcurrency() + " concurrent)";
        }
        Capacity.Instances i = (Capacity.Instances) request.capacity();
        return i.instanceCount() + " x " + i.instanceType();
    }

    /** The update's traffic shifting in words. */
    public String guardrails() {
        TrafficShifting t = request.traffic();
        String how = switch (t.mode()) {
            case ALL_AT_ONCE -> "blue/green, all traffic at once" + (t.waitInterval().isZero() ? "" : ", baking " + fmt(t.waitInterval()));
            case CANARY -> "blue/green canary of " + t.size().orElseThrow() + ", baking " + fmt(t.waitInterval()) + ", then the rest";
            case LINEAR -> "blue/green in linear steps of " + t.size().orElseThrow() + ", baking " + fmt(t.waitInterval()) + " each";
            case ROLLING -> "rolling update in batches of " + t.size().orElseThrow() + ", waiting " + fmt(t.waitInterval()) + " between"
                    + t.rollbackSize().map(r -> ", rolling back " + r + " at a time").orElse("");
        };
        if (t.mode() != TrafficShifting.Mode.ROLLING && !t.terminationWait().isZero()) {
            how += ", old fleet kept " + fmt(t.terminationWait());
        }
        how += t.maximumExecution().map(m -> ", at most " + fmt(m)).orElse("");
        how += t.alarms().isEmpty() ? ", no rollback alarms" : ", rolled back if any of " + t.alarms() + " goes into ALARM";
        return how;
    }

    private static String fmt(java.time.Duration d) {
        return io.jenkins.plugins.registrygate.validation.Durations.format(d);
    }
}
