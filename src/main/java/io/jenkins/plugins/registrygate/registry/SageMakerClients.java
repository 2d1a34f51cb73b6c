package io.jenkins.plugins.registrygate.registry;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds and reuses SageMaker clients, one per distinct connection (region, endpoint, credentials, role).
 *
 * <p>Clients are thread-safe and expensive (an HTTP connection pool each), so they are shared across builds and
 * evicted least-recently-used beyond {@link #MAX_CLIENTS}. Retries use the SDK's standard retry mode, which
 * backs off and retries throttling and 5xx answers.
 */
public final class SageMakerClients implements AutoCloseable {

    static final int MAX_CLIENTS = 32;
    static final String ROLE_SESSION_NAME = "jenkins-model-registry-gate";

    private final Consumer<ClientOverrideConfiguration.Builder> retries;
    private Supplier<Optional<HttpProxy>> proxy = Optional::empty;
    private final Map<Key, Cached> clients = new LinkedHashMap<>(16, 0.75f, true);

    public SageMakerClients() {
        this(RetryMode.STANDARD);
    }

    public SageMakerClients(RetryMode retryMode) {
        Objects.requireNonNull(retryMode);
        this.retries = o -> o.retryStrategy(retryMode);
    }

    /** With a retry strategy of the caller's making, each client getting its own from {@code strategies}. */
    public SageMakerClients(Supplier<RetryStrategy> strategies) {
        this.retries = o -> o.retryStrategy(strategies.get());
    }

    /**
     * The client for these settings. {@code lookup} turns a credentials id into a provider; the provider object is
     * part of the cache key (by identity): Jenkins' credential stores hand back the stored instance, so builds that
     * see the same credential share a client, a credential replaced in Jenkins yields a fresh client, and two
     * folders whose credentials merely share an id never share one.
     */
    public SageMakerClient clientFor(ConnectionSettings settings, CredentialsLookup lookup) {
        // The lookup (the credentials plugin, permission checks) runs outside the cache's lock.
        Optional<AwsCredentialsProvider> stored = settings.credentialsId().map(id -> lookup.find(id).orElseThrow(() ->
                new IllegalArgumentException("credentialsId: no AWS credentials with id '" + id
                        + "' are visible to this build (Jenkins credentials of kind 'AWS Credentials')")));
        Optional<HttpProxy> via = proxy.get();
        Key key = new Key(settings, stored.orElse(null), via);
        Cached evicted = null;
        Cached cached;
        synchronized (this) {
            cached = clients.get(key);
            if (cached == null) {
                cached = build(settings, stored, via);
                clients.put(key, cached);
                if (clients.size() > MAX_CLIENTS) {
                    var eldest = clients.entrySet().iterator().next();
                    clients.remove(eldest.getKey());
                    evicted = eldest.getValue();
                }
            }
        }
        if (evicted != null) {
            // A caller still holding it fails one call; the watcher asks for its client at each poll.
            evicted.close();
        }
        return cached.client();
    }

    private Cached build(ConnectionSettings settings, Optional<AwsCredentialsProvider> stored, Optional<HttpProxy> via) {
        List<AutoCloseable> owned = new ArrayList<>();
        AwsCredentialsProvider credentials = stored.<AwsCredentialsProvider>map(p ->
                new ResolvedCredentials(settings.credentialsId().orElseThrow(), p, Clock.systemUTC())).orElseGet(() -> {
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            owned.add(chain);
            return chain;
        });
        if (settings.roleArn().isPresent()) {
            StsClientBuilder sts = StsClient.builder()
                    .credentialsProvider(credentials)
                    .httpClientBuilder(http(via))
                    .overrideConfiguration(overrides());
            settings.region().map(Region::of).ifPresent(sts::region);
            StsClient stsClient = sts.build();
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(stsClient)
                    .refreshRequest(r -> {
                        r.roleArn(settings.roleArn().orElseThrow()).roleSessionName(ROLE_SESSION_NAME);
                        settings.externalId().ifPresent(r::externalId);
                    })
                    .build();
            owned.add(assumed);
            owned.add(stsClient);
            credentials = assumed;
        }
        SageMakerClientBuilder b = SageMakerClient.builder()
                .credentialsProvider(credentials)
                .httpClientBuilder(http(via))
                .overrideConfiguration(overrides());
        settings.region().map(Region::of).ifPresent(b::region);
        settings.endpoint().ifPresent(b::endpointOverride);
        return new Cached(b.build(), owned);
    }

    private static ApacheHttpClient.Builder http(Optional<HttpProxy> via) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder();
        via.ifPresent(p -> {
            ProxyConfiguration.Builder proxy = ProxyConfiguration.builder()
                    .endpoint(URI.create("http://" + p.host() + ":" + p.port()))
                    .nonProxyHosts(new HashSet<>(p.nonProxyHostPatterns()))
                    // Jenkins' configuration is the one that counts, not the JVM's or the environment's.
                    .useSystemPropertyValues(false)
                    .useEnvironmentVariableValues(false);
            if (!p.username().isEmpty()) {
                proxy.username(p.username()).password(p.password());
            }
            http.proxyConfiguration(proxy.build());
        });
        return http;
    }

    private ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder();
        retries.accept(o);
        return o.build();
    }

    /** Routes new clients through the proxy {@code source} names at the time (Jenkins' proxy configuration). */
    public SageMakerClients withProxy(Supplier<Optional<HttpProxy>> source) {
        this.proxy = source;
        return this;
    }

    /** How many clients are cached now. */
    public synchronized int size() {
        return clients.size();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(Cached::close);
        clients.clear();
    }

    /** A client and what it owns: the SDK does not close a credentials provider it was handed. */
    private record Cached(SageMakerClient client, List<AutoCloseable> owned) {
        void close() {
            client.close();
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Closing is best effort: a provider that fails to close holds no build state.
                }
            }
        }
    }

    private record Key(ConnectionSettings settings, AwsCredentialsProvider provider, Optional<HttpProxy> proxy) {
        @Override
        public boolean equals(Object o) {
            // Providers compare by identity: a credential replaced in Jenkins is a new object.
            return o instanceof Key k && settings.equals(k.settings) && provider == k.provider && proxy.equals(k.proxy);
        }

        @Override
        public int hashCode() {
            return (settings.hashCode() * 31 + System.identityHashCode(provider)) * 31 + proxy.hashCode();
        }
    }
}
