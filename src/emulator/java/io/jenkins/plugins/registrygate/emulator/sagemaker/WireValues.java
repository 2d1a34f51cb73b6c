package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/** Conversions between AWS JSON 1.1 values and Java values, shared by every SageMaker resource family. */
public final class WireValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireValues() {
    }

    /** A timestamp as AWS JSON 1.1 sends it: epoch seconds, a JSON number with millisecond fraction. */
    public static DecimalNode epochSeconds(Instant t) {
        return (DecimalNode) NODES.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    /** A request timestamp (epoch seconds, a JSON number), or {@code null} when absent. */
    public static Instant instant(JsonNode epochSeconds) {
        if (epochSeconds == null || epochSeconds.isNull()) {
            return null;
        }
        BigDecimal s = epochSeconds.decimalValue();
        long secs = s.longValue();
        long nanos = s.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** A member's text, or {@code null} when absent. */
    static String text(JsonNode r, String member) {
        JsonNode n = r.get(member);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The key a name is stored and looked up under: SageMaker names are unique regardless of case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
