package io.jenkins.plugins.registrygate.emulator.s3;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object, from an HTTP {@code Range} header (RFC 9110 §14): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}. S3 serves a single range.
 *
 * @param first the first byte, from 0
 * @param last  the last byte, included
 */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=([0-9]*)-([0-9]*)");

    /** The length of the range. */
    long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size}, the {@code Content-Range} of the answer. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** What a {@code Range} header asks of an object of {@code size} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {}

    /** No range, or one S3 ignores (not of the form above, or several ranges): the whole object. */
    record Whole() implements Request {}

    record Part(ByteRange range) implements Request {}

    /** A range that starts past the end (HTTP 416, S3's {@code InvalidRange}). */
    record Unsatisfiable() implements Request {}

    static Request parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    return new Unsatisfiable();
                }
                return size == 0 ? new Whole() : new Part(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return new Whole(); // syntactically invalid: ignored
            }
            if (first >= size) {
                return new Unsatisfiable();
            }
            return new Part(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}
