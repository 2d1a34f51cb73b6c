package io.jenkins.plugins.registrygate.gates;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The preflight through the AWS SDK, with the deploying identity's credentials. For every container of the version
 * (SageMaker deploys them all), the fewest calls that prove what it will need: its model data, by HeadObject for one
 * object ({@code ModelDataUrl}, an {@code S3Object} data source) or by listing at most one key for an
 * {@code S3Prefix} (then HeadObject of that key, for its encryption), and, for an SSE-KMS object, a one-byte ranged
 * GetObject, which only succeeds when the identity may decrypt with the key (DescribeKey only to explain a refusal);
 * its image by DescribeImages, with the digest ECR reports now compared with the {@code image:digest} the version was
 * registered with. Then GetRole (its trust policy must let SageMaker assume it) and DescribeAlarms, metric and
 * composite alarms. A check the service did not answer throws a transient {@link RegistryException} rather than
 * reporting a result, so that an unreliable network delays the gate instead of refusing the deployment.
 */
public final class AwsPreflight implements Preflight {

    /** The clients, per the connection the deployment uses; ECR per region, since an image may live in another. */
    public record Clients(S3Client s3, KmsClient kms, Function<String, EcrClient> ecr, IamClient iam, CloudWatchClient cloudWatch) {}

    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)(?:/(.*))?", Pattern.DOTALL);
    private static final Pattern S3_HTTPS = Pattern.compile(
            "https://([^./]+)\\.s3[.-](?:[a-z0-9-]+\\.)?amazonaws\\.com(?:\\.cn)?(?:/(.*))?", Pattern.DOTALL);
    private static final Pattern ECR_IMAGE = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?");
    private static final Pattern DIGEST = Pattern.compile("[Ss][Hh][Aa]256:[0-9a-fA-F]{64}");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z\\-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)");

    private final Clients clients;

    public AwsPreflight(Clients clients) {
        this.clients = clients;
    }

    @Override
    public List<GateCheckResult> check(Subject subject) {
        List<GateCheckResult> out = new ArrayList<>();
        List<Container> containers = subject.containers();
        if (containers.isEmpty()) {
            out.add(na(GateCheck.MODEL_ARTIFACT, "the version has no inference containers"));
            out.add(na(GateCheck.ARTIFACT_KEY, "no model data"));
            out.add(fail(GateCheck.IMAGE, "the version has no inference specification with containers: SageMaker would have"
                    + " nothing to deploy"));
        }
        // The version's one image:digest names the image of a one-container version; with several it cannot say which.
        Optional<String> registered = containers.size() == 1 ? subject.registeredDigest() : Optional.empty();
        String notCompared = containers.size() > 1 && subject.registeredDigest().isPresent()
                ? " (" + MetadataKeys.IMAGE_DIGEST + " not compared: it is one digest for the version's " + containers.size()
                        + " containers)" : "";
        for (Container c : containers) {
            String where = containers.size() > 1 ? c.label() + ": " : "";
            List<GateCheckResult> checked = new ArrayList<>();
            if (c.modelData().isEmpty()) {
                checked.add(na(GateCheck.MODEL_ARTIFACT, "the version names no model data (the image carries the model)"));
                checked.add(na(GateCheck.ARTIFACT_KEY, "no model data"));
            }
            for (ModelData data : c.modelData()) {
                checked.addAll(modelData(data));
            }
            GateCheckResult image = image(c.image(), registered);
            checked.add(image.getOutcome() == CheckOutcome.PASSED ? withDetail(image, image.getDetail() + notCompared) : image);
            checked.forEach(r -> out.add(where.isEmpty() ? r : withDetail(r, where + r.getDetail())));
        }
        out.add(role(subject.executionRoleArn()));
        out.add(alarms(subject.alarms()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------- S3 and KMS

    /** An S3 location: a bucket and a key (or key name prefix, possibly empty). */
    private record S3Location(String bucket, String key) {
        static Optional<S3Location> of(String uri) {
            Matcher m = S3_URI.matcher(uri);
            if (!m.matches()) {
                m = S3_HTTPS.matcher(uri);
            }
            return m.matches() ? Optional.of(new S3Location(m.group(1), m.group(2) == null ? "" : m.group(2))) : Optional.empty();
        }
    }

    private List<GateCheckResult> modelData(ModelData data) {
        Optional<S3Location> at = S3Location.of(data.uri());
        if (at.isEmpty()) {
            return List.of(na(GateCheck.MODEL_ARTIFACT, data.uri() + " is not in S3"), na(GateCheck.ARTIFACT_KEY, "not in S3"));
        }
        return switch (data.s3DataType()) {
            case S3_OBJECT -> at.get().key().isEmpty()
                    ? List.of(fail(GateCheck.MODEL_ARTIFACT, data.uri() + " names a bucket, not an object (" + data.member() + ")"),
                            na(GateCheck.ARTIFACT_KEY, "no object"))
                    : object(data.uri(), at.get());
            case S3_PREFIX -> prefix(data.uri(), at.get());
            default -> List.of(fail(GateCheck.MODEL_ARTIFACT, data.uri() + " has S3DataType " + data.s3DataType()
                    + ", which the preflight does not know how to check (S3Object, S3Prefix)"), na(GateCheck.ARTIFACT_KEY, "not checked"));
        };
    }

    /** One object: HeadObject, then its key. */
    private List<GateCheckResult> object(String url, S3Location at) {
        HeadObjectResponse head;
        try {
            head = clients.s3().headObject(b -> b.bucket(at.bucket()).key(at.key()));
        } catch (SdkException e) {
            unlessTransient("S3", "HeadObject", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            GateCheckResult r = status == 404 ? fail(GateCheck.MODEL_ARTIFACT, url + " does not exist")
                    : status == 403 ? notPermitted(GateCheck.MODEL_ARTIFACT, "S3 refused HeadObject of " + url
                            + " (403: the identity may not read it, or may not list the bucket and the object may not exist)")
                    : fail(GateCheck.MODEL_ARTIFACT, RegistryException.describe("S3", "HeadObject", e));
            return List.of(r, na(GateCheck.ARTIFACT_KEY, "the artifact could not be read"));
        }
        return List.of(pass(GateCheck.MODEL_ARTIFACT, url + " (" + head.contentLength() + " bytes, ETag " + head.eTag() + ")"),
                key(url, at, head));
    }

    /**
     * Every object under a key name prefix, as SageMaker downloads an {@code S3Prefix}: at least one must exist, which
     * one ListObjectsV2 of at most one key shows; its first object stands for the prefix's encryption.
     */
    private List<GateCheckResult> prefix(String url, S3Location at) {
        if (!url.endsWith("/")) {
            return List.of(fail(GateCheck.MODEL_ARTIFACT, url + " is an S3Prefix that does not end with '/' (SageMaker: a valid"
                    + " key name prefix always ends with a forward slash)"), na(GateCheck.ARTIFACT_KEY, "the model data was not read"));
        }
        ListObjectsV2Response listed;
        try {
            listed = clients.s3().listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.key()).maxKeys(1));
        } catch (SdkException e) {
            unlessTransient("S3", "ListObjectsV2", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            GateCheckResult r = status == 404 ? fail(GateCheck.MODEL_ARTIFACT, url + ": bucket " + at.bucket() + " does not exist ("
                            + code(e) + ")")
                    : status == 403 ? notPermitted(GateCheck.MODEL_ARTIFACT, "S3 refused ListObjectsV2 of " + url
                            + " (403: the identity may not list the bucket, s3:ListBucket)")
                    : fail(GateCheck.MODEL_ARTIFACT, RegistryException.describe("S3", "ListObjectsV2", e));
            return List.of(r, na(GateCheck.ARTIFACT_KEY, "the model data could not be listed"));
        }
        if (!listed.hasContents() || listed.contents().isEmpty()) {
            return List.of(fail(GateCheck.MODEL_ARTIFACT, "no object under " + url + " (S3Prefix): SageMaker would find no model"
                    + " data to deploy"), na(GateCheck.ARTIFACT_KEY, "no object to read"));
        }
        S3Object first = listed.contents().get(0);
        if (!at.key().isEmpty() && first.key().equals(at.key())) {
            return List.of(fail(GateCheck.MODEL_ARTIFACT, url + " is itself an object (" + first.size() + " bytes, a \"folder\" as"
                    + " the S3 console makes them): SageMaker cannot make a file of a key that ends in '/', and the deployment"
                    + " would fail"), na(GateCheck.ARTIFACT_KEY, "not read"));
        }
        GateCheckResult artifact = pass(GateCheck.MODEL_ARTIFACT, url + " (S3Prefix; holds objects, the first "
                + first.key().substring(at.key().length()) + ", " + first.size() + " bytes)");
        String firstUrl = "s3://" + at.bucket() + "/" + first.key();
        HeadObjectResponse head;
        try {
            head = clients.s3().headObject(b -> b.bucket(at.bucket()).key(first.key()));
        } catch (SdkException e) {
            unlessTransient("S3", "HeadObject", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            return List.of(artifact, status == 403
                    ? notPermitted(GateCheck.ARTIFACT_KEY, "S3 refused HeadObject of " + firstUrl
                            + " (403: the identity may list the prefix but not read its objects)")
                    : fail(GateCheck.ARTIFACT_KEY, RegistryException.describe("S3", "HeadObject", e)));
        }
        return List.of(artifact, key(firstUrl, new S3Location(at.bucket(), first.key()), head));
    }

    /** Whether the identity may decrypt the object: a KMS-encrypted object's first byte read (none of an empty one). */
    private GateCheckResult key(String url, S3Location at, HeadObjectResponse head) {
        if (head.serverSideEncryption() != ServerSideEncryption.AWS_KMS && head.serverSideEncryption() != ServerSideEncryption.AWS_KMS_DSSE) {
            return na(GateCheck.ARTIFACT_KEY, "not encrypted with a KMS key ("
                    + (head.serverSideEncryptionAsString() == null ? "no server-side encryption" : head.serverSideEncryptionAsString()) + ")");
        }
        String keyId = head.ssekmsKeyId() == null ? "(the bucket's key)" : head.ssekmsKeyId();
        boolean empty = head.contentLength() != null && head.contentLength() == 0;
        try {
            // A range past the end of an empty object is InvalidRange: read it whole (no bytes) instead.
            clients.s3().getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key()).range(empty ? null : "bytes=0-0"));
            return pass(GateCheck.ARTIFACT_KEY, "KMS key " + keyId + " decrypts " + url + (empty ? " (read it, empty)" : " (read its first byte)"));
        } catch (SdkException e) {
            unlessTransient("S3", "GetObject", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            if (status != 403) {
                return fail(GateCheck.ARTIFACT_KEY, RegistryException.describe("S3", "GetObject", e));
            }
            return fail(GateCheck.ARTIFACT_KEY, "the deploying identity may not decrypt " + url + " with KMS key "
                    + keyId + keyState(keyId));
        }
    }

    /** Why a decrypt was refused, when KMS will say: a disabled or deleted key, or simply no permission. */
    private String keyState(String keyId) {
        try {
            KeyMetadata k = clients.kms().describeKey(b -> b.keyId(keyId)).keyMetadata();
            return " (the key is " + k.keyStateAsString() + (k.enabled() ? ": the identity lacks kms:Decrypt" : "") + ")";
        } catch (SdkException e) {
            return " (the key's state is not readable either: " + RegistryException.describe("KMS", "DescribeKey", e) + ")";
        }
    }

    // --------------------------------------------------------------------------------------------------- ECR

    /**
     * The image in ECR, now. With {@code registered} (the version's {@code image:digest}), the image must still be the
     * one registered: a digest in the URI must be that digest, and a tag must still point at it (tags move; SageMaker
     * resolves the tag when it deploys).
     */
    private GateCheckResult image(String imageUri, Optional<String> registered) {
        Matcher m = ECR_IMAGE.matcher(imageUri);
        if (!m.matches()) {
            return na(GateCheck.IMAGE, (imageUri.isEmpty() ? "the version names no image" : imageUri + " is not an ECR image")
                    + (registered.isPresent() ? " (" + MetadataKeys.IMAGE_DIGEST + " not compared)" : ""));
        }
        String registry = m.group(1);
        String region = m.group(2);
        String repository = m.group(3);
        String tag = m.group(4) == null ? "latest" : m.group(4);
        String digest = m.group(5);
        if (registered.isPresent() && !DIGEST.matcher(registered.get()).matches()) {
            return fail(GateCheck.IMAGE, "the version's " + MetadataKeys.IMAGE_DIGEST + " '" + registered.get()
                    + "' is not an image digest (sha256:<64 hex digits>): whether " + imageUri + " is the image registered cannot be shown");
        }
        if (digest != null && registered.isPresent() && !digest.equalsIgnoreCase(registered.get())) {
            return fail(GateCheck.IMAGE, imageUri + " is pinned to " + digest + ", the version was registered with "
                    + registered.get() + " (" + MetadataKeys.IMAGE_DIGEST + ")");
        }
        ImageIdentifier id = digest != null ? ImageIdentifier.builder().imageDigest(digest).build()
                : ImageIdentifier.builder().imageTag(tag).build();
        ImageDetail d;
        try {
            List<ImageDetail> found = clients.ecr().apply(region).describeImages(b -> b.registryId(registry)
                    .repositoryName(repository).imageIds(id)).imageDetails();
            if (found.isEmpty()) {
                return fail(GateCheck.IMAGE, imageUri + " is not in ECR");
            }
            d = found.get(0);
        } catch (SdkException e) {
            unlessTransient("ECR", "DescribeImages", e);
            String code = code(e);
            if ("ImageNotFoundException".equals(code) || "RepositoryNotFoundException".equals(code)) {
                return fail(GateCheck.IMAGE, imageUri + " is not in ECR (" + code + ")");
            }
            if (isAccessDenied(e)) {
                return notPermitted(GateCheck.IMAGE, RegistryException.describe("ECR", "DescribeImages", e));
            }
            return fail(GateCheck.IMAGE, RegistryException.describe("ECR", "DescribeImages", e));
        }
        if (digest == null && registered.isPresent() && !registered.get().equalsIgnoreCase(d.imageDigest())) {
            return fail(GateCheck.IMAGE, "tag " + tag + " of " + repository + " now points at " + d.imageDigest()
                    + ", the version was registered with " + registered.get() + " (" + MetadataKeys.IMAGE_DIGEST
                    + "): SageMaker would deploy an image other than the one approved");
        }
        return pass(GateCheck.IMAGE, repository + " " + d.imageDigest() + (d.imageTags().isEmpty() ? "" : " " + d.imageTags())
                + (d.imagePushedAt() == null ? "" : ", pushed " + d.imagePushedAt())
                + (registered.isPresent() ? ", the digest the version was registered with (" + MetadataKeys.IMAGE_DIGEST + ")" : ""));
    }

    // --------------------------------------------------------------------------------------------------- IAM

    private GateCheckResult role(String roleArn) {
        Matcher m = ROLE.matcher(roleArn);
        if (!m.matches()) {
            return fail(GateCheck.EXECUTION_ROLE, roleArn + " is not an IAM role ARN");
        }
        Role role;
        try {
            role = clients.iam().getRole(b -> b.roleName(m.group(2))).role();
        } catch (SdkException e) {
            unlessTransient("IAM", "GetRole", e);
            String code = code(e);
            if ("NoSuchEntity".equals(code)) {
                return fail(GateCheck.EXECUTION_ROLE, "role " + roleArn + " does not exist");
            }
            if (isAccessDenied(e)) {
                return notPermitted(GateCheck.EXECUTION_ROLE, RegistryException.describe("IAM", "GetRole", e));
            }
            return fail(GateCheck.EXECUTION_ROLE, RegistryException.describe("IAM", "GetRole", e));
        }
        if (!role.arn().equalsIgnoreCase(roleArn)) {
            // GetRole reads the caller's own account: a role of that name elsewhere says nothing about this one.
            return notPermitted(GateCheck.EXECUTION_ROLE, roleArn + " is in another account (found " + role.arn() + " instead)");
        }
        return trustsSageMaker(role.assumeRolePolicyDocument())
                ? pass(GateCheck.EXECUTION_ROLE, roleArn + " exists and lets sagemaker.amazonaws.com assume it")
                : fail(GateCheck.EXECUTION_ROLE, "the trust policy of " + roleArn + " does not let sagemaker.amazonaws.com assume it");
    }

    /** An Allow statement for sts:AssumeRole whose Service principal includes sagemaker.amazonaws.com. */
    static boolean trustsSageMaker(String policyDocument) {
        if (policyDocument == null || policyDocument.isEmpty()) {
            return false;
        }
        try {
            JsonNode doc = JsonNode.parser().parse(URLDecoder.decode(policyDocument, StandardCharsets.UTF_8));
            for (JsonNode statement : list(doc.field("Statement").orElse(null))) {
                boolean allow = statement.field("Effect").map(JsonNode::asString).orElse("").equals("Allow");
                boolean assume = list(statement.field("Action").orElse(null)).stream().map(JsonNode::asString)
                        .anyMatch(a -> a.equalsIgnoreCase("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"));
                boolean sagemaker = statement.field("Principal").flatMap(p -> p.field("Service"))
                        .map(s -> list(s).stream().map(JsonNode::asString).anyMatch("sagemaker.amazonaws.com"::equals)).orElse(false);
                if (allow && assume && sagemaker) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<JsonNode> list(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        return n.isArray() ? n.asArray() : List.of(n);
    }

    // ------------------------------------------------------------------------------------------- CloudWatch

    /**
     * Every rollback alarm exists, metric or composite, and none is in ALARM. DescribeAlarms lists composite alarms only
     * when asked ({@code AlarmTypes}), and CloudWatch answers that only to an identity allowed DescribeAlarms on
     * {@code *}: refused, the check asks for metric alarms alone, which settles it when every alarm is one.
     */
    private GateCheckResult alarms(List<String> names) {
        if (names.isEmpty()) {
            return na(GateCheck.ALARMS, "no rollback alarms named");
        }
        Map<String, String> states;
        String compositesUnreadable = "";
        try {
            states = describeAlarms(names, true);
        } catch (SdkException e) {
            unlessTransient("CloudWatch", "DescribeAlarms", e);
            if (!isAccessDenied(e)) {
                return fail(GateCheck.ALARMS, RegistryException.describe("CloudWatch", "DescribeAlarms", e));
            }
            compositesUnreadable = RegistryException.describe("CloudWatch", "DescribeAlarms", e);
            try {
                states = describeAlarms(names, false);
            } catch (SdkException metricOnly) {
                unlessTransient("CloudWatch", "DescribeAlarms", metricOnly);
                return isAccessDenied(metricOnly)
                        ? notPermitted(GateCheck.ALARMS, RegistryException.describe("CloudWatch", "DescribeAlarms", metricOnly))
                        : fail(GateCheck.ALARMS, RegistryException.describe("CloudWatch", "DescribeAlarms", metricOnly));
            }
        }
        Map<String, String> found = states;
        List<String> missing = names.stream().filter(n -> !found.containsKey(n)).toList();
        List<String> firing = names.stream().filter(n -> "ALARM".equals(found.get(n))).toList();
        if (!missing.isEmpty() && compositesUnreadable.isEmpty()) {
            return fail(GateCheck.ALARMS, "no such alarm: " + String.join(", ", missing)
                    + " (an auto-rollback naming a missing alarm would never fire)");
        }
        if (!firing.isEmpty()) {
            return fail(GateCheck.ALARMS, "already in ALARM: " + String.join(", ", firing) + " (SageMaker would roll back at once)");
        }
        if (!missing.isEmpty()) {
            return notPermitted(GateCheck.ALARMS, "no metric alarm named " + String.join(", ", missing) + ", and whether there is"
                    + " a composite alarm of that name cannot be read: that needs cloudwatch:DescribeAlarms on * ("
                    + compositesUnreadable + ")");
        }
        return pass(GateCheck.ALARMS, found.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()
                + (compositesUnreadable.isEmpty() ? "" : " (all metric alarms; composite alarms were not readable)"));
    }

    /** Alarm name to state, every page: metric alarms and, if asked, composite alarms. */
    private Map<String, String> describeAlarms(List<String> names, boolean withComposites) {
        Map<String, String> states = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            var page = clients.cloudWatch().describeAlarms(b -> {
                b.alarmNames(names).nextToken(next);
                if (withComposites) {
                    b.alarmTypes(AlarmType.COMPOSITE_ALARM, AlarmType.METRIC_ALARM);
                }
            });
            for (MetricAlarm a : page.metricAlarms()) {
                states.put(a.alarmName(), a.stateValueAsString());
            }
            for (CompositeAlarm a : page.compositeAlarms()) {
                states.put(a.alarmName(), a.stateValueAsString());
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return states;
    }

    // ---------------------------------------------------------------------------------------------- results

    /**
     * A check the service did not answer (throttling, 5xx, no answer after the SDK's retries) is not a result: the
     * error goes up, and the deployment tries the gate again after a back-off instead of refusing.
     */
    private static void unlessTransient(String service, String operation, SdkException e) {
        RegistryException r = RegistryException.of(service, operation, e);
        if (r.isTransient()) {
            throw r;
        }
    }

    private static String code(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null
                ? a.awsErrorDetails().errorCode() : "";
    }

    private static boolean isAccessDenied(SdkException e) {
        String code = code(e);
        return code.equals("AccessDenied") || code.equals("AccessDeniedException") || code.equals("UnauthorizedOperation")
                || (e instanceof AwsServiceException a && a.statusCode() == 403);
    }

    private static GateCheckResult withDetail(GateCheckResult r, String detail) {
        return new GateCheckResult(r.getCheck(), r.getOutcome(), detail);
    }

    private static GateCheckResult pass(GateCheck c, String detail) {
        return new GateCheckResult(c, CheckOutcome.PASSED, detail);
    }

    private static GateCheckResult fail(GateCheck c, String detail) {
        return new GateCheckResult(c, CheckOutcome.FAILED, detail);
    }

    private static GateCheckResult notPermitted(GateCheck c, String detail) {
        return new GateCheckResult(c, CheckOutcome.NOT_PERMITTED, detail);
    }

    private static GateCheckResult na(GateCheck c, String detail) {
        return new GateCheckResult(c, CheckOutcome.NOT_APPLICABLE, detail);
    }
}
