package io.jenkins.plugins.registrygate.actions;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.events.ApiKey;
import io.jenkins.plugins.registrygate.events.EventIntake;
import io.jenkins.plugins.registrygate.events.Receipt;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * {@code <Jenkins URL>/model-registry-gate-events/}: where an EventBridge API destination POSTs SageMaker registry
 * events. Reachable without Jenkins' READ permission (anonymous, as EventBridge is), it authenticates each request
 * itself with the API key header ({@link ApiKey}), which is also why, and the only reason, its path is exempt from the
 * crumb ({@link RegistryEventsCrumbExclusion}). An event only makes the plugin read the registry
 * ({@link EventIntake}); nothing here decides or approves. Every rule lives in {@link EventIntake}.
 */
@Extension
public final class RegistryEventsEndpoint implements UnprotectedRootAction {

    public static final String URL_NAME = "model-registry-gate-events";
    /**
     * How long the answer waits for the triggers to read the registry, so that a failure is answered 503 and
     * EventBridge delivers the event again: under the API destination's 5 s timeout.
     */
    static final Duration HANDLING_WAIT = Duration.ofSeconds(3);

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Model Registry Gate events";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** A POST of the API destination; other methods are refused (405) by {@code @RequirePOST}. */
    @RequirePOST
    public HttpResponse doIndex(StaplerRequest2 req) {
        return answer(RegistryGateRuntime.get().events(), req);
    }

    static HttpResponse answer(EventIntake intake, StaplerRequest2 req) {
        Receipt receipt = intake.receive(Optional.ofNullable(req.getHeader(ApiKey.HEADER)), limit -> readAtMost(req, limit));
        return new JsonAnswer(receipt.answer(HANDLING_WAIT));
    }

    /** At most {@code limit} bytes of the body; a declared length over it is not read at all. */
    private static byte[] readAtMost(StaplerRequest2 req, int limit) throws IOException {
        if (req.getContentLengthLong() > limit) {
            return new byte[limit];
        }
        try (InputStream in = req.getInputStream()) {
            return in.readNBytes(limit);
        }
    }

    /** Whether a request path (the servlet path info) is this endpoint's: exactly its URL, with or without the slash. */
    static boolean isEndpointPath(String pathInfo) {
        return ("/" + URL_NAME + "/").equals(pathInfo) || ("/" + URL_NAME).equals(pathInfo);
    }

    /** An answer's status and JSON body. */
    static final class JsonAnswer implements HttpResponse {
        private final Receipt.Answer answer;

        JsonAnswer(Receipt.Answer answer) {
            this.answer = answer;
        }

        Receipt.Answer answer() {
            return answer;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
            rsp.setStatus(answer.status());
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.setCharacterEncoding(StandardCharsets.UTF_8.name());
            PrintWriter w = rsp.getWriter();
            w.write(answer.json());
            w.flush();
        }
    }
}
