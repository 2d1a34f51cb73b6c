package io.jenkins.plugins.registrygate.emulator.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;
import io.jenkins.plugins.registrygate.emulator.kms.KmsService;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3ServiceTest extends ServiceTestSupport {

    static final byte[] MODEL = "model.tar.gz bytes: weights and code".getBytes(StandardCharsets.UTF_8);

    S3Client s3;

    @BeforeEach
    void client() {
        s3 = EmulatorClients.s3(emu);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private void put(String bucket, String key, byte[] data) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    @Test
    void putThenGetReturnsTheBytesWithTheMd5Etag() throws Exception {
        s3.createBucket(b -> b.bucket("models"));

        String etag = s3.putObject(b -> b.bucket("models").key("churn/42/model.tar.gz"), RequestBody.fromBytes(MODEL)).eTag();
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("models").key("churn/42/model.tar.gz"));

        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(MODEL));
        assertEquals("\"" + md5 + "\"", etag);
        assertArrayEquals(MODEL, got.asByteArray());
        assertEquals(etag, got.response().eTag());
        assertEquals(MODEL.length, got.response().contentLength());
        assertEquals(ServerSideEncryption.AES256, got.response().serverSideEncryption(), "SSE-S3 by default");
        assertTrue(emu.neighbours().objectExists("s3://models/churn/42/model.tar.gz"));
    }

    @Test
    void headObjectAnswersSizeTypeMetadataAndLastModified() {
        s3.createBucket(b -> b.bucket("models"));
        s3.putObject(b -> b.bucket("models").key("m.tar.gz").contentType("application/x-tar")
                .metadata(java.util.Map.of("git-commit", "4f2a")), RequestBody.fromBytes(MODEL));

        HeadObjectResponse head = s3.headObject(b -> b.bucket("models").key("m.tar.gz"));

        assertEquals(MODEL.length, head.contentLength());
        assertEquals("application/x-tar", head.contentType());
        assertEquals("4f2a", head.metadata().get("git-commit"));
        assertEquals(T0, head.lastModified());
        assertEquals("bytes", head.acceptRanges());
    }

    @Test
    void aMissingKeyIsNoSuchKeyWithTheKeyInTheErrorDocument() {
        s3.createBucket(b -> b.bucket("models"));

        NoSuchKeyException e = assertThrows(NoSuchKeyException.class,
                () -> s3.getObjectAsBytes(b -> b.bucket("models").key("nope")));

        assertEquals("NoSuchKey", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertEquals("The specified key does not exist.", e.awsErrorDetails().errorMessage());
        assertFalse(e.requestId() == null || e.requestId().isEmpty());
        String body = emu.calls("s3", "GetObject").get(0).responseBody();
        assertTrue(body.contains("<Key>nope</Key>"), body);
    }

    @Test
    void headOfAMissingKeyIsABodiless404TheSdkReportsAsNoSuchKey() {
        s3.createBucket(b -> b.bucket("models"));

        S3Exception e = assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket("models").key("nope")));

        assertEquals(404, e.statusCode());
        assertTrue(e instanceof NoSuchKeyException, e.getClass().getName());
        assertEquals("", emu.calls("s3", "HeadObject").get(0).responseBody());
    }

    @Test
    void aMissingBucketIsNoSuchBucket() {
        NoSuchBucketException e = assertThrows(NoSuchBucketException.class,
                () -> s3.getObjectAsBytes(b -> b.bucket("ghost").key("k")));

        assertEquals(404, e.statusCode());
        assertThrows(NoSuchBucketException.class, () -> put("ghost", "k", MODEL));
        assertThrows(NoSuchBucketException.class, () -> s3.listObjectsV2(b -> b.bucket("ghost")));
        assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("ghost")));
    }

    @Test
    void aRangeIsServedWithPartialContent() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket("models").key("m").range("bytes=0-4"));
        ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(b -> b.bucket("models").key("m").range("bytes=-5"));

        assertEquals("model", first.asUtf8String());
        assertEquals("bytes 0-4/" + MODEL.length, first.response().contentRange());
        assertEquals(5L, first.response().contentLength());
        assertEquals(206, emu.calls("s3", "GetObject").get(0).httpStatus());
        assertEquals(" code", tail.asUtf8String());
    }

    @Test
    void aRangeStartingPastTheEndIsInvalidRange() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        S3Exception e = assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(b -> b.bucket("models").key("m").range("bytes=1000-")));

        assertEquals(416, e.statusCode());
        assertEquals("InvalidRange", e.awsErrorDetails().errorCode());
    }

    @Test
    void anSseKmsObjectReportsItsKeyArn() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        s3.createBucket(b -> b.bucket("models"));

        var put = s3.putObject(b -> b.bucket("models").key("m").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(key.keyId()), RequestBody.fromBytes(MODEL));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("models").key("m"));
        GetObjectResponse ranged = s3.getObjectAsBytes(b -> b.bucket("models").key("m").range("bytes=0-0")).response();

        assertEquals(key.arn(), put.ssekmsKeyId());
        assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
        assertEquals(key.arn(), head.ssekmsKeyId());
        assertEquals(key.arn(), ranged.ssekmsKeyId());
    }

    @Test
    void sseKmsWithoutAKeyUsesTheAwsManagedS3Key() {
        s3.createBucket(b -> b.bucket("models"));

        var put = s3.putObject(b -> b.bucket("models").key("m").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromBytes(MODEL));

        assertEquals(emu.kms().awsManagedKey("aws/s3").arn(), put.ssekmsKeyId());
    }

    @Test
    void readingAnSseKmsObjectWithoutKmsDecryptIsAccessDenied() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        KmsService.KeyView other = emu.kms().addKey("something else");
        s3.createBucket(b -> b.bucket("models"));
        s3.putObject(b -> b.bucket("models").key("m").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(key.arn()), RequestBody.fromBytes(MODEL));
        Identities.Credentials deployer = user("deployer");
        emu.identities().deny(deployer.principal(), "kms:Decrypt", other.arn());

        try (S3Client asDeployer = EmulatorClients.s3(emu, EmulatorClients.credentials(deployer))) {
            assertArrayEquals(MODEL, asDeployer.getObjectAsBytes(b -> b.bucket("models").key("m")).asByteArray(),
                    "a refusal on another key does not matter");
            emu.identities().deny(deployer.principal(), "kms:Decrypt", key.arn());

            S3Exception e = assertThrows(S3Exception.class,
                    () -> asDeployer.getObjectAsBytes(b -> b.bucket("models").key("m").range("bytes=0-0")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: kms:Decrypt on "
                    + "resource: \"" + key.arn() + "\" because no identity-based policy allows the kms:Decrypt action",
                    e.awsErrorDetails().errorMessage());
            assertEquals(key.arn(), asDeployer.headObject(b -> b.bucket("models").key("m")).ssekmsKeyId(),
                    "HeadObject decrypts nothing");
        }
    }

    @Test
    void readingAnObjectWhoseKeyIsDisabledFails() {
        KmsService.KeyView key = emu.kms().addKey("model artifacts");
        s3.createBucket(b -> b.bucket("models"));
        s3.putObject(b -> b.bucket("models").key("m").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(key.arn()), RequestBody.fromBytes(MODEL));
        try (var kms = EmulatorClients.kms(emu)) {
            kms.disableKey(b -> b.keyId(key.keyId()));
        }

        S3Exception e = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket("models").key("m")));

        assertEquals("KMS.DisabledException", e.awsErrorDetails().errorCode());
    }

    @Test
    void anUnknownKmsKeyIsRefusedAtUpload() {
        s3.createBucket(b -> b.bucket("models"));

        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("models").key("m")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("alias/none"), RequestBody.fromBytes(MODEL)));

        assertEquals("KMS.NotFoundException", e.awsErrorDetails().errorCode());
        assertFalse(emu.neighbours().objectExists("s3://models/m"));
    }

    @Test
    void withoutListBucketAMissingKeyIsAccessDeniedNotNoSuchKey() {
        s3.createBucket(b -> b.bucket("models"));
        Identities.Credentials deployer = user("deployer");
        emu.identities().deny(deployer.principal(), "s3:ListBucket", "arn:aws:s3:::models");

        try (S3Client asDeployer = EmulatorClients.s3(emu, EmulatorClients.credentials(deployer))) {
            S3Exception e = assertThrows(S3Exception.class, () -> asDeployer.headObject(b -> b.bucket("models").key("nope")));

            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void headObjectNeedsGetObjectPermissionOnTheObject() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "churn/m", MODEL);
        put("models", "fraud/m", MODEL);
        Identities.Credentials deployer = user("deployer");
        emu.identities().deny(deployer.principal(), "s3:GetObject", "arn:aws:s3:::models/fraud/*");

        try (S3Client asDeployer = EmulatorClients.s3(emu, EmulatorClients.credentials(deployer))) {
            asDeployer.headObject(b -> b.bucket("models").key("churn/m"));
            S3Exception e = assertThrows(S3Exception.class, () -> asDeployer.getObjectAsBytes(b -> b.bucket("models")
                    .key("fraud/m")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("s3:GetObject on resource: \"arn:aws:s3:::models/fraud/m\""),
                    e.awsErrorDetails().errorMessage());
            assertEquals(403, assertThrows(S3Exception.class, () -> asDeployer.headObject(b -> b.bucket("models")
                    .key("fraud/m"))).statusCode());
        }
    }

    @Test
    void deleteObjectRemovesItAndAnswers204EvenForAMissingKey() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        s3.deleteObject(b -> b.bucket("models").key("m"));
        s3.deleteObject(b -> b.bucket("models").key("m"));

        assertFalse(emu.neighbours().objectExists("s3://models/m"));
        assertEquals(List.of(204, 204), emu.calls("s3", "DeleteObject").stream().map(c -> c.httpStatus()).toList());
    }

    @Test
    void listObjectsV2ListsKeysInOrderWithPrefixesAndPages() {
        s3.createBucket(b -> b.bucket("models"));
        for (String k : List.of("churn/1/model.tar.gz", "churn/2/model.tar.gz", "churn/README", "fraud/1/model.tar.gz")) {
            put("models", k, MODEL);
        }

        ListObjectsV2Response churn = s3.listObjectsV2(b -> b.bucket("models").prefix("churn/").delimiter("/"));
        ListObjectsV2Response page1 = s3.listObjectsV2(b -> b.bucket("models").maxKeys(2));
        ListObjectsV2Response page2 = s3.listObjectsV2(b -> b.bucket("models").maxKeys(2)
                .continuationToken(page1.nextContinuationToken()));

        assertEquals(List.of("churn/README"), churn.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("churn/1/", "churn/2/"), churn.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(3, churn.keyCount());
        assertEquals(List.of("churn/1/model.tar.gz", "churn/2/model.tar.gz"), page1.contents().stream().map(S3Object::key).toList());
        assertTrue(page1.isTruncated());
        assertEquals(List.of("churn/README", "fraud/1/model.tar.gz"), page2.contents().stream().map(S3Object::key).toList());
        assertFalse(page2.isTruncated());
        assertNull(page2.nextContinuationToken());
        assertEquals(4, s3.listObjectsV2Paginator(b -> b.bucket("models").maxKeys(1)).contents().stream().count());
        assertEquals(MODEL.length, page1.contents().get(0).size());
    }

    @Test
    void listingAPrefixWithMaxKeysOneAnswersItsFirstKeyOrNothing() {
        s3.createBucket(b -> b.bucket("models"));
        for (String k : List.of("churn/7/model/config.json", "churn/7/model/weights.bin", "churn/70/model.tar.gz")) {
            put("models", k, MODEL);
        }

        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("models").prefix("churn/7/model/").maxKeys(1));
        ListObjectsV2Response empty = s3.listObjectsV2(b -> b.bucket("models").prefix("churn/8/").maxKeys(1));

        assertEquals(List.of("churn/7/model/config.json"), first.contents().stream().map(S3Object::key).toList());
        assertEquals(1, first.keyCount());
        assertEquals(1, first.maxKeys(), "max-keys read from the query string");
        assertTrue(first.isTruncated(), "weights.bin follows");
        assertEquals("churn/7/model/", first.prefix());
        assertEquals(List.of(), empty.contents());
        assertEquals(0, empty.keyCount());
        assertFalse(empty.isTruncated());
    }

    @Test
    void keysWithSpacesAndUnicodeRoundTrip() {
        s3.createBucket(b -> b.bucket("models"));
        String key = "churn/v 1+2/modèle@#.tar.gz";

        put("models", key, MODEL);

        assertArrayEquals(MODEL, s3.getObjectAsBytes(b -> b.bucket("models").key(key)).asByteArray());
        assertEquals(List.of(key), s3.listObjectsV2(b -> b.bucket("models")).contents().stream().map(S3Object::key).toList());
    }

    @Test
    void theSdksChecksumIsVerifiedStoredAndReturned() {
        s3.createBucket(b -> b.bucket("models"));
        var put = s3.putObject(b -> b.bucket("models").key("m").checksumAlgorithm("SHA256"), RequestBody.fromBytes(MODEL));

        GetObjectResponse got = s3.getObjectAsBytes(b -> b.bucket("models").key("m").checksumMode(ChecksumMode.ENABLED))
                .response();

        assertTrue(put.checksumSHA256() != null && !put.checksumSHA256().isEmpty(), put.toString());
        assertEquals(put.checksumSHA256(), got.checksumSHA256());
    }

    @Test
    void aWrongContentMd5IsBadDigestAndStoresNothing() {
        s3.createBucket(b -> b.bucket("models"));

        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("models").key("m")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromBytes(MODEL)));

        assertEquals("BadDigest", e.awsErrorDetails().errorCode());
        assertFalse(emu.neighbours().objectExists("s3://models/m"));
    }

    @Test
    void ifNoneMatchStarRefusesToOverwrite() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("models").key("m").ifNoneMatch("*"),
                RequestBody.fromString("other")));

        assertEquals(412, e.statusCode());
        assertEquals("PreconditionFailed", e.awsErrorDetails().errorCode());
        assertArrayEquals(MODEL, s3.getObjectAsBytes(b -> b.bucket("models").key("m")).asByteArray());
    }

    @Test
    void bucketNamesFollowS3sRules() {
        // Names the SDK lets through (it refuses some, such as "ab", itself): S3 answers InvalidBucketName.
        for (String bad : List.of("xn--models", "models-s3alias", "sthree-models", "amzn-s3-demo-x", "a.mrap")) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.createBucket(b -> b.bucket(bad)), bad);
            assertEquals("InvalidBucketName", e.awsErrorDetails().errorCode(), bad);
            assertEquals(400, e.statusCode(), bad);
        }
        assertEquals(List.of(), s3.listBuckets().buckets());
    }

    @Test
    void bucketNameRules() {
        for (String good : List.of("abc", "models", "ml.models-2026", "0models9", "a".repeat(63))) {
            assertTrue(BucketNames.valid(good), good);
        }
        for (String bad : List.of("ab", "a".repeat(64), "Models", "my_bucket", "-models", "models-", "a..b",
                "192.168.1.1", "xn--a", "sthree-a", "amzn-s3-demo-a", "a-s3alias", "a--ol-s3", "a.mrap", "a--x-s3")) {
            assertFalse(BucketNames.valid(bad), bad);
        }
    }

    @Test
    void creatingAnOwnedBucketAgainSucceedsInUsEast1() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        s3.createBucket(b -> b.bucket("models"));

        assertTrue(emu.neighbours().objectExists("s3://models/m"), "the bucket was not reset");
        assertEquals(List.of("models"), s3.listBuckets().buckets().stream().map(x -> x.name()).toList());
    }

    @Test
    void aBucketMustBeEmptyToBeDeleted() {
        s3.createBucket(b -> b.bucket("models"));
        put("models", "m", MODEL);

        S3Exception e = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("models")));
        s3.deleteObject(b -> b.bucket("models").key("m"));
        s3.deleteBucket(b -> b.bucket("models"));

        assertEquals("BucketNotEmpty", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertEquals(List.of(), s3.listBuckets().buckets());
    }

    @Test
    void theSdkUsesPathStyleWithAnIpEndpointEvenWithoutForcePathStyle() {
        try (S3Client plain = EmulatorClients.build(emu, S3Client.builder(),
                EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID))) {
            plain.createBucket(b -> b.bucket("models"));
            plain.putObject(b -> b.bucket("models").key("m"), RequestBody.fromBytes(MODEL));

            assertArrayEquals(MODEL, plain.getObjectAsBytes(b -> b.bucket("models").key("m")).asByteArray());
        }
    }

    @Test
    void aDeniedPutIsAccessDeniedAndStoresNothing() {
        s3.createBucket(b -> b.bucket("models"));
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "s3:PutObject");

        try (S3Client asBob = EmulatorClients.s3(emu, EmulatorClients.credentials(bob))) {
            S3Exception e = assertThrows(S3Exception.class, () -> asBob.putObject(b -> b.bucket("models").key("m"),
                    RequestBody.fromBytes(MODEL)));
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        }
        assertFalse(emu.neighbours().objectExists("s3://models/m"));
    }
}
