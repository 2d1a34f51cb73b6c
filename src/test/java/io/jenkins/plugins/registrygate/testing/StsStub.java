package io.jenkins.plugins.registrygate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * STS as far as role assumption goes: answers {@code AssumeRole} (AWS query protocol, XML) with temporary keys, or
 * with an error STS would give. Records every request's form parameters (Action, RoleArn, RoleSessionName,
 * ExternalId) and the access key it was signed with.
 */
public final class StsStub implements HttpHandler {

    /** The access key id of the temporary keys handed out; SageMaker calls signed with the role carry it. */
    public static final String ASSUMED_KEY_ID = "ASSUMEDROLEKEY";

    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile int errorStatus;
    private volatile String errorCode = "";

    /** From now on, answer every request with this STS error. */
    public StsStub failWith(int status, String code) {
        this.errorStatus = status;
        this.errorCode = code;
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        form.put("signedWith", auth == null ? "" : auth.replaceAll(".*Credential=([^/]*)/.*", "$1"));
        requests.add(form);
        String requestId = "sts-" + counter.incrementAndGet();
        String session = form.getOrDefault("RoleSessionName", "");
        String role = form.getOrDefault("RoleArn", "");
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        int status = errorStatus;
        String xml = status != 0
                ? "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + errorCode
                        + "</Code><Message>User: arn:aws:iam::123456789012:user/" + form.get("signedWith")
                        + " is not authorized to perform: sts:AssumeRole on resource: " + role + "</Message></Error>"
                        + "<RequestId>" + requestId + "</RequestId></ErrorResponse>"
                : "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                        + "<Credentials><AccessKeyId>" + ASSUMED_KEY_ID + "</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>"
                        + "<SessionToken>role-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                        + "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:" + session + "</AssumedRoleId>"
                        + "<Arn>arn:aws:sts::123456789012:assumed-role/" + roleName + "/" + session + "</Arn></AssumedRoleUser>"
                        + "</AssumeRoleResult><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></AssumeRoleResponse>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status != 0 ? status : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The form parameters of every request so far (plus {@code signedWith}: the access key id of its signature). */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    /** The RoleSessionName of every AssumeRole so far, in order. */
    public List<String> sessionNames() {
        return requests.stream().map(r -> r.getOrDefault("RoleSessionName", "")).toList();
    }
}
