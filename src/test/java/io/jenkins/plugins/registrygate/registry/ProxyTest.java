package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With Jenkins' proxy configured, SageMaker calls go through it. The "proxy" here is the emulator itself
 * (an HTTP proxy receives the request with the target's absolute URI), and the endpoint's host does not
 * resolve: only a client that uses the proxy can succeed.
 */
class ProxyTest {

    final RegistryFixture fx = new RegistryFixture();
    final AwsClients proxied = new AwsClients().withProxy(() ->
            Optional.of(new HttpProxy("127.0.0.1", fx.emulator.endpoint().getPort(), "proxyuser", "proxy-secret", List.of())));

    @AfterEach
    void close() {
        proxied.close();
        fx.close();
    }

    @Test
    void callsGoThroughTheConfiguredProxy() {
        ConnectionSettings unreachable = new ConnectionSettings("us-east-1", "http://sagemaker.registry-gate.invalid:8080",
                RegistryFixture.CREDENTIALS_ID, "", "");

        boolean created = new ModelRegistry(proxied.clientFor(unreachable, fx.lookup())).ensureGroup("churn-model", "", Map.of());

        assertTrue(created);
        assertEquals(2, fx.emulator.calls().size(), "DescribeModelPackageGroup and CreateModelPackageGroup, via the proxy");
    }

    @Test
    void theProxyPasswordNeverShowsInItsDescription() {
        HttpProxy p = new HttpProxy("proxy.example.com", 3128, "svc", "hunter2", List.of());

        assertEquals("proxy.example.com:3128 as svc", p.toString());
        assertFalse(p.toString().contains("hunter2"));
    }
}
