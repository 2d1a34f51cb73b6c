package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What awaitApproval hands the shared watcher keeps nothing of the build once it has been used. */
class DetachedRegistryTest {

    final RegistryFixture fx = new RegistryFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** A build's lookup: it holds its build, as BuildCredentials holds the Run. */
    static final class BuildLookup implements CredentialsLookup {
        final Object run = new Object();
        final CredentialsLookup delegate;

        BuildLookup(CredentialsLookup delegate) {
            this.delegate = delegate;
        }

        @Override
        public java.util.Optional<software.amazon.awssdk.auth.credentials.AwsCredentialsProvider> find(String credentialsId) {
            return delegate.find(credentialsId);
        }
    }

    AwaitApprovalExecution.DetachedRegistry detachedOf(WeakReference<?>[] build) {
        BuildLookup lookup = new BuildLookup(fx.lookup());
        build[0] = new WeakReference<>(lookup.run);
        return new AwaitApprovalExecution.DetachedRegistry(fx.clients, fx.settings(), lookup);
    }

    @Test
    void onceUsedItHoldsNoBuildAndReachesTheSameClient() throws Exception {
        WeakReference<?>[] build = new WeakReference<?>[1];
        AwaitApprovalExecution.DetachedRegistry access = detachedOf(build);
        assertTrue(access.holdsBuild(), "until first used, it needs the build to look its credential up");

        Object principal = access.get().principal();

        assertFalse(access.holdsBuild());
        assertSame(fx.registry().principal(), principal, "the build's connection and credential: the watcher groups it with the build's");
        for (int i = 0; i < 50 && build[0].get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(build[0].get(), "the build is no longer reachable from what the watcher keeps");
    }
}
