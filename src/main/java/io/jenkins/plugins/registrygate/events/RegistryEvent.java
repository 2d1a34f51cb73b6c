package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One EventBridge event as the plugin reads it: its envelope ({@code id}, {@code source}, {@code detail-type},
 * {@code time}, {@code account}, {@code region}) and the model package versions it names. What it says about a version
 * (its approval status in {@link ModelPackageRef#approvalStatus()}) is a claim: the plugin decides nothing on it, it
 * reads the registry. Never persisted.
 *
 * @param packages the versioned model packages the event names: the one of a model package state change; those a
 *     model card's detail names (possibly none); none for a heartbeat
 */
public record RegistryEvent(String id, Kind kind, String source, String detailType, Instant time, String account,
                            String region, List<ModelPackageRef> packages) {

    /** What the event is about. */
    public enum Kind {
        /** {@code aws.sagemaker} "SageMaker Model Package State Change": a version was created or changed. */
        MODEL_PACKAGE_STATE_CHANGE("SageMaker Model Package State Change"),
        /** {@code aws.sagemaker} "SageMaker Model Card State Change". */
        MODEL_CARD_STATE_CHANGE("SageMaker Model Card State Change"),
        /** {@code aws.events} "Scheduled Event" from a scheduled rule: only says that events still arrive. */
        HEARTBEAT("Scheduled Event");

        private final String detailType;

        Kind(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    public RegistryEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        packages = List.copyOf(packages);
    }
}
