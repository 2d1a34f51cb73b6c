package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
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

    /**
     * A container's {@code ModelDataSource}, if given, names a data source: the model's documentation says "you must
     * specify one and only one of the available data sources", and {@code S3DataSource} is the only one.
     *
     * @throws ServiceError {@code ValidationException} naming {@code where} otherwise
     */
    static void requireDataSource(JsonNode container, String where) {
        JsonNode source = container.get("ModelDataSource");
        if (source != null && !source.isNull() && !source.has("S3DataSource")) {
            throw ServiceError.validation(where + ": ModelDataSource must specify one and only one data source "
                    + "(S3DataSource).");
        }
    }

    /** {@link #requireDataSource} for each container of an inference specification. */
    static void requireDataSources(JsonNode inferenceSpecification, String where) {
        int i = 0;
        for (JsonNode c : inferenceSpecification.path("Containers")) {
            requireDataSource(c, where + ".Containers." + ++i);
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
