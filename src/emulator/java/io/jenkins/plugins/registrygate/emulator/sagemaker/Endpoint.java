package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.WireValues.epochSeconds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.Phase;
import io.jenkins.plugins.registrygate.emulator.sagemaker.Rollout.View;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * One endpoint's state: the fleet serving, the operation in progress ({@link Rollout}) and what is settled
 * ({@code InService}, {@code Failed}, {@code UpdateRollbackFailed}). {@link Endpoints} moves it along the clock;
 * this class renders it as {@code DescribeEndpoint} and {@code ListEndpoints} show it.
 */
final class Endpoint {

    final String name;
    final String arn;
    final Instant created;
    final long seq;
    final Map<String, String> tags;
    /** The fleet CreateEndpoint deployed (shown while Creating, and after a failed creation). */
    final Fleet initial;
    Instant lastModified;
    /** The status when no operation is in progress. */
    String settled = "InService";
    /** The fleet taking traffic; null until the creation succeeded. */
    Fleet serving;
    String failureReason;
    /** LastDeploymentConfig; null for none. */
    ObjectNode deploymentConfig;
    Rollout rollout;
    /** Up to when the endpoint has been moved along the clock (alarms seen after it apply from it). */
    Instant observedAt;
    /** Set by a test hook: the endpoint's rollbacks fail, ending in UpdateRollbackFailed with this reason. */
    String rollbackFailure;
    /** For UpdateRollbackFailed: the new fleet that still serves part of the traffic, and the mix at the failure. */
    Fleet mixedGreen;
    Phase mixed;
    Instant mixedSince;
    Instant mixedDeploymentStart;
    boolean deleted;

    Endpoint(String name, String arn, Instant created, long seq, Map<String, String> tags, Fleet initial) {
        this.name = name;
        this.arn = arn;
        this.created = created;
        this.seq = seq;
        this.tags = tags;
        this.initial = initial;
        this.lastModified = created;
        this.observedAt = created;
    }

    String status() {
        return rollout != null ? rollout.kind.endpointStatus : settled;
    }

    boolean inProgress() {
        return rollout != null;
    }

    ObjectNode summary() {
        ObjectNode o = NODES.objectNode().put("EndpointName", name).put("EndpointArn", arn);
        o.set("CreationTime", epochSeconds(created));
        o.set("LastModifiedTime", epochSeconds(lastModified));
        o.put("EndpointStatus", status());
        return o;
    }

    ObjectNode describe() {
        ObjectNode o = NODES.objectNode().put("EndpointName", name).put("EndpointArn", arn);
        o.put("EndpointConfigName", serving != null ? serving.configName : initial.configName);
        Phase phase = rollout != null ? rollout.phase() : "UpdateRollbackFailed".equals(settled) ? mixed : null;
        if (serving != null) {
            Map<String, View> views = phase != null ? phase.blue() : Map.of();
            Instant since = rollout != null ? rollout.phaseStart : mixedSince;
            ArrayNode variants = o.putArray("ProductionVariants");
            for (Fleet.Variant v : serving.variants) {
                View view = views.getOrDefault(v.name(), new View(v.units(), 1, null, null));
                variants.add(variant(serving, v, view, since, false));
            }
            if (serving.dataCapture != null) {
                o.set("DataCaptureConfig", captureSummary(serving.dataCapture));
            }
        }
        o.put("EndpointStatus", status());
        if (failureReason != null) {
            o.put("FailureReason", failureReason);
        }
        o.set("CreationTime", epochSeconds(created));
        o.set("LastModifiedTime", epochSeconds(lastModified));
        if (deploymentConfig != null) {
            o.set("LastDeploymentConfig", deploymentConfig.deepCopy());
        }
        Fleet pending = rollout != null ? rollout.green : mixed != null && "UpdateRollbackFailed".equals(settled)
                ? mixedGreen : null;
        if (pending != null) {
            ObjectNode p = o.putObject("PendingDeploymentSummary");
            p.put("EndpointConfigName", pending.configName);
            ArrayNode variants = p.putArray("ProductionVariants");
            Instant since = rollout != null ? rollout.phaseStart : mixedSince;
            for (Fleet.Variant v : pending.variants) {
                View view = phase.green().getOrDefault(v.name(), new View(0, 0, null, null));
                variants.add(variant(pending, v, view, since, true));
            }
            p.set("StartTime", epochSeconds(rollout != null ? rollout.startedAt : mixedDeploymentStart));
        }
        Fleet shown = serving != null ? serving : initial;
        shown.extras.properties().forEach(e -> o.set(e.getKey(), e.getValue().deepCopy()));
        return o;
    }

    /** A ProductionVariantSummary, or a PendingProductionVariantSummary ({@code pending}). */
    private static ObjectNode variant(Fleet fleet, Fleet.Variant v, View view, Instant since, boolean pending) {
        ObjectNode s = NODES.objectNode().put("VariantName", v.name());
        if (fleet.launchedAt != null && view.running() > 0) {
            ArrayNode images = s.putArray("DeployedImages");
            for (Models.Artifacts a : v.artifacts()) {
                if (a.image() != null) {
                    ObjectNode i = images.addObject().put("SpecifiedImage", a.image())
                            .put("ResolvedImage", resolved(a.image()));
                    i.set("ResolutionTime", epochSeconds(fleet.launchedAt));
                }
            }
        }
        s.put("CurrentWeight", v.weight() * view.share());
        s.put("DesiredWeight", v.weight());
        if (v.serverless()) {
            if (view.running() > 0) {
                s.set("CurrentServerlessConfig", v.serverlessConfig().deepCopy());
            }
            s.set("DesiredServerlessConfig", v.serverlessConfig().deepCopy());
        } else {
            s.put("CurrentInstanceCount", view.running());
            s.put("DesiredInstanceCount", v.units());
            if (pending && v.instanceType() != null) {
                s.put("InstanceType", v.instanceType());
            }
        }
        if (view.status() != null) {
            ObjectNode st = s.putArray("VariantStatus").addObject().put("Status", view.status())
                    .put("StatusMessage", view.message());
            st.set("StartTime", epochSeconds(since));
        }
        if (v.managedInstanceScaling() != null) {
            s.set("ManagedInstanceScaling", v.managedInstanceScaling().deepCopy());
        }
        if (v.routingConfig() != null) {
            s.set("RoutingConfig", v.routingConfig().deepCopy());
        }
        return s;
    }

    /**
     * The image with its digest, as DeployedImages.ResolvedImage shows it. Design choice: an image given by tag gets
     * a digest derived from its name (the emulator has no registry to ask), so the same tag resolves the same way.
     */
    static String resolved(String image) {
        if (image.contains("@sha256:")) {
            return image;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String repository = colon > slash ? image.substring(0, colon) : image;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
            return repository + "@sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * DataCaptureConfigSummary of a DataCaptureConfig. Design choices: capture is enabled unless EnableCapture is
     * false; KmsKeyId, required in the summary, is "" when the configuration names none.
     */
    private static ObjectNode captureSummary(ObjectNode config) {
        boolean enabled = config.path("EnableCapture").asBoolean(true);
        ObjectNode s = NODES.objectNode().put("EnableCapture", enabled)
                .put("CaptureStatus", enabled ? "Started" : "Stopped")
                .put("CurrentSamplingPercentage", config.path("InitialSamplingPercentage").asInt())
                .put("DestinationS3Uri", config.path("DestinationS3Uri").asText())
                .put("KmsKeyId", config.path("KmsKeyId").asText(""));
        return s;
    }
}
