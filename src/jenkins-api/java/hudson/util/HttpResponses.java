package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Shim with working behaviour: {@code {"status":"ok","data":{...}}} and {@code {"status":"error","message":...}}
 * written as {@code application/json; charset=UTF-8}, as core does.
 */
public class HttpResponses extends org.kohsuke.stapler.HttpResponses {

    public static HttpResponse okJSON(@NonNull Map<?, ?> data) {
        JSONObject data2 = new JSONObject();
        data2.putAll(data);
        return new JsonResponse("ok").with("data", data2);
    }

    public static HttpResponse errorJSON(@NonNull String message) {
        return new JsonResponse("error").with("message", message);
    }

    private static final class JsonResponse implements HttpResponse {
        private final JSONObject json = new JSONObject();

        JsonResponse(String status) {
            json.put("status", status);
        }

        JsonResponse with(String key, Object value) {
            json.put(key, value);
            return this;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            rsp.setContentType("application/json; charset=UTF-8");
            rsp.setContentLength(bytes.length);
            rsp.getOutputStream().write(bytes);
        }

        @Override
        public String toString() {
            return json.toString();
        }
    }
}
