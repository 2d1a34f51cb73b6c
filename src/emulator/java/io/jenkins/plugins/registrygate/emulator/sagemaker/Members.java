package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.registrygate.emulator.WireValues;
import java.time.Instant;
import java.util.Locale;

/** Reading a SageMaker request's members, and the case-insensitive keys SageMaker names are looked up by. */
final class Members {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Members() {
    }

    /** A member's text, or {@code null} when absent. */
    static String text(JsonNode r, String member) {
        JsonNode n = r.get(member);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A timestamp member ({@link WireValues#instant}), or {@code null} when absent. */
    static Instant instant(JsonNode epochSeconds) {
        return epochSeconds == null || epochSeconds.isNull() ? null : WireValues.instant(epochSeconds);
    }

    /** The key a name is stored and looked up under: SageMaker names are unique regardless of case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
