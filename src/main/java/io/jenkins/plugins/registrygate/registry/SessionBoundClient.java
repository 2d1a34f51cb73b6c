package io.jenkins.plugins.registrygate.registry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * A view of a shared client that signs every request with one build's credentials, through the SDK's request-level
 * override ({@link AwsRequestOverrideConfiguration#credentialsProvider()}). SDK clients are heavy (an HTTP
 * connection pool, configuration, interceptors), so builds share one per connection; only the credentials, and with
 * them the STS role session that names the build, differ per build.
 *
 * <p>Generic over the service: the view implements the client interface with a {@link Proxy}. Every operation
 * takes its request as the first argument; the {@code Consumer<Builder>} overloads are the interface's default
 * methods, which build the request and call the operation on the view again. {@code close()} does nothing: the
 * cache owns the shared client.
 */
public final class SessionBoundClient {

    /** Implemented by every view, so code can reach the shared client behind it (it stands for the connection). */
    public interface View {
        SdkClient sharedClient();
    }

    private SessionBoundClient() {}

    /** {@code shared} seen through {@code credentials}. */
    static <C extends SdkClient> C of(Class<C> type, C shared, AwsCredentialsProvider credentials) {
        Handler handler = new Handler(shared, credentials);
        Object view = Proxy.newProxyInstance(SessionBoundClient.class.getClassLoader(), new Class<?>[] {type, View.class}, handler);
        return type.cast(view);
    }

    /** The shared client behind a view, or the client itself. */
    public static Object sharedClientOf(Object client) {
        return client instanceof View v ? v.sharedClient() : client;
    }

    /** {@code request} with its credentials replaced by {@code credentials}, other overrides kept. */
    static AwsRequest withCredentials(AwsRequest request, AwsCredentialsProvider credentials) {
        AwsRequestOverrideConfiguration o = request.overrideConfiguration()
                .map(c -> c.toBuilder().credentialsProvider(credentials).build())
                .orElseGet(() -> AwsRequestOverrideConfiguration.builder().credentialsProvider(credentials).build());
        return request.toBuilder().overrideConfiguration(o).build();
    }

    private static final class Handler implements InvocationHandler {
        private final SdkClient shared;
        private final AwsCredentialsProvider credentials;

        Handler(SdkClient shared, AwsCredentialsProvider credentials) {
            this.shared = shared;
            this.credentials = credentials;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            int arity = method.getParameterCount();
            if (method.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "session view of " + shared;
                };
            }
            if (method.getDeclaringClass() == View.class) {
                return shared;
            }
            if (name.equals("close") && arity == 0) {
                return null;
            }
            if (arity > 0 && args[0] instanceof Consumer<?> && method.isDefault()) {
                // Builds the request and calls the request-taking overload on this view.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object[] actual = args;
            if (arity > 0 && args[0] instanceof AwsRequest request) {
                actual = args.clone();
                actual[0] = withCredentials(request, credentials);
            }
            try {
                return method.invoke(shared, actual);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
