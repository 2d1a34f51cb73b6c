package io.jenkins.plugins.registrygate.emulator;

import java.util.Optional;

/**
 * What one emulated service may ask of the others, as the real services depend on each other: a SageMaker endpoint
 * pulls its model data from S3 and its image from ECR and runs as its execution role, and a guarded deployment rolls
 * back when a CloudWatch alarm fires. Lookups only: a service never changes another's state.
 */
public interface Neighbours {

    /** Does the object of an {@code s3://bucket/key} URI exist? */
    boolean objectExists(String s3Uri);

    /** Is there at least one object under the key name prefix of an {@code s3://bucket/prefix/} URI? */
    boolean prefixHasObjects(String s3Uri);

    /** Does the image exist in ECR: {@code <account>.dkr.ecr.<region>.amazonaws.com/<repo>(:<tag>|@sha256:<digest>)}? */
    boolean imageExists(String imageUri);

    /** Does the IAM role exist? */
    boolean roleExists(String roleArn);

    /** The state of a CloudWatch metric or composite alarm ({@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}), if it exists. */
    Optional<String> alarmState(String alarmName);

    /** Every lookup answers yes, every alarm is OK: for a service tested on its own. */
    Neighbours PERMISSIVE = new Neighbours() {
        @Override
        public boolean objectExists(String s3Uri) {
            return true;
        }

        @Override
        public boolean prefixHasObjects(String s3Uri) {
            return true;
        }

        @Override
        public boolean imageExists(String imageUri) {
            return true;
        }

        @Override
        public boolean roleExists(String roleArn) {
            return true;
        }

        @Override
        public Optional<String> alarmState(String alarmName) {
            return Optional.of("OK");
        }
    };
}
