package io.jenkins.plugins.registrygate.emulator.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;
import io.jenkins.plugins.registrygate.emulator.kms.KmsService;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * S3 buckets and objects: where a SageMaker model's artifact lives. REST-XML
 * ({@link io.jenkins.plugins.registrygate.emulator.RestXmlProtocol}), validated against the S3 model botocore ships.
 *
 * <p>Operations: {@code CreateBucket}, {@code HeadBucket}, {@code ListBuckets}, {@code DeleteBucket},
 * {@code PutObject}, {@code HeadObject}, {@code GetObject}, {@code DeleteObject}, {@code ListObjectsV2}. From the S3
 * API reference and user guide:
 * <ul>
 *   <li>Bucket names follow S3's naming rules ({@code InvalidBucketName}); creating a bucket you own again answers 200
 *       in us-east-1 and {@code BucketAlreadyOwnedByYou} (409) elsewhere; a {@code LocationConstraint} must name the
 *       endpoint's region, and us-east-1 takes none ({@code InvalidLocationConstraint},
 *       {@code IllegalLocationConstraintException}); a bucket must be empty to be deleted ({@code BucketNotEmpty}).</li>
 *   <li>An unknown bucket is {@code NoSuchBucket} (404), an unknown key {@code NoSuchKey} (404), a {@code HEAD} of
 *       either a bare 404; but a caller without {@code s3:ListBucket} on the bucket gets {@code AccessDenied} (403) for
 *       a key that does not exist, as S3 does so as not to reveal which keys exist.</li>
 *   <li>The ETag is the quoted hex MD5 of the object; {@code Content-MD5} and the flexible checksums
 *       ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -sha1}, {@code -sha256}, in a header or an aws-chunked
 *       trailer) are verified ({@code BadDigest}, {@code InvalidDigest}), stored, and returned by {@code GetObject}
 *       and {@code HeadObject} when the request has {@code x-amz-checksum-mode: ENABLED} and asks for the whole
 *       object.</li>
 *   <li>Every object is encrypted: SSE-S3 ({@code AES256}) by default, SSE-KMS ({@code aws:kms}) with the key named
 *       by {@code x-amz-server-side-encryption-aws-kms-key-id} (an id, ARN or alias; the AWS managed key
 *       {@code aws/s3} when none is named), reported as the key's ARN. Writing needs {@code kms:GenerateDataKey} and
 *       reading ({@code GetObject}, not {@code HeadObject}) needs {@code kms:Decrypt} on the key, else
 *       {@code AccessDenied}; a key id without {@code aws:kms} is {@code InvalidArgument}.</li>
 *   <li>{@code GetObject} serves one byte range ({@code 206}, {@code Content-Range}); a range that starts past the
 *       end is {@code InvalidRange} (416); a malformed or multiple range is ignored (the whole object). Conditional
 *       requests: {@code If-Match}/{@code If-Unmodified-Since} fail with {@code PreconditionFailed} (412),
 *       {@code If-None-Match}/{@code If-Modified-Since} with 304; {@code PutObject} with {@code If-None-Match: *}
 *       refuses to overwrite (412).</li>
 *   <li>{@code DeleteObject} of a key that does not exist answers 204 like any delete.</li>
 *   <li>{@code ListObjectsV2}: keys in order, {@code Prefix}, {@code Delimiter} with {@code CommonPrefixes},
 *       {@code MaxKeys} (default and maximum 1000, prefixes counted), {@code StartAfter}, {@code ContinuationToken},
 *       {@code FetchOwner}, {@code EncodingType=url}.</li>
 * </ul>
 * Design choices: buckets are not versioned (a {@code versionId} other than {@code null} is {@code InvalidArgument});
 * every principal of the emulator belongs to its one account, so every bucket is "owned by you"; a disabled or
 * pending-deletion key is answered with the KMS error under S3's {@code KMS.} prefix ({@code KMS.DisabledException},
 * {@code KMS.KMSInvalidStateException}, HTTP 400); continuation tokens are opaque; {@code LastModified} has whole
 * seconds (as HTTP dates do); constraint violations of the model are {@code InvalidArgument}.
 */
public final class S3Service extends ModelledService {

    /** The root elements of the XML answers the S3 model leaves unnamed. */
    public static final Map<String, String> DOCUMENT_ROOTS = Map.of(
            "ListObjectsV2", "ListBucketResult", "ListObjects", "ListBucketResult",
            "ListBuckets", "ListAllMyBucketsResult");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_KEYS = 1000;
    /** Object headers stored at PutObject and returned by GetObject/HeadObject, by member name. */
    private static final List<String> STORED_HEADERS = List.of("CacheControl", "ContentDisposition", "ContentEncoding",
            "ContentLanguage", "Expires", "WebsiteRedirectLocation");
    /** The checksums S3 verifies here, by member name. */
    private static final List<String> CHECKSUMS = List.of("ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME",
            "ChecksumSHA1", "ChecksumSHA256");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Identities identities;
    private final KmsService kms;
    private final Map<String, Bucket> buckets = new TreeMap<>();

    private static final class Bucket {
        final String name;
        final Instant created;
        final TreeMap<String, StoredObject> objects = new TreeMap<>();

        Bucket(String name, Instant created) {
            this.name = name;
            this.created = created;
        }
    }

    private record StoredObject(String key, byte[] data, String etag, Instant lastModified, String contentType,
                                Map<String, String> headers, Map<String, String> metadata, String encryption,
                                String kmsKeyArn, boolean bucketKeyEnabled, Map<String, String> checksums,
                                String storageClass) {}

    public S3Service(ServiceModel model, String region, String accountId, Clock clock, Identities identities,
                     KmsService kms) {
        super(model);
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.identities = identities;
        this.kms = kms;
        on("CreateBucket", this::createBucket);
        on("HeadBucket", this::headBucket);
        on("ListBuckets", this::listBuckets);
        on("DeleteBucket", this::deleteBucket);
        on("PutObject", this::putObject);
        on("HeadObject", (c, r) -> readObject(c, r, false));
        on("GetObject", (c, r) -> readObject(c, r, true));
        on("DeleteObject", this::deleteObject);
        on("ListObjectsV2", this::listObjectsV2);
    }

    /** Whether the object of an {@code s3://bucket/key} URI exists. */
    public boolean objectExists(String s3Uri) {
        if (!s3Uri.startsWith("s3://")) {
            return false;
        }
        String rest = s3Uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return false;
        }
        synchronized (lock) {
            Bucket b = buckets.get(rest.substring(0, slash));
            return b != null && b.objects.containsKey(rest.substring(slash + 1));
        }
    }

    /** Whether any object's key starts with the prefix of an {@code s3://bucket/prefix} URI (the bucket's own: any). */
    public boolean prefixHasObjects(String s3Uri) {
        if (!s3Uri.startsWith("s3://")) {
            return false;
        }
        String rest = s3Uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        synchronized (lock) {
            Bucket b = buckets.get(bucket);
            if (b == null) {
                return false;
            }
            String first = b.objects.ceilingKey(prefix);
            return first != null && first.startsWith(prefix);
        }
    }

    /** The KMS key ARN an object is encrypted with, if it exists and uses SSE-KMS. */
    public Optional<String> objectKmsKey(String bucket, String key) {
        synchronized (lock) {
            Bucket b = buckets.get(bucket);
            StoredObject o = b == null ? null : b.objects.get(key);
            return o == null ? Optional.empty() : Optional.ofNullable(o.kmsKeyArn());
        }
    }

    @Override
    public String iamAction(String operation) {
        return "s3:" + switch (operation) {
            case "HeadObject" -> "GetObject";
            case "HeadBucket", "ListObjectsV2", "ListObjects" -> "ListBucket";
            case "ListBuckets" -> "ListAllMyBuckets";
            default -> operation;
        };
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        String bucket = input.path("Bucket").asText("");
        if (bucket.isEmpty()) {
            return "*";
        }
        String key = input.path("Key").asText("");
        return "arn:aws:s3:::" + bucket + (key.isEmpty() ? "" : "/" + key);
    }

    @Override
    public ServiceError accessDenied(Caller caller, String action, String resource) {
        return new ServiceError(403, "AccessDenied", "User: " + caller.principal().arn()
                + " is not authorized to perform: " + action + " on resource: \"" + resource
                + "\" because no identity-based policy allows the " + action + " action");
    }

    /** The common errors in S3's words. */
    @Override
    public ServiceError translate(ServiceError e) {
        return switch (e.errorCode()) {
            case ServiceError.VALIDATION, ServiceError.SERIALIZATION -> e.reworded(400, "InvalidArgument", e.getMessage());
            case ServiceError.UNKNOWN_OPERATION -> e.reworded(501, "NotImplemented", e.getMessage());
            case ServiceError.THROTTLING -> e.reworded(503, "SlowDown", "Please reduce your request rate.");
            case ServiceError.INTERNAL_FAILURE -> e.reworded(500, "InternalError", e.getMessage());
            case ServiceError.SERVICE_UNAVAILABLE -> e.reworded(503, "ServiceUnavailable",
                    "Please reduce your request rate.");
            case ServiceError.UNRECOGNIZED_CLIENT -> e.reworded(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.");
            case ServiceError.ACCESS_DENIED -> e.reworded(403, "AccessDenied", e.getMessage());
            default -> e;
        };
    }

    // ------------------------------------------------------------------ buckets

    private ObjectNode createBucket(Caller caller, ObjectNode r) {
        String name = r.get("Bucket").asText();
        if (!BucketNames.valid(name)) {
            throw new ServiceError(400, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", name);
        }
        String constraint = r.path("CreateBucketConfiguration").path("LocationConstraint").asText("");
        if ("us-east-1".equals(region)) {
            if (constraint.equals("us-east-1")) {
                throw new ServiceError(400, "InvalidLocationConstraint", "The specified location-constraint is not valid")
                        .with("LocationConstraint", constraint);
            }
            if (!constraint.isEmpty()) {
                throw illegalConstraint(constraint);
            }
        } else if (!constraint.equals(region)) {
            throw illegalConstraint(constraint.isEmpty() ? "unspecified" : constraint);
        }
        if (buckets.containsKey(name)) {
            if (!"us-east-1".equals(region)) {
                throw new ServiceError(409, "BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and you already own it.")
                        .with("BucketName", name);
            }
        } else {
            buckets.put(name, new Bucket(name, clock.instant()));
        }
        return NODES.objectNode().put("Location", "/" + name);
    }

    private static ServiceError illegalConstraint(String constraint) {
        return new ServiceError(400, "IllegalLocationConstraintException", "The " + constraint
                + " location constraint is incompatible for the region specific endpoint this request was sent to.");
    }

    private Bucket bucket(ObjectNode r) {
        String name = r.get("Bucket").asText();
        Bucket b = buckets.get(name);
        if (b == null) {
            throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist").with("BucketName", name);
        }
        return b;
    }

    private ObjectNode headBucket(Caller caller, ObjectNode r) {
        bucket(r);
        return NODES.objectNode().put("BucketRegion", region);
    }

    private ObjectNode listBuckets(Caller caller, ObjectNode r) {
        String prefix = r.path("Prefix").asText("");
        int max = r.path("MaxBuckets").asInt(Integer.MAX_VALUE);
        String after = r.has("ContinuationToken") ? decodeToken(r.get("ContinuationToken").asText()) : "";
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Buckets");
        String last = null;
        int listed = 0;
        boolean more = false;
        for (Bucket b : buckets.values()) {
            if (!b.name.startsWith(prefix) || b.name.compareTo(after) <= 0) {
                continue;
            }
            if (listed == max) {
                more = true;
                break;
            }
            list.addObject().put("Name", b.name).put("BucketRegion", region)
                    .set("CreationDate", WireValues.epochSeconds(b.created));
            last = b.name;
            listed++;
        }
        out.set("Owner", owner());
        if (more) {
            out.put("ContinuationToken", encodeToken(last));
        }
        if (r.has("Prefix")) {
            out.put("Prefix", prefix);
        }
        return out;
    }

    private ObjectNode owner() {
        return NODES.objectNode().put("ID", canonicalUserId());
    }

    /** The account's canonical user id: 64 hex digits, stable per account. */
    private String canonicalUserId() {
        return HexFormat.of().formatHex(digest("SHA-256", accountId.getBytes(StandardCharsets.UTF_8)));
    }

    private ObjectNode deleteBucket(Caller caller, ObjectNode r) {
        Bucket b = bucket(r);
        if (!b.objects.isEmpty()) {
            throw new ServiceError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
                    .with("BucketName", b.name);
        }
        buckets.remove(b.name);
        return null;
    }

    // ------------------------------------------------------------------ objects

    private ObjectNode putObject(Caller caller, ObjectNode r) {
        Bucket b = bucket(r);
        String key = r.get("Key").asText();
        byte[] data = r.has("Body") ? WireValues.binary(r.get("Body")) : new byte[0];
        StoredObject existing = b.objects.get(key);
        if (r.has("IfNoneMatch") && "*".equals(r.get("IfNoneMatch").asText().trim()) && existing != null) {
            throw preconditionFailed("If-None-Match");
        }
        if (r.has("IfMatch")) {
            if (existing == null) {
                throw noSuchKey(key);
            }
            if (!etagMatches(r.get("IfMatch").asText(), existing.etag())) {
                throw preconditionFailed("If-Match");
            }
        }
        byte[] md5 = digest("MD5", data);
        if (r.has("ContentMD5")) {
            byte[] given;
            try {
                given = Base64.getDecoder().decode(r.get("ContentMD5").asText().trim());
            } catch (IllegalArgumentException e) {
                given = new byte[0];
            }
            if (given.length != 16) {
                throw new ServiceError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.")
                        .with("Content-MD5", r.get("ContentMD5").asText());
            }
            if (!Arrays.equals(given, md5)) {
                throw new ServiceError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
                        .with("ExpectedDigest", r.get("ContentMD5").asText())
                        .with("CalculatedDigest", Base64.getEncoder().encodeToString(md5));
            }
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String member : CHECKSUMS) {
            if (r.has(member)) {
                String given = r.get(member).asText().trim();
                Optional<String> computed = checksum(member, data);
                if (computed.isPresent() && !computed.get().equals(given)) {
                    String algorithm = member.substring("Checksum".length());
                    throw new ServiceError(400, "BadDigest", "The " + algorithm
                            + " you specified did not match the calculated checksum.");
                }
                checksums.put(member, given);
            }
        }
        String encryption = r.path("ServerSideEncryption").asText("AES256");
        String keyArn = null;
        if (r.has("SSEKMSKeyId") && !encryption.startsWith("aws:kms")) {
            throw new ServiceError(400, "InvalidArgument", "Server Side Encryption with AWS KMS managed key requires "
                    + "HTTP header x-amz-server-side-encryption : aws:kms")
                    .with("ArgumentName", "x-amz-server-side-encryption").with("ArgumentValue", "null");
        }
        if (encryption.startsWith("aws:kms")) {
            KmsService.KeyView k = r.has("SSEKMSKeyId") ? kmsKey(r.get("SSEKMSKeyId").asText()) : kms.awsManagedKey("aws/s3");
            requireUsable(k);
            requireAllowed(identities, caller, "kms:GenerateDataKey", k.arn());
            keyArn = k.arn();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : STORED_HEADERS) {
            if (r.has(h)) {
                headers.put(h, r.get(h).asText());
            }
        }
        Map<String, String> metadata = new TreeMap<>();
        r.path("Metadata").properties().forEach(e -> metadata.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        String etag = "\"" + HexFormat.of().formatHex(md5) + "\"";
        StoredObject o = new StoredObject(key, data, etag, clock.instant().truncatedTo(ChronoUnit.SECONDS),
                r.path("ContentType").asText("binary/octet-stream"), headers, metadata, encryption, keyArn,
                r.path("BucketKeyEnabled").asBoolean(false), checksums, r.path("StorageClass").asText("STANDARD"));
        b.objects.put(key, o);
        ObjectNode out = NODES.objectNode();
        out.put("ETag", etag);
        checksums.forEach(out::put);
        if (!checksums.isEmpty()) {
            out.put("ChecksumType", "FULL_OBJECT");
        }
        out.put("ServerSideEncryption", encryption);
        if (keyArn != null) {
            out.put("SSEKMSKeyId", keyArn);
            if (o.bucketKeyEnabled()) {
                out.put("BucketKeyEnabled", true);
            }
        }
        return out;
    }

    /** The KMS key an SSE-KMS request names; an unknown one is answered as S3 relays KMS's error. */
    private KmsService.KeyView kmsKey(String named) {
        return kms.find(named).orElseThrow(() -> new ServiceError(400, "KMS.NotFoundException",
                "Invalid keyId '" + named + "'"));
    }

    private static void requireUsable(KmsService.KeyView k) {
        if ("Disabled".equals(k.state())) {
            throw new ServiceError(400, "KMS.DisabledException", k.arn() + " is disabled.");
        }
        if (!k.enabled()) {
            throw new ServiceError(400, "KMS.KMSInvalidStateException", k.arn() + " is " + k.state() + ".");
        }
    }

    private ObjectNode readObject(Caller caller, ObjectNode r, boolean withBody) {
        Bucket b = bucket(r);
        String key = r.get("Key").asText();
        if (r.has("VersionId") && !"null".equals(r.get("VersionId").asText())) {
            throw new ServiceError(400, "InvalidArgument", "Invalid version id specified")
                    .with("ArgumentName", "versionId").with("ArgumentValue", r.get("VersionId").asText());
        }
        StoredObject o = b.objects.get(key);
        if (o == null) {
            requireAllowed(identities, caller, "s3:ListBucket", "arn:aws:s3:::" + b.name);
            throw noSuchKey(key);
        }
        checkConditions(r, o);
        ByteRange.Request range = ByteRange.parse(Optional.ofNullable(r.path("Range").textValue()), o.data().length);
        if (range instanceof ByteRange.Unsatisfiable) {
            throw new ServiceError(416, "InvalidRange", "The requested range is not satisfiable")
                    .with("RangeRequested", r.get("Range").asText())
                    .with("ActualObjectSize", String.valueOf(o.data().length));
        }
        if (withBody && o.kmsKeyArn() != null) {
            KmsService.KeyView k = kms.find(o.kmsKeyArn()).orElseThrow();
            requireAllowed(identities, caller, "kms:Decrypt", k.arn());
            requireUsable(k);
        }
        ObjectNode out = NODES.objectNode();
        out.put("AcceptRanges", "bytes");
        out.set("LastModified", WireValues.epochSeconds(o.lastModified()));
        out.put("ETag", o.etag());
        out.put("ContentType", r.path("ResponseContentType").asText(o.contentType()));
        o.headers().forEach(out::put);
        overrideFromQuery(r, out);
        if (!o.metadata().isEmpty()) {
            ObjectNode meta = out.putObject("Metadata");
            o.metadata().forEach(meta::put);
        }
        out.put("ServerSideEncryption", o.encryption());
        if (o.kmsKeyArn() != null) {
            out.put("SSEKMSKeyId", o.kmsKeyArn());
            if (o.bucketKeyEnabled()) {
                out.put("BucketKeyEnabled", true);
            }
        }
        if (!"STANDARD".equals(o.storageClass())) {
            out.put("StorageClass", o.storageClass());
        }
        byte[] body = o.data();
        if (range instanceof ByteRange.Part part) {
            ByteRange br = part.range();
            body = Arrays.copyOfRange(o.data(), (int) br.first(), (int) br.last() + 1);
            out.put("ContentRange", br.contentRange(o.data().length));
        } else if ("ENABLED".equals(r.path("ChecksumMode").asText("")) && !o.checksums().isEmpty()) {
            o.checksums().forEach(out::put);
            out.put("ChecksumType", "FULL_OBJECT");
        }
        out.put("ContentLength", body.length);
        if (withBody) {
            out.set("Body", new BinaryNode(body));
        }
        return out;
    }

    private static void overrideFromQuery(ObjectNode r, ObjectNode out) {
        Map<String, String> overrides = Map.of("ResponseCacheControl", "CacheControl",
                "ResponseContentDisposition", "ContentDisposition", "ResponseContentEncoding", "ContentEncoding",
                "ResponseContentLanguage", "ContentLanguage");
        overrides.forEach((query, member) -> {
            if (r.has(query)) {
                out.put(member, r.get(query).asText());
            }
        });
        if (r.has("ResponseExpires")) {
            out.put("Expires", WireValues.httpDate(WireValues.instant(r.get("ResponseExpires"))));
        }
    }

    private static void checkConditions(ObjectNode r, StoredObject o) {
        if (r.has("IfMatch") && !etagMatches(r.get("IfMatch").asText(), o.etag())) {
            throw preconditionFailed("If-Match");
        }
        if (!r.has("IfMatch") && r.has("IfUnmodifiedSince")
                && o.lastModified().isAfter(WireValues.instant(r.get("IfUnmodifiedSince")))) {
            throw preconditionFailed("If-Unmodified-Since");
        }
        if (r.has("IfNoneMatch") && etagMatches(r.get("IfNoneMatch").asText(), o.etag())) {
            throw notModified(o);
        }
        if (!r.has("IfNoneMatch") && r.has("IfModifiedSince")
                && !o.lastModified().isAfter(WireValues.instant(r.get("IfModifiedSince")))) {
            throw notModified(o);
        }
    }

    private static boolean etagMatches(String condition, String etag) {
        for (String candidate : condition.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static ServiceError preconditionFailed(String condition) {
        return new ServiceError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
                .with("Condition", condition);
    }

    /** HTTP 304: no error document; the ETag and Last-Modified go out as headers. */
    private static ServiceError notModified(StoredObject o) {
        return new ServiceError(304, "NotModified", "Not Modified").with("ETag", o.etag())
                .with("Last-Modified", WireValues.httpDate(o.lastModified()));
    }

    private static ServiceError noSuchKey(String key) {
        return new ServiceError(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
    }

    private ObjectNode deleteObject(Caller caller, ObjectNode r) {
        Bucket b = bucket(r);
        b.objects.remove(r.get("Key").asText());
        return NODES.objectNode();
    }

    private ObjectNode listObjectsV2(Caller caller, ObjectNode r) {
        Bucket b = bucket(r);
        String prefix = r.path("Prefix").asText("");
        String delimiter = r.path("Delimiter").asText("");
        int max = Math.min(r.path("MaxKeys").asInt(MAX_KEYS), MAX_KEYS);
        boolean url = "url".equals(r.path("EncodingType").asText(""));
        String after = r.path("StartAfter").asText("");
        if (r.has("ContinuationToken")) {
            String token = decodeToken(r.get("ContinuationToken").asText());
            after = token.compareTo(after) > 0 ? token : after;
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode contents = out.putArray("Contents");
        ArrayNode prefixes = out.putArray("CommonPrefixes");
        int count = 0;
        String last = null;
        boolean truncated = false;
        String lastPrefix = null;
        for (StoredObject o : b.objects.tailMap(after, false).values()) {
            String key = o.key();
            if (!key.startsWith(prefix) || (lastPrefix != null && key.startsWith(lastPrefix))) {
                continue;
            }
            int d = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            if (count == max) {
                truncated = true;
                break;
            }
            if (d >= 0) {
                lastPrefix = key.substring(0, d + delimiter.length());
                prefixes.addObject().put("Prefix", url ? urlEncode(lastPrefix) : lastPrefix);
                // resume after every key under this prefix
                last = lastPrefix + Character.MAX_VALUE;
            } else {
                ObjectNode c = contents.addObject();
                c.put("Key", url ? urlEncode(key) : key);
                c.set("LastModified", WireValues.epochSeconds(o.lastModified()));
                c.put("ETag", o.etag());
                if (!o.checksums().isEmpty()) {
                    ArrayNode algorithms = c.putArray("ChecksumAlgorithm");
                    o.checksums().keySet().forEach(k -> algorithms.add(k.substring("Checksum".length())));
                    c.put("ChecksumType", "FULL_OBJECT");
                }
                c.put("Size", o.data().length);
                c.put("StorageClass", o.storageClass());
                if (r.path("FetchOwner").asBoolean(false)) {
                    c.set("Owner", owner());
                }
                last = key;
            }
            count++;
        }
        if (contents.isEmpty()) {
            out.remove("Contents");
        }
        if (prefixes.isEmpty()) {
            out.remove("CommonPrefixes");
        }
        out.put("IsTruncated", truncated);
        out.put("Name", b.name);
        out.put("Prefix", url ? urlEncode(prefix) : prefix);
        if (!delimiter.isEmpty()) {
            out.put("Delimiter", url ? urlEncode(delimiter) : delimiter);
        }
        out.put("MaxKeys", max);
        if (url) {
            out.put("EncodingType", "url");
        }
        out.put("KeyCount", count);
        if (r.has("ContinuationToken")) {
            out.set("ContinuationToken", r.get("ContinuationToken"));
        }
        if (truncated) {
            out.put("NextContinuationToken", encodeToken(last));
        }
        if (r.has("StartAfter")) {
            out.put("StartAfter", url ? urlEncode(r.get("StartAfter").asText()) : r.get("StartAfter").asText());
        }
        return out;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeToken(String key) {
        return Base64.getEncoder().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("k:")) {
                return decoded.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new ServiceError(400, "InvalidArgument", "The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token").with("ArgumentValue", token);
    }

    // ------------------------------------------------------------------ checksums

    /** The base64 checksum S3 would compute for the member, if the emulator computes that algorithm. */
    private static Optional<String> checksum(String member, byte[] data) {
        return switch (member) {
            case "ChecksumCRC32" -> Optional.of(crc(new CRC32(), data));
            case "ChecksumCRC32C" -> Optional.of(crc(new CRC32C(), data));
            case "ChecksumSHA1" -> Optional.of(Base64.getEncoder().encodeToString(digest("SHA-1", data)));
            case "ChecksumSHA256" -> Optional.of(Base64.getEncoder().encodeToString(digest("SHA-256", data)));
            default -> Optional.empty();
        };
    }

    private static String crc(Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
