package io.jenkins.plugins.registrygate.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.events.ApiKey;
import io.jenkins.plugins.registrygate.events.ApprovalTriggers;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.emulator.MutableClock;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/** The Jenkins side of the events endpoint: thin, POST only, crumb-exempt on exactly its path. */
class RegistryEventsEndpointTest {

    static final Instant T = Instant.parse("2026-03-15T09:00:00Z");
    final MutableClock clock = new MutableClock(T);
    final ManualScheduledExecutor scheduler = new ManualScheduledExecutor(clock);
    final RegistryWatcher watcher = new RegistryWatcher(scheduler, scheduler, clock, RegistryWatcher.Settings.DEFAULTS, new Random(1));
    final EventIntake intake = new EventIntake(clock, watcher, new ApprovalTriggers(scheduler, scheduler, Duration.ZERO),
            () -> new EventIntake.Settings("k3y", Duration.ofMinutes(10)));

    /** A request as Jenkins hands it over: headers, a body, a declared length. */
    static StaplerRequest2 request(Map<String, String> headers, byte[] body, long declaredLength, List<String> reads) {
        return (StaplerRequest2) Proxy.newProxyInstance(RegistryEventsEndpointTest.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getContentLengthLong" -> declaredLength;
                    case "getInputStream" -> {
                        reads.add("body");
                        ByteArrayInputStream in = new ByteArrayInputStream(body);
                        yield new ServletInputStream() {
                            @Override
                            public int read() {
                                return in.read();
                            }

                            @Override
                            public boolean isFinished() {
                                return in.available() == 0;
                            }

                            @Override
                            public boolean isReady() {
                                return true;
                            }

                            @Override
                            public void setReadListener(ReadListener l) {}
                        };
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static String heartbeat() {
        return "{\"id\":\"h-1\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"" + T + "\",\"detail\":{}}";
    }

    static RegistryEventsEndpoint.JsonAnswer post(EventIntake intake, Map<String, String> headers, String body, List<String> reads) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (RegistryEventsEndpoint.JsonAnswer) RegistryEventsEndpoint.answer(intake, request(headers, bytes, bytes.length, reads));
    }

    @Test
    void anAuthenticatedEventIsAccepted() {
        var a = post(intake, Map.of(ApiKey.HEADER, "k3y"), heartbeat(), new ArrayList<>()).answer();

        assertEquals(202, a.status(), a.json());
    }

    @Test
    void withoutTheKeyTheBodyIsNotReadAndTheAnswerIs401() {
        List<String> reads = new ArrayList<>();

        var a = post(intake, Map.of(), heartbeat(), reads).answer();

        assertEquals(401, a.status());
        assertEquals(List.of(), reads);
    }

    @Test
    void aDeclaredLengthOverTheMaximumIsRefusedWithoutReadingTheBody() {
        List<String> reads = new ArrayList<>();
        StaplerRequest2 req = request(Map.of(ApiKey.HEADER, "k3y"), new byte[0], 10_000_000L, reads);

        var a = ((RegistryEventsEndpoint.JsonAnswer) RegistryEventsEndpoint.answer(intake, req)).answer();

        assertEquals(413, a.status());
        assertEquals(List.of(), reads);
    }

    @Test
    void theAnswerIsWrittenWithItsStatusAsJson() throws Exception {
        var answer = post(intake, Map.of(), heartbeat(), new ArrayList<>());
        Map<String, Object> seen = new HashMap<>();
        StringWriter out = new StringWriter();
        StaplerResponse2 rsp = (StaplerResponse2) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StaplerResponse2.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus", "setContentType", "setCharacterEncoding" -> seen.put(m.getName(), args[0]);
                        case "getWriter" -> {
                            return new PrintWriter(out);
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });

        answer.generateResponse(null, rsp, null);

        assertEquals(401, seen.get("setStatus"));
        assertTrue(((String) seen.get("setContentType")).startsWith("application/json"));
        assertTrue(out.toString().startsWith("{\"status\":\"refused\",\"reason\":\"UNAUTHENTICATED\""), out.toString());
    }

    @Test
    void onlyPostReachesTheEndpoint() throws Exception {
        assertTrue(RegistryEventsEndpoint.class.getMethod("doIndex", StaplerRequest2.class).isAnnotationPresent(RequirePOST.class));
    }

    @Test
    void itIsNotListedInTheSidePanel() {
        RegistryEventsEndpoint e = new RegistryEventsEndpoint();

        assertNull(e.getIconFileName());
        assertEquals("model-registry-gate-events", e.getUrlName());
    }

    /** Whether the crumb exclusion let a POST to {@code path} through without a crumb. */
    static boolean exempt(String path) throws Exception {
        List<String> passed = new ArrayList<>();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(RegistryEventsEndpointTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getPathInfo")) {
                        return path;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        FilterChain chain = (request, response) -> passed.add("chain");
        boolean processed = new RegistryEventsCrumbExclusion().process(req, (HttpServletResponse) null, chain);
        assertEquals(processed, !passed.isEmpty(), "processed means the chain ran");
        return processed;
    }

    @Test
    void theCrumbIsNotRequiredOnTheEndpointsPath() throws Exception {
        assertTrue(exempt("/model-registry-gate-events/"));
        assertTrue(exempt("/model-registry-gate-events"));
    }

    @Test
    void everyOtherPathKeepsTheCrumbCheck() throws Exception {
        for (String path : new String[] {"/job/churn/42/registry-gate/approval/a-1/approve",
                "/model-registry-gate-events/../job/churn/build", "/model-registry-gate-events/x", "/model-registry-gate-events-2/",
                "/job/model-registry-gate-events/", "/", null}) {
            assertFalse(exempt(path), String.valueOf(path));
        }
    }
}
