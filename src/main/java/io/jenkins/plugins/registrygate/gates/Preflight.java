package io.jenkins.plugins.registrygate.gates;

import java.util.List;
import java.util.Optional;

/**
 * The gate's checks of what the deployment depends on outside the registry, made with the deploying identity before
 * anything changes: for every container of the version, its model data in S3 (and its KMS key) and its image in ECR;
 * then the execution role in IAM and the rollback alarms in CloudWatch. Each is reported on its own, and a check the
 * identity may not make is reported as {@link CheckOutcome#NOT_PERMITTED}, never as a pass.
 */
@FunctionalInterface
public interface Preflight {

    /** {@code S3DataType} of model data given as a {@code ModelDataUrl}, or as an {@code S3Object} data source. */
    String S3_OBJECT = "S3Object";
    /** {@code S3DataType} of model data that is every object under a key name prefix. */
    String S3_PREFIX = "S3Prefix";

    /**
     * One place a container's model data comes from, as the package names it.
     *
     * @param uri        the {@code s3://} (or {@code https://}) URI
     * @param s3DataType {@link #S3_OBJECT}, {@link #S3_PREFIX}, or what else the registry says
     * @param member     the package member it was read from: {@code ModelDataUrl} or {@code ModelDataSource}
     */
    record ModelData(String uri, String s3DataType, String member) {}

    /**
     * One container of the version's inference specification.
     *
     * @param position  1 for the first container
     * @param hostname  its {@code ContainerHostname}, "" when it has none
     * @param image     its image URI, "" when it names none
     * @param modelData where its model data comes from; empty when the image carries the model
     */
    record Container(int position, String hostname, String image, List<ModelData> modelData) {
        public Container {
            modelData = List.copyOf(modelData);
        }

        /** How results name it when the version has several: {@code container 2 (ranker)}. */
        public String label() {
            return "container " + position + (hostname.isEmpty() ? "" : " (" + hostname + ")");
        }
    }

    /**
     * What the checks look at.
     *
     * @param containers          the version's containers, in order
     * @param registeredDigest    the version's {@code image:digest} metadata, recorded at registration, if any
     * @param executionRoleArn    the role SageMaker will run the model as
     * @param alarms              the alarms named for auto-rollback
     */
    record Subject(List<Container> containers, Optional<String> registeredDigest, String executionRoleArn, List<String> alarms) {
        public Subject {
            containers = List.copyOf(containers);
            alarms = List.copyOf(alarms);
        }
    }

    /**
     * The results: for each container, model artifact, artifact key (per model-data location) and image, each naming
     * the container when there are several; then execution role and alarms.
     */
    List<GateCheckResult> check(Subject subject);
}
