package io.jenkins.plugins.registrygate.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SageMakerEmulator} until the process is stopped, for manual checks (boto3, the AWS CLI).
 * Arguments: {@code [--port N] [--region R] [--account-id A]}; the default port 0 picks a free one. Prints
 * {@code SAGEMAKER_EMULATOR_ENDPOINT=http://127.0.0.1:<port>} on the first line of standard output.
 */
public final class SageMakerEmulatorMain {

    private SageMakerEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SageMakerEmulator.Builder b = SageMakerEmulator.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> b.port(Integer.parseInt(require(args[i], value)));
                case "--region" -> b.region(require(args[i], value));
                case "--account-id" -> b.accountId(require(args[i], value));
                default -> {
                    System.err.println("Usage: SageMakerEmulatorMain [--port N] [--region R] [--account-id A]");
                    System.exit(2);
                }
            }
            i++;
        }
        SageMakerEmulator emu = b.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stopped.countDown();
        }));
        System.out.println("SAGEMAKER_EMULATOR_ENDPOINT=" + emu.endpoint());
        System.out.println("region=" + emu.region() + " account=" + emu.accountId() + " (stop with Ctrl-C)");
        System.out.flush();
        stopped.await();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
