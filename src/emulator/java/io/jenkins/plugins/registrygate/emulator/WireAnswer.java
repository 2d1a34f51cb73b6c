package io.jenkins.plugins.registrygate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, headers and body ({@code null} body: headers only, as for S3 HEAD). */
public record WireAnswer(int status, Map<String, String> headers, byte[] body) {

    public WireAnswer {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static WireAnswer of(int status, String contentType, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return new WireAnswer(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    public WireAnswer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WireAnswer(status, h, body);
    }

    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
