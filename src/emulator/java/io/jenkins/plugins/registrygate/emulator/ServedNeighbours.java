package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.cloudwatch.CloudWatchService;
import io.jenkins.plugins.registrygate.emulator.ecr.EcrService;
import io.jenkins.plugins.registrygate.emulator.iam.IamService;
import io.jenkins.plugins.registrygate.emulator.s3.S3Service;

import java.util.Objects;
import java.util.Optional;

/** {@link Neighbours} answered by the services the emulator serves: what a service sees is what the SDKs see. */
final class ServedNeighbours implements Neighbours {

    private final S3Service s3;
    private final EcrService ecr;
    private final IamService iam;
    private final CloudWatchService cloudWatch;

    ServedNeighbours(S3Service s3, EcrService ecr, IamService iam, CloudWatchService cloudWatch) {
        this.s3 = Objects.requireNonNull(s3);
        this.ecr = Objects.requireNonNull(ecr);
        this.iam = Objects.requireNonNull(iam);
        this.cloudWatch = Objects.requireNonNull(cloudWatch);
    }

    @Override
    public boolean objectExists(String s3Uri) {
        return s3.objectExists(s3Uri);
    }

    @Override
    public boolean prefixHasObjects(String s3Uri) {
        return s3.prefixHasObjects(s3Uri);
    }

    @Override
    public boolean imageExists(String imageUri) {
        return ecr.imageExists(imageUri);
    }

    @Override
    public boolean roleExists(String roleArn) {
        return iam.roleByArn(roleArn).isPresent();
    }

    @Override
    public Optional<String> alarmState(String alarmName) {
        return cloudWatch.alarmState(alarmName);
    }
}
