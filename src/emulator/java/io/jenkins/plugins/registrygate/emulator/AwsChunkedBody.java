package io.jenkins.plugins.registrygate.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request body in {@code aws-chunked} content encoding, as the AWS SDKs send S3 uploads: chunks of
 * {@code <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n}, a last chunk of size 0, then trailing headers
 * ({@code x-amz-checksum-crc32:<base64>}) and an empty line. Chunk signatures are not verified, like every other
 * signature.
 *
 * @param payload  the decoded bytes
 * @param trailers the trailing headers, in order
 */
public record AwsChunkedBody(byte[] payload, Map<String, String> trailers) {

    /** Decodes the body; a malformed one is S3's {@code IncompleteBody}. */
    public static AwsChunkedBody decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        Map<String, String> trailers = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            int eol = lineEnd(body, pos);
            String header = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw incomplete();
            }
            pos = eol + 2;
            if (size == 0) {
                break;
            }
            if (pos + size > body.length) {
                throw incomplete();
            }
            out.write(body, pos, size);
            pos += size;
            if (pos + 2 <= body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
                pos += 2;
            }
        }
        while (pos < body.length) {
            int eol = lineEnd(body, pos);
            String line = new String(body, pos, eol - pos, StandardCharsets.UTF_8);
            pos = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return new AwsChunkedBody(out.toByteArray(), trailers);
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        if (from <= body.length) {
            return body.length; // a last line without CRLF
        }
        throw incomplete();
    }

    private static ServiceError incomplete() {
        return new ServiceError(400, "IncompleteBody", "The request body is not valid aws-chunked encoding.");
    }
}
