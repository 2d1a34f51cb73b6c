package io.jenkins.plugins.registrygate.registry;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * What a connection decides for every client built for it: region, endpoint override, credentials, HTTP client
 * (with Jenkins' proxy), retries, timeouts and the rate-limit interceptor. Handed to {@link AwsService}'s factory.
 */
public final class ClientSetup {

    private final ConnectionSettings settings;
    private final AwsCredentialsProvider credentials;
    private final ApacheHttpClient.Builder http;
    private final ClientOverrideConfiguration overrides;

    ClientSetup(ConnectionSettings settings, AwsCredentialsProvider credentials, ApacheHttpClient.Builder http,
                ClientOverrideConfiguration overrides) {
        this.settings = settings;
        this.credentials = credentials;
        this.http = http;
        this.overrides = overrides;
    }

    /** Sets everything the connection decides on {@code builder} and returns it for service-specific settings. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B apply(B builder) {
        builder.credentialsProvider(credentials);
        builder.httpClientBuilder(http);
        builder.overrideConfiguration(overrides);
        settings.region().map(Region::of).ifPresent(builder::region);
        // One endpoint for every service of the connection: an emulator or a gateway routes by signing name.
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    public boolean hasEndpointOverride() {
        return settings.endpoint().isPresent();
    }
}
