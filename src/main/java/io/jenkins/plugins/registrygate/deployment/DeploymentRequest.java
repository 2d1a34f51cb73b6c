package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.gates.GatePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated deployment: which version, to which endpoint, on what capacity, as which role, behind which gate, with
 * which traffic shifting. Built by {@link DeploymentParameters#toRequest} with every problem named before any AWS
 * call; never persisted (the step's parameters and the defaults captured at its first start rebuild it).
 */
public record DeploymentRequest(
        PackageSelector target,
        String endpointName,
        Capacity capacity,
        String executionRoleArn,
        List<String> subnets,
        List<String> securityGroupIds,
        Map<String, String> environment,
        Optional<DataCapture> dataCapture,
        Map<String, String> tags,
        GatePolicy gate,
        TrafficShifting traffic,
        boolean plan,
        IfBusy ifBusy,
        Duration timeout) {

    public DeploymentRequest {
        subnets = List.copyOf(subnets);
        securityGroupIds = List.copyOf(securityGroupIds);
        environment = Map.copyOf(environment);
        tags = Map.copyOf(tags);
    }

    /** Requests to the endpoint are captured to S3 at this sampling percentage. */
    public record DataCapture(String s3Uri, int samplingPercentage) {}

    /** What to do when the endpoint is already being changed by someone else. */
    public enum IfBusy {
        /** Wait until it settles, then deploy. */
        WAIT,
        /** Fail the step at once. */
        FAIL
    }
}
