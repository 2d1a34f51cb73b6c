package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;
import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone emulator: {@code java -jar registry-gate-emulator.jar [options]} serves every emulated AWS service
 * (SageMaker, S3, ECR, IAM, STS, CloudWatch, KMS, SQS) on one port of 127.0.0.1 until the process is stopped, for
 * Jenkinsfiles, the AWS CLI or boto3. Prints {@code SAGEMAKER_EMULATOR_ENDPOINT=http://127.0.0.1:<port>} on the first
 * line of standard output.
 */
public final class SageMakerEmulatorMain {

    static final String USAGE = """
            Usage: java -jar registry-gate-emulator.jar [options]
            Serves SageMaker, S3, ECR, IAM, STS, CloudWatch, KMS and SQS on one port of 127.0.0.1, each request routed by
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
              --chaos F[:SEED]               an unreliable network: a fraction F (0 to 1) of all calls meet a random
                                             fault (throttling, 500, 503, latency, a connection dropped before or
                                             after the call was applied), drawn from SEED (default 1)
            Endpoint phases (ISO-8601 durations; defaults short but visible: creation PT6S, launch PT6S,
            traffic shift PT2S, termination PT2S, rollback PT4S, deletion PT3S):
              --endpoint-creation-time D     Creating, until the endpoint is InService (or Failed)
              --endpoint-launch-time D       an update launching its new fleet (or one rolling batch)
              --traffic-shift-time D         turning traffic on for one step (ActivatingTraffic)
              --fleet-termination-time D     terminating the old fleet (or one rolling batch)
              --endpoint-rollback-time D     RollingBack, per rollback batch
              --endpoint-deletion-time D     Deleting, until the endpoint is gone
              --immediate-endpoints          all of the above take no time
              --deployment-wait-scale X      scale the waits a request names (WaitIntervalInSeconds,
                                             TerminationWaitInSeconds, MaximumExecutionTimeoutInSeconds),
                                             e.g. 0.01 makes a 600 s bake take 6 s (default 1)
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
        EndpointTimings timings = EndpointTimings.standalone();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--strict-credentials" -> b.strictCredentials(true);
                case "--lower-case-arns" -> b.lowerCaseArns(true);
                case "--immediate-endpoints" -> timings = EndpointTimings.immediate()
                        .withRequestedWaitScale(timings.requestedWaitScale());
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
                                ModelPackageRegistry.MetadataUpdates.valueOf(value.toUpperCase(Locale.ROOT)));
                        case "--endpoint-creation-time" -> timings = timings.withCreation(duration(option, value));
                        case "--endpoint-launch-time" -> timings = timings.withLaunch(duration(option, value));
                        case "--traffic-shift-time" -> timings = timings.withTrafficShift(duration(option, value));
                        case "--fleet-termination-time" -> timings = timings.withTermination(duration(option, value));
                        case "--endpoint-rollback-time" -> timings = timings.withRollback(duration(option, value));
                        case "--endpoint-deletion-time" -> timings = timings.withDeletion(duration(option, value));
                        case "--deployment-wait-scale" ->
                                timings = timings.withRequestedWaitScale(scale(option, value));
                        case "--chaos" -> b.chaos(fraction(option, value.split(":")[0]),
                                value.contains(":") ? Long.parseLong(value.substring(value.indexOf(':') + 1)) : 1L);
                        default -> throw new IllegalArgumentException("Unknown option " + option);
                    }
                }
            }
        }
        return b.endpointTimings(timings);
    }

    private static double fraction(String option, String value) {
        double d = scale(option, value);
        if (d > 1) {
            throw new IllegalArgumentException(option + " takes a fraction from 0 to 1 such as 0.33: " + value);
        }
        return d;
    }

    private static double scale(String option, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number >= 0 such as 0.01: " + value);
        }
    }

    private static Duration duration(String option, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException(option + " cannot be negative: " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 duration such as PT30S: " + value);
        }
    }
}
