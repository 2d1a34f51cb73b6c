package io.jenkins.plugins.registrygate.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Puts the test between the plugin and its real SDK client, at a chosen call: run something just before or just
 * after the n-th call of an operation (the registry changes under the plugin's feet), or hold the plugin there
 * until the test lets it go (a build aborted while its write is on the wire). The call itself still goes to the
 * emulator through the real client; only its timing is the test's.
 *
 * <p>Calls are counted per hook from the moment it is installed, like the emulator's fault rules.
 */
public final class ClientHooks {

    private final Map<SageMakerClient, SageMakerClient> proxies = new IdentityHashMap<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private enum When { BEFORE, AFTER }

    private static final class Hook {
        final String operation;
        final int nth;
        final When when;
        final Runnable action;
        final AtomicInteger seen = new AtomicInteger();

        Hook(String operation, int nth, When when, Runnable action) {
            this.operation = operation;
            this.nth = nth;
            this.when = when;
            this.action = action;
        }
    }

    /** Where the plugin was held; the test waits for it to arrive and then lets it go. */
    public static final class Pause {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void hold() {
            reached.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never released the pause");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Blocks until the plugin is held here. */
        public void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the plugin never reached the pause");
            }
        }

        public boolean isReached() {
            return reached.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }
    }

    /** The same hooked client for the same real one, so the plugin's identity checks (one client per credential) hold. */
    public synchronized SageMakerClient wrap(SageMakerClient real) {
        return proxies.computeIfAbsent(real, r -> (SageMakerClient) Proxy.newProxyInstance(
                SageMakerClient.class.getClassLoader(), new Class<?>[] {SageMakerClient.class}, handler(r)));
    }

    private InvocationHandler handler(SageMakerClient real) {
        return (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "hooked " + real;
                    }
                    break;
                default:
                    break;
            }
            String op = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
            boolean operation = method.getParameterCount() == 1 && !method.getName().equals("close");
            if (operation) {
                calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                fire(op, When.BEFORE);
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                if (operation) {
                    fire(op, When.AFTER);
                }
                throw e.getCause();
            }
            if (operation) {
                fire(op, When.AFTER);
            }
            return result;
        };
    }

    private void fire(String operation, When when) {
        for (Hook h : hooks) {
            if (h.operation.equals(operation) && h.when == when && h.seen.incrementAndGet() == h.nth) {
                h.action.run();
            }
        }
    }

    /** Runs {@code action} just before the {@code nth} {@code operation} call (counted from now) goes out. */
    public void before(String operation, int nth, Runnable action) {
        hooks.add(new Hook(operation, nth, When.BEFORE, action));
    }

    /** Runs {@code action} after the {@code nth} {@code operation} call returned, before the plugin sees its answer. */
    public void after(String operation, int nth, Runnable action) {
        hooks.add(new Hook(operation, nth, When.AFTER, action));
    }

    /** Holds the plugin after the {@code nth} call of {@code operation} was answered (the registry applied it). */
    public Pause pauseAfter(String operation, int nth) {
        Pause p = new Pause();
        after(operation, nth, p::hold);
        return p;
    }

    /** Holds the plugin just before the {@code nth} call of {@code operation} goes out. */
    public Pause pauseBefore(String operation, int nth) {
        Pause p = new Pause();
        before(operation, nth, p::hold);
        return p;
    }

    /** Calls of {@code operation} made through hooked clients so far. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }
}
