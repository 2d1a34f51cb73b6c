package io.jenkins.plugins.registrygate.testing;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.Principal;
import io.jenkins.plugins.registrygate.emulator.MutableClock;
import io.jenkins.plugins.registrygate.emulator.SageMakerEmulator;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The emulator plus the plugin's own client cache pointed at it: what the plugin code under test uses, through
 * the real SDK client. A second, independent client ({@link #console()}) plays people and tools outside Jenkins.
 */
public final class RegistryFixture implements AutoCloseable {

    public static final String CREDENTIALS_ID = "emulator-credentials";
    public static final String CONSOLE_USER = "ConsoleReviewer";
    public static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.4.2";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T09:00:00Z"));
    public final SageMakerEmulator emulator = SageMakerEmulator.start(clock);
    /** The SDK's standard retry strategy with millisecond back-offs, so fault tests stay fast. */
    public final AwsClients clients = fastRetryingClients();
    private static final BackoffStrategy TINY = BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(20));

    /** A client cache whose clients retry as the SDK's standard mode does, with millisecond back-offs. */
    public static AwsClients fastRetryingClients() {
        return new AwsClients(() -> AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(TINY).throttlingBackoffStrategy(TINY).circuitBreakerEnabled(false).build());
    }
    private SageMakerClient console;

    /** Settings that reach the emulator with the test credentials id. */
    public ConnectionSettings settings() {
        return new ConnectionSettings(emulator.region(), emulator.endpoint().toString(), CREDENTIALS_ID, "", "");
    }

    /** The stored credential: like Jenkins' credential stores, the lookup hands back the same instance each time. */
    private final AwsCredentialsProvider storedCredential = EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID);

    /** Resolves {@link #CREDENTIALS_ID} to placeholder keys, as the credentials store would in Jenkins. */
    public CredentialsLookup lookup() {
        return id -> CREDENTIALS_ID.equals(id) ? Optional.of(storedCredential) : Optional.empty();
    }

    public ModelRegistry registry() {
        return new ModelRegistry(clients.clientFor(settings(), lookup()));
    }

    /** A client acting as someone in the SageMaker console: IAM user {@link #CONSOLE_USER}, keys issued by the emulator. */
    public synchronized SageMakerClient console() {
        if (console == null) {
            Identities.Credentials keys = emulator.identities().user(CONSOLE_USER);
            console = EmulatorClients.sageMaker(emulator, b -> b.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()))));
        }
        return console;
    }

    /** Who the console user is, as AWS (the emulator) reports it in CreatedBy/LastModifiedBy. */
    public Principal consolePrincipal() {
        return emulator.identities().user(CONSOLE_USER).principal();
    }

    public long calls(String operation) {
        return emulator.callCount(operation);
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        clients.close();
        emulator.close();
    }
}
