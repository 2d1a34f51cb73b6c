package io.jenkins.plugins.registrygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.init.TermMilestone;
import hudson.init.Terminator;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jenkins' shutdown stops the plugin's threads; a call under way gets a grace period, then is interrupted. */
class RuntimeShutdownTest {

    @AfterEach
    void noSharedRuntimeLeft() throws InterruptedException {
        RegistryGateRuntime.shutdownShared(Duration.ZERO);
    }

    @Test
    void jenkinsRunsTheShutdownAsATerminatorWithNoArguments() throws NoSuchMethodException {
        Method stop = RuntimeShutdown.class.getMethod("stopRuntime");
        Terminator t = stop.getAnnotation(Terminator.class);

        assertNotNull(t, "Jenkins finds terminators by their (runtime-retained) annotation");
        assertTrue(Modifier.isStatic(stop.getModifiers()), "a static method needs no instance of the class");
        assertEquals(TermMilestone.STARTED, t.after());
        assertEquals(TermMilestone.COMPLETED, t.before());
    }

    @Test
    void theTerminatorStopsTheSharedRuntimesPoolsAndTheNextUseStartsAFreshOne() throws Exception {
        RegistryGateRuntime running = RegistryGateRuntime.get();
        running.io().submit(() -> { }).get(5, TimeUnit.SECONDS);
        running.timers().schedule(() -> { }, 1, TimeUnit.HOURS);

        RuntimeShutdown.stopRuntime();

        assertTrue(running.isTerminated(), "timer and I/O threads are gone");
        assertTrue(running.io().isShutdown());
        assertNotSame(running, RegistryGateRuntime.get(), "a Jenkins started again in this JVM gets a new runtime");
    }

    @Test
    void aRegistryCallUnderWayMayFinishWithinTheGrace() throws Exception {
        RegistryGateRuntime runtime = new RegistryGateRuntime(Clock.systemUTC(), RegistryWatcher.Settings.DEFAULTS, new AwsClients());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> call = runtime.io().submit(() -> {
            started.countDown();
            return release.await(1, TimeUnit.MINUTES);
        });
        started.await();

        Thread stopper = new Thread(() -> {
            try {
                runtime.shutdown(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        while (!runtime.io().isShutdown()) {
            Thread.onSpinWait(); // the shutdown has begun before the call is let go
        }
        release.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(30));

        assertTrue(call.get(), "the call ran to its end, not interrupted");
        assertTrue(runtime.isTerminated());
    }

    @Test
    void aCallStillRunningAfterTheGraceIsInterrupted() throws Exception {
        RegistryGateRuntime runtime = new RegistryGateRuntime(Clock.systemUTC(), RegistryWatcher.Settings.DEFAULTS, new AwsClients());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        runtime.io().submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        started.await();

        runtime.shutdown(Duration.ofMillis(50));

        assertTrue(runtime.io().awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(interrupted.get());
    }
}
