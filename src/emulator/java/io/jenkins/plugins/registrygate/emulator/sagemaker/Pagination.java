package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pages of every SageMaker list operation. Design choices (no source settles them):
 * <ul>
 *   <li>{@code MaxResults} defaults to {@value #DEFAULT_MAX_RESULTS} (small on purpose, so missing pagination
 *       shows).</li>
 *   <li>{@code NextToken} is opaque: it carries the sort key of the last item returned, so a page is robust against
 *       deletions between calls, and a fingerprint of the request's filters and sort options; a token used with
 *       other filters, or one the emulator did not issue, is a {@code ValidationException}.</li>
 *   <li>Ties in the sort order are broken by creation order.</li>
 * </ul>
 */
final class Pagination {

    /** Page size when a list request sets no MaxResults (unverified for most lists; ListEndpoints documents 10). */
    static final int DEFAULT_MAX_RESULTS = 10;

    /**
     * Where an item sorts: a text (name or status, lower-cased by the caller when the order ignores case), a number
     * (epoch milliseconds or a version) and the creation sequence.
     */
    record SortKey(String text, long number, long seq) {
    }

    static final Comparator<SortKey> BY_TEXT = Comparator.comparing(SortKey::text).thenComparingLong(SortKey::seq);
    static final Comparator<SortKey> BY_NUMBER =
            Comparator.comparingLong(SortKey::number).thenComparingLong(SortKey::seq);

    private Pagination() {
    }

    /** The order, reversed when {@code sortOrder} (the request's, or the default when absent) is Descending. */
    static Comparator<SortKey> order(Comparator<SortKey> ascending, String sortOrder, String defaultOrder) {
        String o = sortOrder == null ? defaultOrder : sortOrder;
        return "Descending".equals(o) ? ascending.reversed() : ascending;
    }

    /** One page of {@code items} in {@code order}, as {@code {<listMember>: [...], NextToken?}}. */
    static <T> ObjectNode page(ObjectNode request, String listMember, List<T> items, Function<T, SortKey> keyOf,
                               Comparator<SortKey> order, Function<T, ObjectNode> summary) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> order.compare(keyOf.apply(a), keyOf.apply(b)));
        int max = request.has("MaxResults") ? request.get("MaxResults").asInt() : DEFAULT_MAX_RESULTS;
        String filters = filterFingerprint(request);
        int start = 0;
        String token = Members.text(request, "NextToken");
        if (token != null && !token.isEmpty()) {
            SortKey after = decodeToken(token, filters);
            while (start < sorted.size() && order.compare(keyOf.apply(sorted.get(start)), after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + max);
        ObjectNode o = Members.NODES.objectNode();
        ArrayNode list = o.putArray(listMember);
        for (T item : sorted.subList(start, end)) {
            list.add(summary.apply(item));
        }
        if (end < sorted.size()) {
            o.put("NextToken", encodeToken(filters, keyOf.apply(sorted.get(end - 1))));
        }
        return o;
    }

    private static String filterFingerprint(ObjectNode r) {
        TreeMap<String, String> f = new TreeMap<>();
        r.properties().forEach(e -> {
            if (!e.getKey().equals("NextToken") && !e.getKey().equals("MaxResults")) {
                f.put(e.getKey(), e.getValue().toString());
            }
        });
        return Integer.toHexString(f.toString().hashCode());
    }

    private static String encodeToken(String filters, SortKey k) {
        String raw = "v1|" + filters + "|" + k.number() + "|" + k.seq() + "|" + k.text();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static SortKey decodeToken(String token, String filters) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 5);
            if (parts.length != 5 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException("shape");
            }
            if (!parts[1].equals(filters)) {
                throw ServiceError.validation("The NextToken was issued for a request with other "
                        + "filters or sort options.");
            }
            return new SortKey(parts[4], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw ServiceError.validation("Invalid NextToken.");
        }
    }
}
