package io.jenkins.plugins.registrygate.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on how long one AWS call may take, set on every client the plugin builds, so that no thread (a reviewer's
 * web request, a registry poll, a step's I/O task) hangs on an unresponsive endpoint.
 *
 * @param apiCall the whole call, all retries and back-offs included (the SDK's {@code apiCallTimeout})
 * @param apiCallAttempt one HTTP attempt (the SDK's {@code apiCallAttemptTimeout})
 */
public record ClientTimeouts(Duration apiCall, Duration apiCallAttempt) {

    /**
     * Registry calls answer within a second or two. 20 s per attempt tolerates a slow network; 60 s in all leaves
     * room for the standard retry mode's three attempts with back-off. Waiting for the plugin's rate limit happens
     * before the call and does not count.
     */
    public static final ClientTimeouts DEFAULTS = new ClientTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(20));

    public ClientTimeouts {
        Objects.requireNonNull(apiCall);
        Objects.requireNonNull(apiCallAttempt);
        if (apiCall.isNegative() || apiCall.isZero() || apiCallAttempt.isNegative() || apiCallAttempt.isZero()
                || apiCallAttempt.compareTo(apiCall) > 0) {
            throw new IllegalArgumentException("timeouts must be positive, the attempt no longer than the call: " + apiCall + ", " + apiCallAttempt);
        }
    }
}
