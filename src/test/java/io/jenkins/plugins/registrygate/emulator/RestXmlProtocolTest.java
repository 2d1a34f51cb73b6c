package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S3's REST-XML, seen with a plain HTTP client and raw sockets. */
class RestXmlProtocolTest {

    private static final String S3_SIGNED = "AWS4-HMAC-SHA256 Credential=EMULATORACCESSKEY/20260105/us-east-1/s3/"
            + "aws4_request, SignedHeaders=host, Signature=0";

    private final HttpClient http = HttpClient.newHttpClient();
    private SageMakerEmulator emu;

    @BeforeEach
    void start() throws Exception {
        emu = SageMakerEmulator.start(new MutableClock(ServiceTestSupport.T0));
        send("PUT", "/models", "");
        send("PUT", "/models/churn/model.tar.gz", "weights");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(emu.endpoint().resolve(path)).header("Authorization", S3_SIGNED)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request over a raw socket (the JDK client refuses to set Host), answered with Connection: close. */
    private String raw(String head, byte[] body) throws IOException {
        try (Socket s = new Socket(emu.boundAddress().getAddress(), emu.boundAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void pathStyleAddressesBucketAndKey() throws Exception {
        HttpResponse<String> r = send("GET", "/models/churn/model.tar.gz", "");

        assertEquals(200, r.statusCode());
        assertEquals("weights", r.body());
        assertTrue(r.headers().firstValue("x-amz-request-id").isPresent());
        assertTrue(r.headers().firstValue("x-amz-id-2").isPresent());
    }

    @Test
    void virtualHostedStyleTakesTheBucketFromTheHost() throws Exception {
        String answer = raw("GET /churn/model.tar.gz HTTP/1.1\r\nHost: models.localhost:" + emu.endpoint().getPort()
                + "\r\nAuthorization: " + S3_SIGNED + "\r\n", new byte[0]);

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("weights"), answer);
    }

    @Test
    void headAnswersTheObjectsLengthWithoutABody() throws Exception {
        String answer = raw("HEAD /models/churn/model.tar.gz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + S3_SIGNED
                + "\r\n", new byte[0]);

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.toLowerCase().contains("content-length: 7\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\n"), "no body: " + answer);
    }

    @Test
    void errorsAreS3ErrorDocuments() throws Exception {
        HttpResponse<String> r = send("GET", "/models/nope", "");

        assertEquals(404, r.statusCode());
        assertEquals("application/xml", r.headers().firstValue("Content-Type").orElseThrow());
        String id = r.headers().firstValue("x-amz-request-id").orElseThrow();
        assertTrue(r.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message><Key>nope</Key><RequestId>" + id
                + "</RequestId><HostId>"), r.body());
    }

    @Test
    void anUnemulatedOperationIsNotImplemented() throws Exception {
        HttpResponse<String> r = send("GET", "/models?acl", "");

        assertEquals(501, r.statusCode());
        assertTrue(r.body().contains("<Code>NotImplemented</Code>"), r.body());
        assertEquals("GetBucketAcl", emu.calls().get(emu.calls().size() - 1).operation());
    }

    @Test
    void aRequestNoOperationBindsIsMethodNotAllowed() throws Exception {
        HttpResponse<String> r = send("POST", "/models/churn/model.tar.gz", "x");

        assertEquals(405, r.statusCode());
        assertTrue(r.body().contains("<Code>MethodNotAllowed</Code>"), r.body());
    }

    @Test
    void listObjectsV2IsToldFromListObjectsByItsQueryParameter() throws Exception {
        HttpResponse<String> v2 = send("GET", "/models?list-type=2&prefix=churn%2F", "");
        HttpResponse<String> v1 = send("GET", "/models", "");

        assertEquals(200, v2.statusCode(), v2.body());
        assertTrue(v2.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"), v2.body());
        assertTrue(v2.body().contains("<Contents><Key>churn/model.tar.gz</Key>"), v2.body());
        assertEquals(501, v1.statusCode(), "ListObjects (v1) is not emulated");
    }

    private static String chunked(String payload, String trailerName, String trailerValue) {
        return Integer.toHexString(payload.length()) + ";chunk-signature=0\r\n" + payload + "\r\n"
                + "0;chunk-signature=0\r\n" + trailerName + ":" + trailerValue + "\r\n\r\n";
    }

    private static String crc32(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private String putChunked(String key, String body) throws IOException {
        return raw("PUT /models/" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + S3_SIGNED + "\r\n"
                + "Content-Encoding: aws-chunked\r\nx-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER\r\n"
                + "x-amz-decoded-content-length: 5\r\nx-amz-trailer: x-amz-checksum-crc32\r\n",
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void awsChunkedUploadsAreDecodedAndTheirTrailingChecksumVerified() throws Exception {
        String good = putChunked("good", chunked("hello", "x-amz-checksum-crc32", crc32("hello")));
        String bad = putChunked("bad", chunked("hello", "x-amz-checksum-crc32", crc32("jello")));

        assertTrue(good.startsWith("HTTP/1.1 200"), good);
        assertTrue(good.toLowerCase().contains("x-amz-checksum-crc32: " + crc32("hello").toLowerCase()), good);
        assertEquals("hello", send("GET", "/models/good", "").body());
        assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
        assertTrue(bad.contains("<Code>BadDigest</Code>"), bad);
        assertFalse(emu.s3().objectExists("s3://models/bad"));
    }

    @Test
    void theStoredContentEncodingDropsAwsChunked() throws Exception {
        putChunked("good", chunked("hello", "x-amz-checksum-crc32", crc32("hello")));

        HttpResponse<String> r = send("GET", "/models/good", "");

        assertFalse(r.headers().firstValue("Content-Encoding").isPresent(), r.headers().toString());
    }
}
