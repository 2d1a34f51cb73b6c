package io.jenkins.plugins.registrygate.gates;

import java.util.List;

/**
 * The gate's checks of what the deployment depends on outside the registry, made with the deploying identity before
 * anything changes: the model artifact in S3 (and its KMS key), the image in ECR, the execution role in IAM and the
 * rollback alarms in CloudWatch. Each is reported on its own, and a check the identity may not make is reported as
 * {@link CheckOutcome#NOT_PERMITTED}, never as a pass.
 */
@FunctionalInterface
public interface Preflight {

    /** What the checks look at. */
    record Subject(String modelDataUrl, String imageUri, String executionRoleArn, List<String> alarms) {
        public Subject {
            alarms = List.copyOf(alarms);
        }
    }

    /** One result per check: model artifact, artifact key, image, execution role, alarms. */
    List<GateCheckResult> check(Subject subject);
}
