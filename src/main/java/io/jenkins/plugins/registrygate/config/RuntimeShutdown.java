package io.jenkins.plugins.registrygate.config;

import hudson.init.Terminator;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import java.time.Duration;

/** Stops the plugin's threads and closes its AWS clients when Jenkins shuts down. */
public final class RuntimeShutdown {

    /** How long registry calls already under way may take to finish (a decision being written reaches the registry). */
    static final Duration GRACE = Duration.ofSeconds(10);

    private RuntimeShutdown() {}

    /** Run by Jenkins during its termination, before it completes; waits resume after the restart. */
    @Terminator
    public static void stopRuntime() throws InterruptedException {
        RegistryGateRuntime.shutdownShared(GRACE);
    }
}
