package io.jenkins.plugins.registrygate.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone emulator: {@code java -jar registry-gate-emulator.jar [options]} serves every emulated AWS service
 * (SageMaker, S3, ECR, IAM, STS, CloudWatch, KMS) on one port of 127.0.0.1 until the process is stopped, for
 * Jenkinsfiles, the AWS CLI or boto3. Prints {@code SAGEMAKER_EMULATOR_ENDPOINT=http://127.0.0.1:<port>} on the first
 * line of standard output.
 */
public final class SageMakerEmulatorMain {

    static final String USAGE = """
            Usage: java -jar registry-gate-emulator.jar [options]
            Serves SageMaker, S3, ECR, IAM, STS, CloudWatch and KMS on one port of 127.0.0.1, each request routed by
            the service its SigV4 signature names. Point any AWS SDK or the AWS CLI at it, for example with
            AWS_ENDPOINT_URL=http://127.0.0.1:<port> (S3 clients address buckets path-style at an IP endpoint).
              --port N                       port on 127.0.0.1 (default 0: a free one)
              --region R                     region of the ARNs (default us-east-1)
              --account-id A                 12-digit account of the ARNs (default 123456789012)
              --strict-credentials           refuse access keys the emulator did not issue
              --lower-case-arns              return ARNs with lower-cased resource names
              --client-token-lifetime D      forget client tokens after D (ISO-8601, e.g. PT1H; default: never)
              --package-completion-delay D   new model package versions stay InProgress for D (e.g. PT30S)
              --metadata-updates merge|replace  how UpdateModelPackage treats CustomerMetadataProperties
            """;

    private SageMakerEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SageMakerEmulator.Builder b;
        try {
            b = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        SageMakerEmulator emu = b.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stopped.countDown();
        }));
        System.out.println("SAGEMAKER_EMULATOR_ENDPOINT=" + emu.endpoint());
        System.out.println("region=" + emu.region() + " account=" + emu.accountId() + " services="
                + String.join(",", emu.signingNames()) + " (stop with Ctrl-C)");
        System.out.flush();
        stopped.await();
    }

    static SageMakerEmulator.Builder parse(String[] args) {
        SageMakerEmulator.Builder b = SageMakerEmulator.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--strict-credentials" -> b.strictCredentials(true);
                case "--lower-case-arns" -> b.lowerCaseArns(true);
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> {
                    String value = ++i < args.length ? args[i] : null;
                    if (value == null) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    switch (option) {
                        case "--port" -> b.port(Integer.parseInt(value));
                        case "--region" -> b.region(value);
                        case "--account-id" -> b.accountId(value);
                        case "--client-token-lifetime" -> b.clientTokenLifetime(duration(option, value));
                        case "--package-completion-delay" -> b.completionDelay(duration(option, value));
                        case "--metadata-updates" -> b.metadataUpdates(
                                SageMakerBackend.MetadataUpdates.valueOf(value.toUpperCase(Locale.ROOT)));
                        default -> throw new IllegalArgumentException("Unknown option " + option);
                    }
                }
            }
        }
        return b;
    }

    private static Duration duration(String option, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 duration such as PT30S: " + value);
        }
    }
}
