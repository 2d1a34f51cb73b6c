package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a role to assume, the client asks STS (with the external id) using the stored credentials, and signs its
 * SageMaker calls with the role's temporary keys. STS is a stub on loopback, reached through the SDK's
 * service-specific endpoint setting ({@code aws.endpointUrlSts}).
 */
class RoleAssumptionTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";

    final RegistryFixture fx = new RegistryFixture();
    final List<Map<String, String>> stsRequests = new CopyOnWriteArrayList<>();
    HttpServer sts;

    @BeforeEach
    void startSts() throws IOException {
        sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new java.util.HashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            stsRequests.add(form);
            byte[] xml = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>ASSUMEDROLEKEY</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>"
                    + "<SessionToken>role-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                    + "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:jenkins-model-registry-gate</AssumedRoleId>"
                    + "<Arn>arn:aws:sts::123456789012:assumed-role/model-deployer/jenkins-model-registry-gate</Arn></AssumedRoleUser>"
                    + "</AssumeRoleResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></AssumeRoleResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, xml.length);
            exchange.getResponseBody().write(xml);
            exchange.close();
        });
        sts.start();
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.endpointUrlSts");
        sts.stop(0);
        fx.close();
    }

    @Test
    void sageMakerCallsAreSignedWithTheAssumedRolesKeys() {
        ConnectionSettings withRole = new ConnectionSettings(fx.emulator.region(), fx.emulator.endpoint().toString(),
                RegistryFixture.CREDENTIALS_ID, ROLE, "ext-4711");

        new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup())).ensureGroup("churn-model", "", Map.of());

        assertEquals(1, stsRequests.size());
        Map<String, String> assume = stsRequests.get(0);
        assertEquals("AssumeRole", assume.get("Action"));
        assertEquals(ROLE, assume.get("RoleArn"));
        assertEquals("ext-4711", assume.get("ExternalId"));
        assertEquals("jenkins-model-registry-gate", assume.get("RoleSessionName"));
        assertTrue(fx.emulator.calls().stream().allMatch(c -> c.accessKeyId().equals("ASSUMEDROLEKEY")),
                "every SageMaker call is signed with the role's key");
    }
}
