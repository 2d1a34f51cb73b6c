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
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds and reuses the plugin's AWS clients: per distinct connection (region, endpoint, credentials, role, proxy)
 * one client per {@link AwsService}, built on first use. Every client gets the connection's region, endpoint
 * override, credentials (a role assumed through STS if one is set), Jenkins' proxy, the SDK's standard retries,
 * {@link ClientTimeouts} and the per-connection {@link CallRateLimits}.
 *
 * <p>Before any credential is looked up or any client built, the connection must pass the administrator's
 * {@link ConnectionPolicy}. A role is assumed with a session name that names the build when the caller's
 * {@link CredentialsLookup} names one ({@link CredentialsLookup#roleSessionName()}): that build gets a view of the
 * shared client whose requests carry its own role session ({@link SessionBoundClient}); the connection's shared
 * client, which the registry watcher's polls use for many builds at once, uses {@link RoleSessionName#PLUGIN}.
 *
 * <p>Clients are thread-safe and expensive (an HTTP connection pool each), so they are shared across builds;
 * connections beyond {@link #MAX_CONNECTIONS} are evicted least-recently-used and their clients closed. Callers
 * never close what they get from here.
 */
public class AwsClients implements AutoCloseable {

    static final int MAX_CONNECTIONS = 32;
    /** Builds' own role sessions kept per connection (each a few cached keys); the oldest are dropped first. */
    static final int MAX_SESSIONS_PER_CONNECTION = 512;

    private final Consumer<ClientOverrideConfiguration.Builder> retries;
    private volatile Supplier<Optional<HttpProxy>> proxy = Optional::empty;
    private volatile Supplier<ConnectionPolicy> policy = () -> ConnectionPolicy.DEFAULT;
    private volatile ClientTimeouts timeouts = ClientTimeouts.DEFAULTS;
    private volatile CallRateLimits limits = CallRateLimits.of(() -> CallRate.DEFAULT);
    private final Map<Key, Connection> connections = new LinkedHashMap<>(16, 0.75f, true);

    public AwsClients() {
        this(RetryMode.STANDARD);
    }

    public AwsClients(RetryMode retryMode) {
        Objects.requireNonNull(retryMode);
        this.retries = o -> o.retryStrategy(retryMode);
    }

    /** With a retry strategy of the caller's making, each client getting its own from {@code strategies}. */
    public AwsClients(Supplier<RetryStrategy> strategies) {
        this.retries = o -> o.retryStrategy(strategies.get());
    }

    /** Routes new clients through the proxy {@code source} names at the time (Jenkins' proxy configuration). */
    public AwsClients withProxy(Supplier<Optional<HttpProxy>> source) {
        this.proxy = Objects.requireNonNull(source);
        return this;
    }

    /** The administrator's rules, asked at every request for a client (Jenkins' global configuration). */
    public AwsClients withPolicy(Supplier<ConnectionPolicy> source) {
        this.policy = Objects.requireNonNull(source);
        return this;
    }

    /** Timeouts for clients built from now on. */
    public AwsClients withTimeouts(ClientTimeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts);
        return this;
    }

    /** Rate limits for clients built from now on. */
    public AwsClients withCallRateLimits(CallRateLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    /** The administrator's rules in force now. */
    public ConnectionPolicy policy() {
        return policy.get();
    }

    public ClientTimeouts timeouts() {
        return timeouts;
    }

    /**
     * The SageMaker client for these settings, as before the other services were added: {@link #sageMaker}.
     */
    public SageMakerClient clientFor(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.SAGEMAKER, settings, lookup);
    }

    public SageMakerClient sageMaker(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.SAGEMAKER, settings, lookup);
    }

    public S3Client s3(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.S3, settings, lookup);
    }

    public EcrClient ecr(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.ECR, settings, lookup);
    }

    public IamClient iam(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.IAM, settings, lookup);
    }

    public CloudWatchClient cloudWatch(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.CLOUDWATCH, settings, lookup);
    }

    public KmsClient kms(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.KMS, settings, lookup);
    }

    public StsClient sts(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.STS, settings, lookup);
    }

    public SqsClient sqs(ConnectionSettings settings, CredentialsLookup lookup) {
        return client(AwsService.SQS, settings, lookup);
    }

    /**
     * The client of {@code service} for these settings. {@code lookup} turns a credentials id into a provider, in the
     * context of the build that asks; the provider object is part of the cache key (by identity): Jenkins'
     * credential stores hand back the stored instance, so builds that see the same credential share a client, a
     * credential replaced in Jenkins yields a fresh client, and two folders whose credentials merely share an id never
     * share one.
     *
     * @throws RegistryException a permanent one when the administrator's rules refuse the connection
     *     ({@link RegistryException#isRefusedByPolicy()}) or no credential has the id
     *     ({@link RegistryException#CREDENTIALS_NOT_FOUND}); nothing is looked up, built or called in the first case,
     *     nothing built or called in the second
     */
    public <C extends SdkClient> C client(AwsService<C> service, ConnectionSettings settings, CredentialsLookup lookup) {
        policy.get().check(settings);
        // The lookup (the credentials plugin, permission checks) runs outside the cache's lock.
        Optional<AwsCredentialsProvider> stored = settings.credentialsId()
                .map(id -> lookup.find(id).orElseThrow(() -> RegistryException.credentialsNotFound(id)));
        Optional<HttpProxy> via = proxy.get();
        Key key = new Key(settings, stored.orElse(null), via);
        while (true) {
            Connection evicted = null;
            Connection connection;
            synchronized (this) {
                connection = connections.get(key);
                if (connection == null) {
                    connection = new Connection(settings, stored, via);
                    connections.put(key, connection);
                    if (connections.size() > MAX_CONNECTIONS) {
                        var eldest = connections.entrySet().iterator().next();
                        connections.remove(eldest.getKey());
                        evicted = eldest.getValue();
                    }
                }
            }
            if (evicted != null) {
                // A caller still holding one of its clients fails one call; the watcher asks for its client at each poll.
                evicted.close();
            }
            Optional<C> shared = connection.client(service);
            if (shared.isEmpty()) {
                // Evicted between the lookup and now: ask again, which builds the connection afresh.
                continue;
            }
            Optional<String> session = lookup.roleSessionName();
            if (settings.roleArn().isPresent() && session.isPresent()) {
                return SessionBoundClient.of(service.type(), shared.get(), connection.session(session.get()));
            }
            return shared.get();
        }
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

    private ClientOverrideConfiguration overrides(String signingName, ConnectionSettings settings) {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder();
        retries.accept(o);
        o.apiCallTimeout(timeouts.apiCall());
        o.apiCallAttemptTimeout(timeouts.apiCallAttempt());
        o.addExecutionInterceptor(limits.interceptor(signingName, settings));
        return o.build();
    }

    /** How many connections have clients cached now. */
    public synchronized int size() {
        return connections.size();
    }

    @Override
    public synchronized void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    /**
     * One connection: its base credentials, the role assumed over them (if any), the clients built for it and the
     * role sessions of the builds that used it.
     */
    private final class Connection {
        private final ConnectionSettings settings;
        private final Optional<HttpProxy> via;
        private final List<AutoCloseable> owned = new ArrayList<>();
        private final Map<AwsService<?>, SdkClient> clients = new LinkedHashMap<>();
        private final Map<String, CredentialsSource> sessions = new LinkedHashMap<>(16, 0.75f, true);
        /** The credentials the connection's clients sign with: the role's (plugin session) or the base ones. */
        private final AwsCredentialsProvider credentials;
        /** Asks STS for the role's keys, signing with the base credentials; empty without a role. */
        private final Optional<StsClient> assumeRole;
        private boolean closed;

        Connection(ConnectionSettings settings, Optional<AwsCredentialsProvider> stored, Optional<HttpProxy> via) {
            this.settings = settings;
            this.via = via;
            CredentialsSource base = stored
                    .map(p -> CredentialsSource.stored(settings.credentialsId().orElseThrow(),
                            new ResolvedCredentials(settings.credentialsId().orElseThrow(), p, Clock.systemUTC())))
                    .orElseGet(() -> CredentialsSource.controller(DefaultCredentialsProvider.builder().build()));
            owned.add(base);
            if (settings.roleArn().isPresent()) {
                StsClient sts = AwsService.STS.build(setup(base, "sts"));
                owned.add(sts);
                assumeRole = Optional.of(sts);
                credentials = role(sts, RoleSessionName.PLUGIN);
                owned.add((AutoCloseable) credentials);
            } else {
                assumeRole = Optional.empty();
                credentials = base;
            }
        }

        private ClientSetup setup(AwsCredentialsProvider with, String signingName) {
            return new ClientSetup(settings, with, http(via), overrides(signingName, settings));
        }

        private CredentialsSource role(StsClient sts, String sessionName) {
            String roleArn = settings.roleArn().orElseThrow();
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .refreshRequest(r -> {
                        r.roleArn(roleArn).roleSessionName(sessionName);
                        settings.externalId().ifPresent(r::externalId);
                    })
                    .build();
            return CredentialsSource.role(roleArn, sessionName, assumed);
        }

        /** The connection's client for {@code service}, built on first use; empty once the connection is closed. */
        synchronized <C extends SdkClient> Optional<C> client(AwsService<C> service) {
            if (closed) {
                return Optional.empty();
            }
            SdkClient c = clients.get(service);
            if (c == null) {
                c = service.build(setup(credentials, service.signingName()));
                clients.put(service, c);
            }
            return Optional.of(service.type().cast(c));
        }

        /** The role assumed as {@code sessionName} (one build's own session), cached; same STS client as the rest. */
        synchronized AwsCredentialsProvider session(String sessionName) {
            CredentialsSource s = sessions.get(sessionName);
            if (s == null) {
                s = role(assumeRole.orElseThrow(), sessionName);
                sessions.put(sessionName, s);
                if (sessions.size() > MAX_SESSIONS_PER_CONNECTION) {
                    // Not closed: a build may still be using it, and it holds no thread (it refreshes on the caller's
                    // thread). The build's next request for a client assumes the role again.
                    sessions.remove(sessions.keySet().iterator().next());
                }
            }
            return s;
        }

        synchronized void close() {
            closed = true;
            clients.values().forEach(SdkClient::close);
            clients.clear();
            sessions.values().forEach(CredentialsSource::close);
            sessions.clear();
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
