package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;

/**
 * Scalars between their text on the wire (query parameters, XML elements, HTTP headers) and the values of the
 * emulator's documents, which follow AWS JSON: timestamps are epoch seconds (a JSON number), blobs base64 text or
 * bytes, numbers and booleans JSON numbers and booleans.
 */
public final class WireValues {

    /** RFC 822/1123 as HTTP dates are written: {@code Mon, 05 Jan 2026 10:00:00 GMT}. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private WireValues() {
    }

    /** An instant as the documents carry it: epoch seconds with milliseconds. */
    public static DecimalNode epochSeconds(Instant t) {
        return new DecimalNode(BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3));
    }

    /** The instant of an epoch-seconds number. */
    public static Instant instant(JsonNode epochSeconds) {
        return Instant.ofEpochMilli(epochSeconds.decimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR)
                .longValueExact());
    }

    /** {@code 2026-01-05T10:00:00Z} (ISO 8601, what the query and REST-XML protocols write in documents). */
    public static String iso8601(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** {@code Mon, 05 Jan 2026 10:00:00 GMT} (what REST protocols write in headers). */
    public static String httpDate(Instant t) {
        return HTTP_DATE.format(t);
    }

    /**
     * The text of a scalar as the wire carries it.
     *
     * @param timestampFormat the member's {@code timestampFormat} trait, or the protocol's default
     *                        ({@code iso8601}, {@code rfc822}, {@code unixTimestamp})
     */
    public static String text(ServiceModel.Shape shape, JsonNode value, String timestampFormat) {
        return switch (shape.type()) {
            case "timestamp" -> {
                Instant t = instant(value);
                yield switch (timestampFormat) {
                    case "rfc822" -> httpDate(t);
                    case "unixTimestamp" -> value.decimalValue().stripTrailingZeros().toPlainString();
                    default -> iso8601(t);
                };
            }
            case "blob" -> value.isBinary() ? Base64.getEncoder().encodeToString(binary(value)) : value.asText();
            case "float", "double" -> value.isIntegralNumber() ? value.asText() + ".0" : value.asText();
            default -> value.asText();
        };
    }

    /**
     * The document value of a scalar's wire text.
     *
     * @param where the parameter, for the error message
     * @throws ServiceError a {@code SerializationException} (the service translates it) when the text is no such value
     */
    public static JsonNode parse(ServiceModel.Shape shape, String text, String timestampFormat, String where) {
        try {
            return switch (shape.type()) {
                case "string" -> TextNode.valueOf(text);
                case "integer", "long" -> LongNode.valueOf(Long.parseLong(text.trim()));
                case "float", "double" -> new DecimalNode(new BigDecimal(text.trim()));
                case "boolean" -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException(text);
                    }
                    yield BooleanNode.valueOf(Boolean.parseBoolean(text));
                }
                case "timestamp" -> epochSeconds(parseInstant(text.trim(), timestampFormat));
                case "blob" -> {
                    Base64.getDecoder().decode(text);
                    yield TextNode.valueOf(text);
                }
                default -> throw new IllegalStateException(shape.name() + " is not a scalar");
            };
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw ServiceError.serialization("Value '" + text + "' for parameter " + where + " is not a valid "
                    + shape.type() + ".");
        }
    }

    private static Instant parseInstant(String text, String format) {
        if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return instant(new DecimalNode(new BigDecimal(text)));
        }
        if ("rfc822".equals(format) || Character.isLetter(text.charAt(0))) {
            return HTTP_DATE.parse(text, Instant::from);
        }
        return OffsetDateTime.parse(text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:?[0-9]{2}$") ? text : text + "Z")
                .toInstant();
    }

    /** The bytes of a blob value (bytes, or base64 text). */
    public static byte[] binary(JsonNode value) {
        if (value instanceof BinaryNode b) {
            return b.binaryValue();
        }
        return Base64.getDecoder().decode(value.asText());
    }

    /** Escapes text for an XML element or attribute. */
    public static String xmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append("&#").append((int) c).append(';');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
