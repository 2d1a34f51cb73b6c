package io.jenkins.plugins.registrygate.emulator.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECR repositories and images: where a SageMaker model's container image lives. AWS JSON 1.1 (signing name
 * {@code ecr}, endpoint prefix {@code api.ecr}), validated against the official model.
 *
 * <p>Operations: {@code CreateRepository}, {@code DescribeRepositories}, {@code DeleteRepository}, {@code PutImage},
 * {@code DescribeImages}, {@code BatchGetImage}, {@code ListImages}. From the ECR API reference and its documented
 * answers: an image's digest is {@code sha256:} and the hex SHA-256 of its manifest's bytes; a digest given to
 * {@code PutImage} that differs is {@code ImageDigestDoesNotMatchException}; the same manifest pushed again with no new
 * tag is {@code ImageAlreadyExistsException}; a tag moves to the new image in a {@code MUTABLE} repository and is
 * {@code ImageTagAlreadyExistsException} in an {@code IMMUTABLE} one; {@code DescribeImages} naming an image that does
 * not exist fails with {@code ImageNotFoundException}, while {@code BatchGetImage} lists it under {@code failures}
 * ({@code ImageNotFound}, "Requested image not found"); an unknown repository is {@code RepositoryNotFoundException};
 * constraint violations are {@code InvalidParameterException} worded "Invalid parameter at '&lt;member&gt;' failed to
 * satisfy constraint: '&lt;rule&gt;'". Design choices:
 * <ul>
 *   <li>Layers are taken as uploaded (there is no layer upload API here): {@code PutImage} never answers
 *       {@code LayersNotFoundException}. {@code imageSizeInBytes} is the sum of the manifest's layer sizes.</li>
 *   <li>The manifest must be a JSON object; its media type is {@code imageManifestMediaType}, else the manifest's
 *       {@code mediaType}, else Docker's v2 schema 2 type. {@code acceptedMediaTypes} is not used to convert
 *       manifests.</li>
 *   <li>A {@code registryId} other than the emulator's account is a registry without repositories.</li>
 *   <li>Lists are in order of name (repositories) or of push (images), 100 per page by default; {@code nextToken} is
 *       opaque.</li>
 * </ul>
 */
public final class EcrService extends ModelledService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern VIOLATION = Pattern.compile(
            "Value (?:'.*'|null)? ?at '([^']*)' failed to satisfy constraint: (?:Member )?(.*)", Pattern.DOTALL);
    private static final int DEFAULT_MAX_RESULTS = 100;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, Repository> repositories = new TreeMap<>();

    private static final class Repository {
        final String name;
        final String arn;
        final Instant created;
        final String tagMutability;
        final boolean scanOnPush;
        final String encryptionType;
        /** Images by digest, in order of push. */
        final Map<String, Image> images = new LinkedHashMap<>();
        /** Tag to digest. */
        final Map<String, String> tags = new LinkedHashMap<>();

        Repository(String name, String arn, Instant created, String tagMutability, boolean scanOnPush,
                   String encryptionType) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.tagMutability = tagMutability;
            this.scanOnPush = scanOnPush;
            this.encryptionType = encryptionType;
        }

        List<String> tagsOf(String digest) {
            List<String> out = new ArrayList<>();
            tags.forEach((t, d) -> {
                if (d.equals(digest)) {
                    out.add(t);
                }
            });
            return out;
        }
    }

    private record Image(String digest, String manifest, String mediaType, String artifactMediaType, long size,
                         Instant pushedAt) {}

    public EcrService(ServiceModel model, String region, String accountId, Clock clock) {
        super(model);
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        on("CreateRepository", this::createRepository);
        on("DescribeRepositories", this::describeRepositories);
        on("DeleteRepository", this::deleteRepository);
        on("PutImage", this::putImage);
        on("DescribeImages", this::describeImages);
        on("BatchGetImage", this::batchGetImage);
        on("ListImages", this::listImages);
    }

    /** {@code sha256:<hex>} of the manifest's UTF-8 bytes: the digest ECR gives an image. */
    public static String digestOf(String manifest) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(manifest.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the image of a URI exists: {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>} followed by
     * {@code :<tag>}, {@code @sha256:<digest>} or nothing (the tag {@code latest}), in this emulator's account and
     * region.
     */
    public boolean imageExists(String imageUri) {
        String host = accountId + ".dkr.ecr." + region + ".amazonaws.com/";
        if (!imageUri.startsWith(host)) {
            return false;
        }
        String rest = imageUri.substring(host.length());
        String repo;
        String digest = null;
        String tag = "latest";
        int at = rest.indexOf('@');
        if (at >= 0) {
            repo = rest.substring(0, at);
            digest = rest.substring(at + 1);
        } else {
            int colon = rest.lastIndexOf(':');
            repo = colon > rest.lastIndexOf('/') && colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon > rest.lastIndexOf('/') && colon >= 0) {
                tag = rest.substring(colon + 1);
            }
        }
        synchronized (lock) {
            Repository r = repositories.get(repo);
            if (r == null) {
                return false;
            }
            return digest != null ? r.images.containsKey(digest) : r.tags.containsKey(tag);
        }
    }

    /** The repository URI of a repository name ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}). */
    public String repositoryUri(String name) {
        return accountId + ".dkr.ecr." + region + ".amazonaws.com/" + name;
    }

    @Override
    public String iamAction(String operation) {
        return "ecr:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        String name = input.path("repositoryName").asText("");
        return name.isEmpty() ? "*" : repositoryArn(name);
    }

    /** Constraint violations in ECR's words; other errors unchanged. */
    @Override
    public ServiceError translate(ServiceError error) {
        if (!ServiceError.VALIDATION.equals(error.errorCode())) {
            return error;
        }
        String message = error.getMessage();
        String first = message.substring(message.indexOf(": ") + 2).split("; ")[0];
        Matcher m = VIOLATION.matcher(first);
        if (!m.matches()) {
            return error;
        }
        String rule = m.group(2).replaceFirst("^must satisfy regular expression pattern: (.*)$",
                "must satisfy regular expression '$1'");
        return error.reworded(400, "InvalidParameterException",
                "Invalid parameter at '" + m.group(1) + "' failed to satisfy constraint: '" + rule + "'");
    }

    private String repositoryArn(String name) {
        return "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + name;
    }

    private Repository repository(ObjectNode r) {
        String name = r.get("repositoryName").asText();
        String registry = r.path("registryId").asText(accountId);
        Repository repo = registry.equals(accountId) ? repositories.get(name) : null;
        if (repo == null) {
            throw modelled("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + registry + "'");
        }
        return repo;
    }

    private ObjectNode createRepository(Caller caller, ObjectNode r) {
        String name = r.get("repositoryName").asText();
        String registry = r.path("registryId").asText(accountId);
        if (!registry.equals(accountId)) {
            throw modelled("InvalidParameterException", "Invalid parameter at 'registryId' failed to satisfy constraint: "
                    + "'must be the account of the caller'");
        }
        if (repositories.containsKey(name)) {
            throw modelled("RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + accountId + "'");
        }
        Repository repo = new Repository(name, repositoryArn(name), clock.instant(),
                r.path("imageTagMutability").asText("MUTABLE"),
                r.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false),
                r.path("encryptionConfiguration").path("encryptionType").asText("AES256"));
        repositories.put(name, repo);
        ObjectNode out = NODES.objectNode();
        out.set("repository", describe(repo));
        return out;
    }

    private ObjectNode describe(Repository repo) {
        ObjectNode n = NODES.objectNode();
        n.put("repositoryArn", repo.arn);
        n.put("registryId", accountId);
        n.put("repositoryName", repo.name);
        n.put("repositoryUri", repositoryUri(repo.name));
        n.set("createdAt", WireValues.epochSeconds(repo.created));
        n.put("imageTagMutability", repo.tagMutability);
        n.putObject("imageScanningConfiguration").put("scanOnPush", repo.scanOnPush);
        n.putObject("encryptionConfiguration").put("encryptionType", repo.encryptionType);
        return n;
    }

    private ObjectNode describeRepositories(Caller caller, ObjectNode r) {
        List<Repository> found = new ArrayList<>();
        if (r.has("repositoryNames")) {
            for (JsonNode name : r.get("repositoryNames")) {
                ObjectNode one = NODES.objectNode().put("repositoryName", name.asText());
                if (r.has("registryId")) {
                    one.set("registryId", r.get("registryId"));
                }
                found.add(repository(one));
            }
        } else if (r.path("registryId").asText(accountId).equals(accountId)) {
            found.addAll(repositories.values());
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("repositories");
        page(found, r, out).forEach(repo -> list.add(describe(repo)));
        return out;
    }

    private ObjectNode deleteRepository(Caller caller, ObjectNode r) {
        Repository repo = repository(r);
        if (!repo.images.isEmpty() && !r.path("force").asBoolean(false)) {
            throw modelled("RepositoryNotEmptyException", "The repository with name '" + repo.name
                    + "' in registry with id '" + accountId + "' cannot be deleted because it still contains images");
        }
        repositories.remove(repo.name);
        ObjectNode out = NODES.objectNode();
        out.set("repository", describe(repo));
        return out;
    }

    private ObjectNode putImage(Caller caller, ObjectNode r) {
        Repository repo = repository(r);
        String manifest = r.get("imageManifest").asText();
        JsonNode parsed;
        try {
            parsed = JSON.readTree(manifest);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw modelled("InvalidParameterException",
                    "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
        }
        String digest = digestOf(manifest);
        if (r.has("imageDigest") && !r.get("imageDigest").asText().equals(digest)) {
            throw modelled("ImageDigestDoesNotMatchException", "The specified digest " + r.get("imageDigest").asText()
                    + " does not match the digest " + digest + " calculated for the manifest.");
        }
        String mediaType = r.path("imageManifestMediaType").asText(parsed.path("mediaType").asText(DOCKER_V2));
        String tag = r.has("imageTag") ? r.get("imageTag").asText() : null;
        Image existing = repo.images.get(digest);
        if (existing != null && (tag == null || digest.equals(repo.tags.get(tag)))) {
            throw modelled("ImageAlreadyExistsException", "Image with digest '" + digest + "'"
                    + (tag == null ? "" : " and tag '" + tag + "'") + " already exists in the repository with name '"
                    + repo.name + "' in registry with id '" + accountId + "'");
        }
        if (tag != null && repo.tags.containsKey(tag) && "IMMUTABLE".equals(repo.tagMutability)) {
            throw modelled("ImageTagAlreadyExistsException", "The image tag '" + tag + "' already exists in the '"
                    + repo.name + "' repository and cannot be overwritten because the repository is immutable.");
        }
        if (existing == null) {
            long size = 0;
            for (JsonNode layer : parsed.path("layers")) {
                size += layer.path("size").asLong(0);
            }
            String artifact = parsed.path("config").path("mediaType").asText("");
            repo.images.put(digest, new Image(digest, manifest, mediaType, artifact, size, clock.instant()));
        }
        if (tag != null) {
            repo.tags.put(tag, digest);
        }
        ObjectNode out = NODES.objectNode();
        ObjectNode image = out.putObject("image");
        image.put("registryId", accountId);
        image.put("repositoryName", repo.name);
        ObjectNode id = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            id.put("imageTag", tag);
        }
        image.put("imageManifest", manifest);
        image.put("imageManifestMediaType", mediaType);
        return out;
    }

    /** The image an identifier names, if any; with both digest and tag, the tag must be on that digest. */
    private Optional<Image> find(Repository repo, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (tag != null) {
            String tagged = repo.tags.get(tag);
            if (tagged == null || (digest != null && !digest.equals(tagged))) {
                return Optional.empty();
            }
            digest = tagged;
        }
        return digest == null ? Optional.empty() : Optional.ofNullable(repo.images.get(digest));
    }

    private ObjectNode describeImages(Caller caller, ObjectNode r) {
        Repository repo = repository(r);
        List<Image> found = new ArrayList<>();
        if (r.has("imageIds")) {
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode id : r.get("imageIds")) {
                Image image = find(repo, id).orElseThrow(() -> modelled("ImageNotFoundException",
                        "The image with imageId {imageDigest:'" + id.path("imageDigest").asText("null") + "', imageTag:'"
                                + id.path("imageTag").asText("null") + "'} does not exist within the repository with name '"
                                + repo.name + "' in the registry with id '" + accountId + "'"));
                if (seen.add(image.digest())) {
                    found.add(image);
                }
            }
        } else {
            String status = r.path("filter").path("tagStatus").asText("ANY");
            for (Image image : repo.images.values()) {
                boolean tagged = !repo.tagsOf(image.digest()).isEmpty();
                if ("ANY".equals(status) || tagged == "TAGGED".equals(status)) {
                    found.add(image);
                }
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("imageDetails");
        for (Image image : page(found, r, out)) {
            ObjectNode d = list.addObject();
            d.put("registryId", accountId);
            d.put("repositoryName", repo.name);
            d.put("imageDigest", image.digest());
            List<String> tags = repo.tagsOf(image.digest());
            if (!tags.isEmpty()) {
                ArrayNode t = d.putArray("imageTags");
                tags.forEach(t::add);
            }
            d.put("imageSizeInBytes", image.size());
            d.set("imagePushedAt", WireValues.epochSeconds(image.pushedAt()));
            d.put("imageManifestMediaType", image.mediaType());
            if (!image.artifactMediaType().isEmpty()) {
                d.put("artifactMediaType", image.artifactMediaType());
            }
        }
        return out;
    }

    private ObjectNode batchGetImage(Caller caller, ObjectNode r) {
        Repository repo = repository(r);
        ObjectNode out = NODES.objectNode();
        ArrayNode images = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : r.get("imageIds")) {
            String digest = id.path("imageDigest").asText(null);
            String tag = id.path("imageTag").asText(null);
            if (digest == null && tag == null) {
                failure(failures, id, "MissingDigestAndTag", "Image ID must have either an image digest or image tag");
                continue;
            }
            if (digest != null && !DIGEST.matcher(digest).matches()) {
                failure(failures, id, "InvalidImageDigest", "Invalid image digest");
                continue;
            }
            if (digest != null && tag != null && repo.tags.containsKey(tag) && !digest.equals(repo.tags.get(tag))) {
                failure(failures, id, "ImageTagDoesNotMatchDigest", "Invalid image tag for image digest");
                continue;
            }
            Optional<Image> image = find(repo, id);
            if (image.isEmpty()) {
                failure(failures, id, "ImageNotFound", "Requested image not found");
                continue;
            }
            ObjectNode got = images.addObject();
            got.put("registryId", accountId);
            got.put("repositoryName", repo.name);
            ObjectNode imageId = got.putObject("imageId").put("imageDigest", image.get().digest());
            if (tag != null) {
                imageId.put("imageTag", tag);
            }
            got.put("imageManifest", image.get().manifest());
            got.put("imageManifestMediaType", image.get().mediaType());
        }
        return out;
    }

    private static void failure(ArrayNode failures, JsonNode id, String code, String reason) {
        ObjectNode f = failures.addObject();
        f.set("imageId", id.deepCopy());
        f.put("failureCode", code);
        f.put("failureReason", reason);
    }

    private ObjectNode listImages(Caller caller, ObjectNode r) {
        Repository repo = repository(r);
        String status = r.path("filter").path("tagStatus").asText("ANY");
        List<ObjectNode> ids = new ArrayList<>();
        for (Image image : repo.images.values()) {
            List<String> tags = repo.tagsOf(image.digest());
            if (tags.isEmpty() && !"TAGGED".equals(status)) {
                ids.add(NODES.objectNode().put("imageDigest", image.digest()));
            }
            if (!"UNTAGGED".equals(status)) {
                tags.forEach(t -> ids.add(NODES.objectNode().put("imageDigest", image.digest()).put("imageTag", t)));
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("imageIds");
        page(ids, r, out).forEach(list::add);
        return out;
    }

    private <T> List<T> page(List<T> items, ObjectNode r, ObjectNode out) {
        int max = r.path("maxResults").asInt(DEFAULT_MAX_RESULTS);
        int from = 0;
        if (r.has("nextToken")) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(r.get("nextToken").asText()),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw modelled("InvalidParameterException",
                        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination token'");
            }
        }
        List<T> page = items.subList(Math.min(from, items.size()), Math.min(from + max, items.size()));
        if (from + max < items.size()) {
            out.put("nextToken", Base64.getEncoder().encodeToString(String.valueOf(from + max)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }
}
