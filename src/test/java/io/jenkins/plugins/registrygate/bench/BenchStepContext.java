package io.jenkins.plugins.registrygate.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The step context of one benchmark build: what Pipeline hands a step (the build, its log, its environment, and here
 * the plugin runtime), and the step's completion, reported to the harness with its {@link System#nanoTime()}.
 *
 * <p>Like Pipeline's own context it is written into the program state as a reference only (its id): a controller
 * restart gives the deserialized execution a fresh context, bound beforehand with {@link #bindForRestart}.
 */
final class BenchStepContext extends StepContext {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Map<Integer, BenchStepContext> AFTER_RESTART = new ConcurrentHashMap<>();

    /** What the harness hears when a step completes; called once per completion, on the completing thread. */
    interface Completion {
        void completed(int id, boolean success, Object resultOrCause, long atNanos);
    }

    private final int id;
    private final transient Run<?, ?> run;
    private final transient TaskListener listener;
    private final transient EnvVars env;
    private final transient RegistryGateRuntime runtime;
    private final transient Completion completion;
    private final transient AtomicLong completedAt = new AtomicLong();
    private final transient AtomicInteger completions = new AtomicInteger();
    private final transient AtomicInteger saves = new AtomicInteger();

    BenchStepContext(int id, Run<?, ?> run, TaskListener listener, EnvVars env, RegistryGateRuntime runtime,
                     Completion completion) {
        this.id = id;
        this.run = run;
        this.listener = listener;
        this.env = env;
        this.runtime = runtime;
        this.completion = completion;
    }

    /** Makes {@code fresh} the context that a program saved with this id reads back (a restart). */
    static void bindForRestart(BenchStepContext fresh) {
        AFTER_RESTART.put(fresh.id, fresh);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        BenchStepContext fresh = AFTER_RESTART.remove(id);
        if (fresh == null) {
            throw new InvalidObjectException("no context bound for build " + id);
        }
        return fresh;
    }

    int id() {
        return id;
    }

    @Override
    public <T> T get(Class<T> key) {
        Object v = key == Run.class ? run : key == TaskListener.class ? listener : key == EnvVars.class ? env
                : key == RegistryGateRuntime.class ? runtime : null;
        return key.cast(v);
    }

    @Override
    public void onSuccess(Object result) {
        complete(true, result);
    }

    @Override
    public void onFailure(Throwable t) {
        complete(false, t);
    }

    private void complete(boolean success, Object what) {
        long now = System.nanoTime();
        completions.incrementAndGet();
        if (completedAt.compareAndSet(0, now)) {
            completion.completed(id, success, what, now);
        }
    }

    /** How often the step completed: more than once is a defect (Jenkins would only log it). */
    int completions() {
        return completions.get();
    }

    long completedAtNanos() {
        return completedAt.get();
    }

    int saves() {
        return saves.get();
    }

    @Override
    public boolean isReady() {
        return completedAt.get() != 0;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        saves.incrementAndGet();
        return Futures.immediateFuture(null);
    }

    @Override
    public void setResult(Result r) {
        throw new UnsupportedOperationException("the plugin's steps report through onSuccess/onFailure");
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("no body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BenchStepContext c && c.id == id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }
}
