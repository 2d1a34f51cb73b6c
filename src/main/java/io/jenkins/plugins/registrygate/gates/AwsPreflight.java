package io.jenkins.plugins.registrygate.gates;

import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
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
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The preflight through the AWS SDK, with the deploying identity's credentials. Per check, the fewest calls that prove
 * it: HeadObject (and, for an SSE-KMS artifact, a one-byte ranged GetObject, which only succeeds when the identity may
 * decrypt with the key; DescribeKey only to explain a refusal), DescribeImages, GetRole (its trust policy must let
 * SageMaker assume it), DescribeAlarms. A check the service did not answer throws a transient {@link RegistryException}
 * rather than reporting a result, so that an unreliable network delays the gate instead of refusing the deployment.
 */
public final class AwsPreflight implements Preflight {

    /** The clients, per the connection the deployment uses; ECR per region, since an image may live in another. */
    public record Clients(S3Client s3, KmsClient kms, Function<String, EcrClient> ecr, IamClient iam, CloudWatchClient cloudWatch) {}

    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/(.+)");
    private static final Pattern S3_HTTPS = Pattern.compile("https://([^./]+)\\.s3[.-](?:[a-z0-9-]+\\.)?amazonaws\\.com(?:\\.cn)?/(.+)");
    private static final Pattern ECR_IMAGE = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z\\-]*:iam::(\\d{12}):role/(?:.*/)?([^/]+)");

    private final Clients clients;

    public AwsPreflight(Clients clients) {
        this.clients = clients;
    }

    @Override
    public List<GateCheckResult> check(Subject subject) {
        List<GateCheckResult> out = new ArrayList<>(artifact(subject.modelDataUrl()));
        out.add(image(subject.imageUri()));
        out.add(role(subject.executionRoleArn()));
        out.add(alarms(subject.alarms()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------- S3 and KMS

    private List<GateCheckResult> artifact(String url) {
        if (url.isEmpty()) {
            return List.of(na(GateCheck.MODEL_ARTIFACT, "the version names no model data (the image carries the model)"),
                    na(GateCheck.ARTIFACT_KEY, "no model data"));
        }
        Matcher m = S3_URI.matcher(url);
        if (!m.matches()) {
            m = S3_HTTPS.matcher(url);
        }
        if (!m.matches()) {
            return List.of(na(GateCheck.MODEL_ARTIFACT, url + " is not an S3 object"), na(GateCheck.ARTIFACT_KEY, "not in S3"));
        }
        String bucket = m.group(1);
        String key = m.group(2);
        HeadObjectResponse head;
        try {
            head = clients.s3().headObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            unlessTransient("S3", "HeadObject", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            GateCheckResult r = status == 404 ? fail(GateCheck.MODEL_ARTIFACT, url + " does not exist")
                    : status == 403 ? notPermitted(GateCheck.MODEL_ARTIFACT, "S3 refused HeadObject of " + url
                            + " (403: the identity may not read it, or may not list the bucket and the object may not exist)")
                    : fail(GateCheck.MODEL_ARTIFACT, RegistryException.describe("S3", "HeadObject", e));
            return List.of(r, na(GateCheck.ARTIFACT_KEY, "the artifact could not be read"));
        }
        GateCheckResult artifact = pass(GateCheck.MODEL_ARTIFACT, url + " (" + head.contentLength() + " bytes, ETag " + head.eTag() + ")");
        if (head.serverSideEncryption() != ServerSideEncryption.AWS_KMS && head.serverSideEncryption() != ServerSideEncryption.AWS_KMS_DSSE) {
            return List.of(artifact, na(GateCheck.ARTIFACT_KEY, "not encrypted with a KMS key ("
                    + (head.serverSideEncryptionAsString() == null ? "no server-side encryption" : head.serverSideEncryptionAsString()) + ")"));
        }
        String keyId = head.ssekmsKeyId() == null ? "(the bucket's key)" : head.ssekmsKeyId();
        try {
            clients.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-0"));
            return List.of(artifact, pass(GateCheck.ARTIFACT_KEY, "KMS key " + keyId + " decrypts it (read its first byte)"));
        } catch (SdkException e) {
            unlessTransient("S3", "GetObject", e);
            int status = e instanceof AwsServiceException a ? a.statusCode() : 0;
            if (status != 403) {
                return List.of(artifact, fail(GateCheck.ARTIFACT_KEY, RegistryException.describe("S3", "GetObject", e)));
            }
            return List.of(artifact, fail(GateCheck.ARTIFACT_KEY, "the deploying identity may not decrypt " + url + " with KMS key "
                    + keyId + keyState(keyId)));
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

    private GateCheckResult image(String imageUri) {
        Matcher m = ECR_IMAGE.matcher(imageUri);
        if (!m.matches()) {
            return na(GateCheck.IMAGE, imageUri.isEmpty() ? "the version names no image" : imageUri + " is not an ECR image");
        }
        String registry = m.group(1);
        String region = m.group(2);
        String repository = m.group(3);
        String tag = m.group(4);
        String digest = m.group(5);
        ImageIdentifier id = digest != null ? ImageIdentifier.builder().imageDigest(digest).build()
                : ImageIdentifier.builder().imageTag(tag == null ? "latest" : tag).build();
        try {
            List<ImageDetail> found = clients.ecr().apply(region).describeImages(b -> b.registryId(registry)
                    .repositoryName(repository).imageIds(id)).imageDetails();
            if (found.isEmpty()) {
                return fail(GateCheck.IMAGE, imageUri + " is not in ECR");
            }
            ImageDetail d = found.get(0);
            return pass(GateCheck.IMAGE, repository + " " + d.imageDigest() + (d.imageTags().isEmpty() ? "" : " " + d.imageTags())
                    + (d.imagePushedAt() == null ? "" : ", pushed " + d.imagePushedAt()));
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

    private GateCheckResult alarms(List<String> names) {
        if (names.isEmpty()) {
            return na(GateCheck.ALARMS, "no rollback alarms named");
        }
        Map<String, String> states = new LinkedHashMap<>();
        try {
            String token = null;
            do {
                String next = token;
                var page = clients.cloudWatch().describeAlarms(b -> b.alarmNames(names).nextToken(next));
                for (MetricAlarm a : page.metricAlarms()) {
                    states.put(a.alarmName(), a.stateValueAsString());
                }
                page.compositeAlarms().forEach(a -> states.put(a.alarmName(), a.stateValueAsString()));
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            unlessTransient("CloudWatch", "DescribeAlarms", e);
            return isAccessDenied(e) ? notPermitted(GateCheck.ALARMS, RegistryException.describe("CloudWatch", "DescribeAlarms", e))
                    : fail(GateCheck.ALARMS, RegistryException.describe("CloudWatch", "DescribeAlarms", e));
        }
        List<String> missing = names.stream().filter(n -> !states.containsKey(n)).toList();
        List<String> firing = names.stream().filter(n -> "ALARM".equals(states.get(n))).toList();
        if (!missing.isEmpty()) {
            return fail(GateCheck.ALARMS, "no such alarm: " + String.join(", ", missing)
                    + " (an auto-rollback naming a missing alarm would never fire)");
        }
        if (!firing.isEmpty()) {
            return fail(GateCheck.ALARMS, "already in ALARM: " + String.join(", ", firing) + " (SageMaker would roll back at once)");
        }
        return pass(GateCheck.ALARMS, states.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList().toString());
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
