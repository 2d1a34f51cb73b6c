package io.jenkins.plugins.registrygate.emulator;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Neighbours a test scripts: everything exists and every alarm named is {@code OK} unless the test says otherwise.
 * Stands in for the real S3, ECR, IAM and CloudWatch of the emulator where a SageMaker test wants one fact changed.
 */
final class ScriptedNeighbours implements Neighbours {

    private final Set<String> missingObjects = ConcurrentHashMap.newKeySet();
    private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    private final Set<String> missingRoles = ConcurrentHashMap.newKeySet();
    private final Set<String> missingAlarms = ConcurrentHashMap.newKeySet();
    private final Map<String, String> alarmStates = new ConcurrentHashMap<>();

    ScriptedNeighbours withoutObject(String s3Uri) {
        missingObjects.add(s3Uri);
        return this;
    }

    ScriptedNeighbours withObject(String s3Uri) {
        missingObjects.remove(s3Uri);
        return this;
    }

    ScriptedNeighbours withoutImage(String imageUri) {
        missingImages.add(imageUri);
        return this;
    }

    ScriptedNeighbours withoutRole(String roleArn) {
        missingRoles.add(roleArn);
        return this;
    }

    ScriptedNeighbours withoutAlarm(String name) {
        missingAlarms.add(name);
        return this;
    }

    /** Puts an alarm into a state: {@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}. */
    ScriptedNeighbours alarm(String name, String state) {
        alarmStates.put(name, state);
        return this;
    }

    @Override
    public boolean objectExists(String s3Uri) {
        return !missingObjects.contains(s3Uri);
    }

    /** An {@code S3Prefix} URI named by {@link #withoutObject} is an empty prefix. */
    @Override
    public boolean prefixHasObjects(String s3Uri) {
        return !missingObjects.contains(s3Uri);
    }

    @Override
    public boolean imageExists(String imageUri) {
        return !missingImages.contains(imageUri);
    }

    @Override
    public boolean roleExists(String roleArn) {
        return !missingRoles.contains(roleArn);
    }

    @Override
    public Optional<String> alarmState(String alarmName) {
        return missingAlarms.contains(alarmName) ? Optional.empty()
                : Optional.of(alarmStates.getOrDefault(alarmName, "OK"));
    }
}
