package io.jenkins.plugins.registrygate.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A Jenkins AWS credential resolved once and reused until shortly before its keys expire. The SDK asks its
 * provider on every request, and a Jenkins credential that assumes a role calls STS (and builds an STS client)
 * each time it is asked; the watcher polls for days, so the keys are cached here instead.
 */
final class ResolvedCredentials implements AwsCredentialsProvider {

    /** Refresh temporary keys this long before they expire. */
    static final Duration EARLY = Duration.ofMinutes(5);
    /** Temporary keys that do not say when they expire are refreshed this often. */
    static final Duration UNDATED_SESSION = Duration.ofMinutes(15);

    private final String credentialsId;
    private final AwsCredentialsProvider source;
    private final Clock clock;
    private AwsCredentials cached;
    private Instant refreshAt = Instant.MIN;

    ResolvedCredentials(String credentialsId, AwsCredentialsProvider source, Clock clock) {
        this.credentialsId = credentialsId;
        this.source = Objects.requireNonNull(source);
        this.clock = clock;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(refreshAt)) {
            AwsCredentials fresh = source.resolveCredentials();
            if (fresh == null) {
                // aws-credentials answers null for a credential with neither keys nor a role.
                throw new IllegalStateException("credentialsId '" + credentialsId
                        + "': the AWS credential has no access key and no role to assume");
            }
            cached = fresh;
            refreshAt = fresh.expirationTime().map(t -> t.minus(EARLY))
                    .orElse(fresh instanceof software.amazon.awssdk.auth.credentials.AwsSessionCredentials ? now.plus(UNDATED_SESSION) : Instant.MAX);
        }
        return cached;
    }
}
