package io.jenkins.plugins.registrygate.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a wire protocol reads it: method, raw path, decoded query parameters, headers (names compared
 * without case) and body.
 */
public record WireRequest(String method, String rawPath, Map<String, List<String>> query, Map<String, String> headers,
                          byte[] body) {

    public WireRequest {
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        headers = java.util.Collections.unmodifiableMap(h);
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** A header's value, "" when absent. */
    public String header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "").trim();
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses {@code a=1&b=x%20y} (a query string or a form body) into decoded, ordered parameters. */
    public static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /**
     * The SigV4 credential scope of the {@code Authorization} header ({@code Credential=<key>/<date>/<region>/<service>/aws4_request}),
     * or of a presigned URL's {@code X-Amz-Credential}; empty when the request is unsigned.
     */
    public Optional<String[]> credentialScope() {
        String auth = header("Authorization");
        String credential = null;
        int at = auth.indexOf("Credential=");
        if (at >= 0) {
            int end = auth.indexOf(',', at);
            credential = auth.substring(at + "Credential=".length(), end < 0 ? auth.length() : end).trim();
        } else {
            credential = queryParameter("X-Amz-Credential").orElse(null);
        }
        if (credential == null) {
            return Optional.empty();
        }
        String[] parts = credential.split("/");
        return parts.length == 5 ? Optional.of(parts) : Optional.empty();
    }

    /** The access key id the request is signed with, "" when unsigned. */
    public String accessKeyId() {
        return credentialScope().map(p -> p[0]).orElse("");
    }

    /** The SigV4 signing name (service) of the request, empty when unsigned. */
    public Optional<String> signingName() {
        return credentialScope().map(p -> p[3]);
    }
}
