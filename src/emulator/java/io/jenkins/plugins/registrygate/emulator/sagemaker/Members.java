package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.WireValues;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

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

    /** A list request's {@code NameContains}, ignoring case; everything passes when it is absent. */
    static <T> Predicate<T> nameContains(JsonNode r, Function<T, String> name) {
        String contains = lower(text(r, "NameContains"));
        return t -> contains == null || key(name.apply(t)).contains(contains);
    }

    /** A list request's {@code CreationTimeAfter}/{@code Before}, both strict; absent bounds pass everything. */
    static <T> Predicate<T> createdWithin(JsonNode r, Function<T, Instant> created) {
        Instant after = instant(r.get("CreationTimeAfter"));
        Instant before = instant(r.get("CreationTimeBefore"));
        return t -> (after == null || created.apply(t).isAfter(after)) && (before == null || created.apply(t).isBefore(before));
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
