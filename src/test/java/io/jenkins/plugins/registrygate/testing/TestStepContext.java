package io.jenkins.plugins.registrygate.testing;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context for offline tests: the build, its log, its environment and the plugin runtime, and the step's
 * outcome as a future. Serializes to its id only, like the real context's pickle; {@link #restartAs} binds a
 * fresh context to that id, as a controller restart gives the resumed execution a fresh context.
 */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TestStepContext> AFTER_RESTART = new ConcurrentHashMap<>();
    /** Contexts completed more than once: Jenkins only logs that, so tests must look for it themselves. */
    private static final java.util.List<String> COMPLETED_TWICE = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final String id;
    private final transient Map<Class<?>, Object> values = new HashMap<>();
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();
    private transient int saves;

    public TestStepContext(Run<?, ?> run, TaskListener listener, EnvVars env, RegistryGateRuntime runtime) {
        this(UUID.randomUUID().toString(), run, listener, env, runtime);
    }

    private TestStepContext(String id, Run<?, ?> run, TaskListener listener, EnvVars env, RegistryGateRuntime runtime) {
        this.id = id;
        values.put(Run.class, run);
        values.put(TaskListener.class, listener);
        values.put(EnvVars.class, env);
        values.put(RegistryGateRuntime.class, runtime);
    }

    /** Supplies one more value to the step (a test's timer or back-off, say), as an enclosing block's context would. */
    public <T> TestStepContext with(Class<T> key, T value) {
        values.put(key, value);
        return this;
    }

    /** The context a deserialized execution will find in place of this one. */
    public TestStepContext restartAs(Run<?, ?> run, TaskListener listener, EnvVars env, RegistryGateRuntime runtime) {
        TestStepContext fresh = new TestStepContext(id, run, listener, env, runtime);
        AFTER_RESTART.put(id, fresh);
        return fresh;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        TestStepContext fresh = AFTER_RESTART.remove(id);
        if (fresh == null) {
            throw new java.io.InvalidObjectException("no context bound for " + id + " (call restartAs first)");
        }
        return fresh;
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(values.get(key));
    }

    @Override
    public void onSuccess(Object result) {
        if (!outcome.complete(result)) {
            COMPLETED_TWICE.add(id + ": onSuccess(" + result + ") after " + outcome);
        }
    }

    @Override
    public void onFailure(Throwable t) {
        if (!outcome.completeExceptionally(t)) {
            COMPLETED_TWICE.add(id + ": onFailure(" + t + ") after " + outcome);
        }
    }

    /** The double completions seen so far, cleared. */
    public static java.util.List<String> takeDoubleCompletions() {
        java.util.List<String> seen = java.util.List.copyOf(COMPLETED_TWICE);
        COMPLETED_TWICE.clear();
        return seen;
    }

    @Override
    public boolean isReady() {
        return outcome.isDone();
    }

    @Override
    public synchronized ListenableFuture<Void> saveState() {
        saves++;
        return Futures.immediateFuture(null);
    }

    public synchronized int saves() {
        return saves;
    }

    @Override
    public void setResult(Result r) {
        throw new UnsupportedOperationException("steps of this plugin report through onSuccess/onFailure");
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("no body");
    }

    /** The value the step returned; fails with its exception if it failed. */
    public Object result() throws Exception {
        return outcome.get(20, TimeUnit.SECONDS);
    }

    /** The exception the step failed with. */
    public Throwable failure() throws Exception {
        try {
            Object r = outcome.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the step succeeded with " + r);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestStepContext c && c.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
