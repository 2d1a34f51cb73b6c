package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state and the rules of the emulated SageMaker Model Registry (model package groups, model packages, tags),
 * with no knowledge of HTTP. Requests and responses are Jackson trees shaped like the model's input and output
 * shapes; {@link #invoke} validates every request against the model before it touches state. Thread-safe: every
 * operation runs under one lock, so concurrent callers see a serial order.
 *
 * <p>Facts and their sources are in {@code shared/sagemaker/README.md} (sections 1-3). Where no source settles a
 * behaviour the emulator makes a <b>design choice</b>, marked so in the comments below:
 * <ul>
 *   <li>Names are unique and looked up case-insensitively; ARNs keep the case the resource was created with.</li>
 *   <li>Version numbers are never reused: the next version is the highest ever given in the group plus one.</li>
 *   <li>{@code DeleteModelPackageGroup} of a group that still holds versions: {@code ConflictException}.</li>
 *   <li>{@code ClientToken} reused with different parameters: {@code ConflictException} (the operation's modelled
 *       error); with the same parameters the ARN of the first package is returned, even if it was deleted since.</li>
 *   <li>{@code CustomerMetadataProperties} set and removed for the same key in one update: {@code ValidationException}.</li>
 *   <li>{@code CreatedBy}/{@code LastModifiedBy}: {@code {IamIdentity:{Arn, PrincipalId}}} of the caller's principal
 *       ({@link Identities}): an IAM user or an assumed-role session, as AWS reports them.</li>
 *   <li>Tags on a versioned package ({@code AddTags}, {@code ListTags}, {@code DeleteTags}, or {@code Tags} in
 *       {@code CreateModelPackage} with a group): {@code ValidationException}. Duplicate tag keys in one request:
 *       {@code ValidationException}. {@code AddTags} answers with all tags the resource then has.</li>
 *   <li>{@code ModelApprovalStatus}/{@code ApprovalDescription} on an unversioned package, and
 *       {@code CertifyForMarketplace=true} on a versioned one: {@code ValidationException}.</li>
 *   <li>A new package has {@code LastModifiedTime = CreationTime} (the 2021 EventBridge example shows both equal);
 *       {@code LastModifiedBy} appears with the first update.</li>
 *   <li>{@code ModelCard.ModelCardContent} must parse as a JSON object; content updates of an {@code Archived} card
 *       are refused with "Model Card is in Archived state" (text from the model documentation).</li>
 *   <li>Options for testing what the real service may do but rarely does on cue: {@link #lowerCaseArns} (ARNs with
 *       lower-cased names), {@link #clientTokenLifetime} (a client token forgotten after a while),
 *       {@link #completionDelay} and {@link #failModelPackage} (a version that is not {@code Completed} yet, or
 *       {@code Failed}), {@link #metadataUpdates} (an update that replaces the metadata map, as some
 *       SageMaker-compatible services do).</li>
 *   <li>Lists: {@code MaxResults} defaults to 10 (unverified; small on purpose, so missing pagination shows);
 *       {@code NameContains} and {@code SortBy=Name} ignore case; {@code CreationTimeAfter}/{@code Before} are strict; ties in the
 *       sort order are broken by creation order; {@code NextToken} is opaque, bound to the filters of the first
 *       call (a token used with other filters is a {@code ValidationException}) and robust against deletions between
 *       pages. List summaries of versioned packages carry no {@code ModelPackageName} (as in the AWS examples);
 *       {@code DescribeModelPackage} returns {@code "<group>/<version>"}. A group filter naming an unknown group
 *       lists nothing.</li>
 * </ul>
 */
public final class SageMakerBackend extends ModelledService {

    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";
    /** Design choice (unverified): page size when a list request sets no MaxResults. */
    public static final int DEFAULT_MAX_RESULTS = 10;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:sagemaker:([a-z0-9\\-]*):([0-9]{12}):([a-z\\-]*)/(.+)");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final ServiceModel model;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Identities identities;

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Pkg> unversioned = new LinkedHashMap<>();
    private final Map<String, TokenUse> clientTokens = new LinkedHashMap<>();
    private long sequence;

    /** How {@code UpdateModelPackage} treats {@code CustomerMetadataProperties}. */
    public enum MetadataUpdates {
        /** Keys given are added or overwritten, others stay (what the separate ToRemove member implies for SageMaker). */
        MERGE,
        /** The map given replaces the whole map (what some SageMaker-compatible local services do). */
        REPLACE
    }

    private volatile boolean lowerCaseArns;
    private volatile Duration clientTokenLifetime;
    private volatile Duration completionDelay = Duration.ZERO;
    private volatile MetadataUpdates metadataUpdates = MetadataUpdates.MERGE;
    private volatile Neighbours neighbours = Neighbours.PERMISSIVE;

    private static final class Group {
        final String name;
        final String arn;
        final String description;
        final Instant created;
        final long seq;
        final ObjectNode createdBy;
        final Map<String, String> tags;
        final TreeMap<Integer, Pkg> versions = new TreeMap<>();
        int highestVersion;

        Group(String name, String arn, String description, Instant created, long seq, ObjectNode createdBy,
              Map<String, String> tags) {
            this.name = name;
            this.arn = arn;
            this.description = description;
            this.created = created;
            this.seq = seq;
            this.createdBy = createdBy;
            this.tags = tags;
        }
    }

    private static final class Pkg {
        final String arn;
        final Group group;
        final Integer version;
        final String name;
        final Instant created;
        final long seq;
        /** The DescribeModelPackage document without its timestamps. */
        final ObjectNode doc;
        final Map<String, String> tags;
        Instant lastModified;
        /** When the package's ModelPackageStatus turns Completed ({@link #completionDelay}). */
        Instant completesAt;
        /** Set by {@link #failModelPackage}: the status stays Failed with this reason. */
        String failure;

        Pkg(String arn, Group group, Integer version, String name, Instant created, long seq, ObjectNode doc,
            Map<String, String> tags) {
            this.arn = arn;
            this.group = group;
            this.version = version;
            this.name = name;
            this.created = created;
            this.seq = seq;
            this.doc = doc;
            this.tags = tags;
            this.lastModified = created;
            this.completesAt = created;
        }

        String listName() {
            return group != null ? group.name : name;
        }
    }

    private record TokenUse(ObjectNode request, String arn, Instant at) {
    }

    private record SortKey(String name, long epochMillis, long seq) {
    }

    public SageMakerBackend() {
        this(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Clock.systemUTC());
    }

    public SageMakerBackend(String region, String accountId, Clock clock) {
        this(ServiceModel.load(), region, accountId, clock, new Identities(accountId));
    }

    public SageMakerBackend(ServiceModel model, String region, String accountId, Clock clock, Identities identities) {
        super(model);
        this.model = model;
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.identities = Objects.requireNonNull(identities, "identities");
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("An AWS account id has 12 digits: " + accountId);
        }
        if (!region.matches("[a-z0-9\\-]{9,16}")) {
            throw new IllegalArgumentException("The model's ARN patterns need a region of 9-16 of [a-z0-9-]: " + region);
        }
        on("CreateModelPackageGroup", this::createModelPackageGroup);
        on("DescribeModelPackageGroup", this::describeModelPackageGroup);
        on("ListModelPackageGroups", this::listModelPackageGroups);
        on("DeleteModelPackageGroup", this::deleteModelPackageGroup);
        on("CreateModelPackage", this::createModelPackage);
        on("DescribeModelPackage", this::describeModelPackage);
        on("ListModelPackages", this::listModelPackages);
        on("UpdateModelPackage", this::updateModelPackage);
        on("DeleteModelPackage", this::deleteModelPackage);
        on("AddTags", this::addTags);
        on("ListTags", this::listTags);
        on("DeleteTags", this::deleteTags);
    }

    /** The caller a request signed with {@code accessKeyId} would be (for driving the backend without HTTP). */
    public Caller callerFor(String accessKeyId) {
        return new Caller(accessKeyId, identities.resolve(accessKeyId));
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * ARNs with the resource names lower-cased, as the service sometimes returns them (evidence in
     * shared/sagemaker/README.md §3); names in other members keep their case. Set before creating resources.
     */
    public SageMakerBackend lowerCaseArns(boolean lower) {
        this.lowerCaseArns = lower;
        return this;
    }

    /**
     * How long a {@code ClientToken} is remembered (AWS documents no window); after it, a repeated create with the same
     * token creates anew. {@code null} (the default): forever.
     */
    public SageMakerBackend clientTokenLifetime(Duration lifetime) {
        this.clientTokenLifetime = lifetime;
        return this;
    }

    /** New versions are {@code InProgress} for this long, then {@code Completed} (default: Completed at once). */
    public SageMakerBackend completionDelay(Duration delay) {
        this.completionDelay = delay;
        return this;
    }

    public SageMakerBackend metadataUpdates(MetadataUpdates mode) {
        this.metadataUpdates = mode;
        return this;
    }

    /** Makes a package's ModelPackageStatus {@code Failed}, as when validation or an image scan fails. */
    public void failModelPackage(String arnOrName, String reason) {
        synchronized (lock) {
            Pkg p = requirePackage(arnOrName);
            p.failure = reason;
            refreshStatus(p);
        }
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The services SageMaker looks things up in (model data in S3, images in ECR, execution roles in IAM, rollback
     * alarms in CloudWatch). The emulator's front sets the live ones; a backend on its own has
     * {@link Neighbours#PERMISSIVE}.
     */
    public SageMakerBackend neighbours(Neighbours neighbours) {
        this.neighbours = Objects.requireNonNull(neighbours, "neighbours");
        return this;
    }

    public Neighbours neighbours() {
        return neighbours;
    }

    /** Forgets every resource and client token. */
    public void reset() {
        synchronized (lock) {
            groups.clear();
            unversioned.clear();
            clientTokens.clear();
        }
    }

    /** Names of the existing model package groups, in creation order. */
    public List<String> modelPackageGroupNames() {
        synchronized (lock) {
            return groups.values().stream().map(g -> g.name).toList();
        }
    }

    /** Existing version numbers of a group (empty for an unknown group). */
    public List<Integer> modelPackageVersions(String groupName) {
        synchronized (lock) {
            Group g = groups.get(key(groupName));
            return g == null ? List.of() : List.copyOf(g.versions.keySet());
        }
    }

    // ---------------------------------------------------------------- groups

    private ObjectNode createModelPackageGroup(Caller caller, ObjectNode r) {
        String name = r.get("ModelPackageGroupName").asText();
        Group existing = groups.get(key(name));
        if (existing != null) {
            throw ServiceError.validation("Model Package Group already exists: " + existing.arn);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        putTags(tags, r.get("Tags"));
        Group g = new Group(name, groupArn(name), text(r, "ModelPackageGroupDescription"), now(), ++sequence,
                userContext(caller), tags);
        groups.put(key(name), g);
        return NODES.objectNode().put("ModelPackageGroupArn", g.arn);
    }

    private ObjectNode describeModelPackageGroup(Caller caller, ObjectNode r) {
        Group g = requireGroup(r.get("ModelPackageGroupName").asText());
        ObjectNode o = groupSummary(g);
        o.set("CreatedBy", g.createdBy.deepCopy());
        return o;
    }

    private ObjectNode groupSummary(Group g) {
        ObjectNode o = NODES.objectNode();
        o.put("ModelPackageGroupName", g.name);
        o.put("ModelPackageGroupArn", g.arn);
        if (g.description != null) {
            o.put("ModelPackageGroupDescription", g.description);
        }
        o.set("CreationTime", epochSeconds(g.created));
        o.put("ModelPackageGroupStatus", "Completed");
        return o;
    }

    private ObjectNode listModelPackageGroups(Caller caller, ObjectNode r) {
        List<Group> items = new ArrayList<>();
        if (!"CrossAccount".equals(text(r, "CrossAccountFilterOption"))) {
            String contains = lower(text(r, "NameContains"));
            Instant after = instant(r.get("CreationTimeAfter"));
            Instant before = instant(r.get("CreationTimeBefore"));
            for (Group g : groups.values()) {
                if ((contains == null || key(g.name).contains(contains))
                        && (after == null || g.created.isAfter(after))
                        && (before == null || g.created.isBefore(before))) {
                    items.add(g);
                }
            }
        }
        return page(r, "ModelPackageGroupSummaryList", items, g -> new SortKey(key(g.name), g.created.toEpochMilli(), g.seq),
                this::groupSummary);
    }

    private ObjectNode deleteModelPackageGroup(Caller caller, ObjectNode r) {
        Group g = requireGroup(r.get("ModelPackageGroupName").asText());
        if (!g.versions.isEmpty()) {
            // Design choice: the console says "delete all versions first"; the modelled error is ConflictException.
            throw ServiceError.conflict("Model Package Group " + g.arn + " still contains "
                    + g.versions.size() + " model package version(s); delete them before deleting the group.");
        }
        groups.remove(key(g.name));
        return null;
    }

    // -------------------------------------------------------------- packages

    private static final Set<String> CREATE_SPECIAL = Set.of("ModelPackageName", "ModelPackageGroupName",
            "ClientToken", "Tags", "ModelApprovalStatus", "CertifyForMarketplace");

    private ObjectNode createModelPackage(Caller caller, ObjectNode r) {
        String pkgName = text(r, "ModelPackageName");
        String groupRef = text(r, "ModelPackageGroupName");
        if (pkgName != null && groupRef != null) {
            throw ServiceError.validation("Both ModelPackageName and ModelPackageGroupName are provided "
                    + "in the input. Cannot determine which one to use.");
        }
        if (pkgName == null && groupRef == null) {
            throw ServiceError.validation("Missing ARN.");
        }
        String token = text(r, "ClientToken");
        ObjectNode fingerprint = r.deepCopy();
        fingerprint.remove("ClientToken");
        if (token != null) {
            TokenUse used = clientTokens.get(token);
            Duration lifetime = clientTokenLifetime;
            if (used != null && lifetime != null && now().isAfter(used.at().plus(lifetime))) {
                used = null; // forgotten: the service no longer recognises the token
            }
            if (used != null) {
                if (used.request().equals(fingerprint)) {
                    return NODES.objectNode().put("ModelPackageArn", used.arn());
                }
                throw ServiceError.conflict("ClientToken " + token + " was already used with different "
                        + "parameters (for " + used.arn() + ").");
            }
        }
        checkModelCardContent(r.get("ModelCard"));
        Instant now = now();
        ObjectNode doc = NODES.objectNode();
        Pkg p;
        if (groupRef != null) {
            Group g = resolveGroup(groupRef);
            if (g == null) {
                throw ServiceError.validation("ModelPackageGroup " + groupArnFor(groupRef)
                        + " does not exist.");
            }
            if (r.has("Tags") && !r.get("Tags").isEmpty()) {
                throw ServiceError.validation("Versioned model packages do not support tags; "
                        + "use CustomerMetadataProperties, or tag the model package group.");
            }
            if (r.path("CertifyForMarketplace").asBoolean(false)) {
                throw ServiceError.validation("CertifyForMarketplace does not apply to versioned "
                        + "model packages.");
            }
            int version = ++g.highestVersion;
            String arn = "arn:aws:sagemaker:" + region + ":" + accountId + ":model-package/" + arnName(g.name) + "/" + version;
            doc.put("ModelPackageName", g.name + "/" + version);
            doc.put("ModelPackageGroupName", g.name);
            doc.put("ModelPackageVersion", version);
            doc.put("ModelPackageArn", arn);
            doc.put("ModelApprovalStatus", r.path("ModelApprovalStatus").asText("PendingManualApproval"));
            doc.put("CertifyForMarketplace", false);
            p = new Pkg(arn, g, version, null, now, ++sequence, doc, Map.of());
            g.versions.put(version, p);
        } else {
            Pkg existing = unversioned.get(key(pkgName));
            if (existing != null) {
                throw ServiceError.validation("Model Package already exists: " + existing.arn);
            }
            if (r.has("ModelApprovalStatus")) {
                throw ServiceError.validation("ModelApprovalStatus applies only to versioned model "
                        + "packages (created with a ModelPackageGroupName).");
            }
            String arn = "arn:aws:sagemaker:" + region + ":" + accountId + ":model-package/" + arnName(pkgName);
            doc.put("ModelPackageName", pkgName);
            doc.put("ModelPackageArn", arn);
            doc.put("CertifyForMarketplace", r.path("CertifyForMarketplace").asBoolean(false));
            Map<String, String> tags = new LinkedHashMap<>();
            putTags(tags, r.get("Tags"));
            p = new Pkg(arn, null, null, pkgName, now, ++sequence, doc, tags);
            unversioned.put(key(pkgName), p);
        }
        ServiceModel.Shape describe = model.shape("DescribeModelPackageOutput");
        r.properties().forEach(e -> {
            if (!CREATE_SPECIAL.contains(e.getKey()) && describe.members().containsKey(e.getKey())) {
                doc.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        ObjectNode details = doc.putObject("ModelPackageStatusDetails");
        details.putArray("ValidationStatuses");
        details.putArray("ImageScanStatuses");
        p.completesAt = now.plus(completionDelay);
        refreshStatus(p);
        doc.set("CreatedBy", userContext(caller));
        if (token != null) {
            clientTokens.put(token, new TokenUse(fingerprint, p.arn, now));
        }
        return NODES.objectNode().put("ModelPackageArn", p.arn);
    }

    /** ModelPackageStatus as of now: InProgress until the completion delay has passed, Failed when made to fail. */
    private void refreshStatus(Pkg p) {
        String status = p.failure != null ? "Failed" : now().isBefore(p.completesAt) ? "InProgress" : "Completed";
        p.doc.put("ModelPackageStatus", status);
        if (p.failure != null) {
            ArrayNode validations = ((ObjectNode) p.doc.get("ModelPackageStatusDetails")).putArray("ValidationStatuses");
            validations.addObject().put("Name", "emulator-validation").put("Status", "Failed").put("FailureReason", p.failure);
        }
    }

    private ObjectNode describeModelPackage(Caller caller, ObjectNode r) {
        Pkg p = requirePackage(r.get("ModelPackageName").asText());
        refreshStatus(p);
        ObjectNode o = p.doc.deepCopy();
        o.set("CreationTime", epochSeconds(p.created));
        o.set("LastModifiedTime", epochSeconds(p.lastModified));
        return o;
    }

    private ObjectNode listModelPackages(Caller caller, ObjectNode r) {
        String groupRef = text(r, "ModelPackageGroupName");
        String type = text(r, "ModelPackageType");
        List<Pkg> candidates = new ArrayList<>();
        if (groupRef != null) {
            Group g = resolveGroup(groupRef);
            if (g != null && !"Unversioned".equals(type)) {
                candidates.addAll(g.versions.values());
            }
        } else {
            String t = type == null ? "Unversioned" : type; // the model: Unversioned is the default
            if (!"Versioned".equals(t)) {
                candidates.addAll(unversioned.values());
            }
            if (!"Unversioned".equals(t)) {
                groups.values().forEach(g -> candidates.addAll(g.versions.values()));
            }
        }
        String status = text(r, "ModelApprovalStatus");
        String contains = lower(text(r, "NameContains"));
        Instant after = instant(r.get("CreationTimeAfter"));
        Instant before = instant(r.get("CreationTimeBefore"));
        List<Pkg> items = candidates.stream()
                .filter(p -> status == null || status.equals(p.doc.path("ModelApprovalStatus").asText(null)))
                .filter(p -> contains == null || key(p.listName()).contains(contains))
                .filter(p -> after == null || p.created.isAfter(after))
                .filter(p -> before == null || p.created.isBefore(before))
                .toList();
        return page(r, "ModelPackageSummaryList", items,
                p -> new SortKey(key(p.listName()), p.created.toEpochMilli(), p.seq), this::packageSummary);
    }

    private ObjectNode packageSummary(Pkg p) {
        refreshStatus(p);
        ObjectNode o = NODES.objectNode();
        for (String m : model.shape("ModelPackageSummary").members().keySet()) {
            if (p.doc.has(m)) {
                o.set(m, p.doc.get(m).deepCopy());
            }
        }
        if (p.group != null) {
            o.remove("ModelPackageName");
        }
        o.set("CreationTime", epochSeconds(p.created));
        return o;
    }

    private static final Set<String> UPDATE_SPECIAL = Set.of("ModelPackageArn", "CustomerMetadataProperties",
            "CustomerMetadataPropertiesToRemove", "AdditionalInferenceSpecificationsToAdd", "ModelCard", "ClientToken");

    private ObjectNode updateModelPackage(Caller caller, ObjectNode r) {
        Pkg p = requirePackage(r.get("ModelPackageArn").asText());
        if (p.group == null && (r.has("ModelApprovalStatus") || r.has("ApprovalDescription"))) {
            throw ServiceError.validation("ModelApprovalStatus and ApprovalDescription apply only to "
                    + "versioned model packages.");
        }
        // Every check first, then every change: an update applies whole or not at all.
        ObjectNode metadata = p.doc.has("CustomerMetadataProperties")
                ? p.doc.get("CustomerMetadataProperties").deepCopy() : NODES.objectNode();
        JsonNode toSet = r.get("CustomerMetadataProperties");
        JsonNode toRemove = r.get("CustomerMetadataPropertiesToRemove");
        if (toSet != null && toRemove != null) {
            Set<String> both = new LinkedHashSet<>();
            toRemove.forEach(k -> {
                if (toSet.has(k.asText())) {
                    both.add(k.asText());
                }
            });
            if (!both.isEmpty()) {
                throw ServiceError.validation("CustomerMetadataProperties and "
                        + "CustomerMetadataPropertiesToRemove both name the key(s) " + both + ".");
            }
        }
        if (toSet != null) {
            if (metadataUpdates == MetadataUpdates.REPLACE) {
                metadata.removeAll();
            }
            metadata.setAll((ObjectNode) toSet);
        }
        if (toRemove != null) {
            toRemove.forEach(k -> metadata.remove(k.asText()));
        }
        int maxMetadata = model.shape("CustomerMetadataMap").max().intValue();
        if (metadata.size() > maxMetadata) {
            throw ServiceError.validation("CustomerMetadataProperties can have at most " + maxMetadata
                    + " entries; this update would leave " + metadata.size() + ".");
        }
        ArrayNode additional = p.doc.has("AdditionalInferenceSpecifications")
                ? (ArrayNode) p.doc.get("AdditionalInferenceSpecifications").deepCopy() : NODES.arrayNode();
        JsonNode toAdd = r.get("AdditionalInferenceSpecificationsToAdd");
        if (toAdd != null) {
            additional.addAll((ArrayNode) toAdd);
            int max = model.shape("AdditionalInferenceSpecifications").max().intValue();
            if (additional.size() > max) {
                throw ServiceError.validation("A model package can have at most " + max
                        + " AdditionalInferenceSpecifications; this update would give it " + additional.size() + ".");
            }
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode spec : additional) {
                if (!names.add(spec.path("Name").asText())) {
                    throw ServiceError.validation("AdditionalInferenceSpecifications name "
                            + spec.path("Name").asText() + " is already used in this model package.");
                }
            }
        }
        ObjectNode card = null;
        if (r.has("ModelCard")) {
            JsonNode change = r.get("ModelCard");
            JsonNode current = p.doc.get("ModelCard");
            if (current != null && "Archived".equals(current.path("ModelCardStatus").asText())
                    && change.has("ModelCardContent")) {
                throw ServiceError.validation("Model Card is in Archived state");
            }
            checkModelCardContent(change);
            card = current == null ? NODES.objectNode() : current.deepCopy();
            card.setAll((ObjectNode) change);
        }

        ServiceModel.Shape describe = model.shape("DescribeModelPackageOutput");
        r.properties().forEach(e -> {
            if (!UPDATE_SPECIAL.contains(e.getKey()) && describe.members().containsKey(e.getKey())) {
                p.doc.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        if (metadata.isEmpty()) {
            p.doc.remove("CustomerMetadataProperties"); // the map shape has min 1
        } else {
            p.doc.set("CustomerMetadataProperties", metadata);
        }
        if (toAdd != null) {
            p.doc.set("AdditionalInferenceSpecifications", additional);
        }
        if (card != null) {
            p.doc.set("ModelCard", card);
        }
        p.lastModified = now();
        p.doc.set("LastModifiedBy", userContext(caller));
        return NODES.objectNode().put("ModelPackageArn", p.arn);
    }

    private ObjectNode deleteModelPackage(Caller caller, ObjectNode r) {
        Pkg p = requirePackage(r.get("ModelPackageName").asText());
        if (p.group != null) {
            p.group.versions.remove(p.version); // highestVersion stays: versions are not reused
        } else {
            unversioned.remove(key(p.name));
        }
        return null;
    }

    // ------------------------------------------------------------------ tags

    private ObjectNode addTags(Caller caller, ObjectNode r) {
        Map<String, String> tags = taggable(r.get("ResourceArn").asText());
        Map<String, String> merged = new LinkedHashMap<>(tags);
        putTags(merged, r.get("Tags"));
        int max = model.shape("TagList").max().intValue();
        if (merged.size() > max) {
            throw ServiceError.validation("A resource can have at most " + max + " tags; this request "
                    + "would give it " + merged.size() + ".");
        }
        tags.clear();
        tags.putAll(merged);
        ObjectNode o = NODES.objectNode();
        o.set("Tags", tagList(tags));
        return o;
    }

    private ObjectNode listTags(Caller caller, ObjectNode r) {
        ObjectNode o = NODES.objectNode();
        o.set("Tags", tagList(taggable(r.get("ResourceArn").asText())));
        return o;
    }

    private ObjectNode deleteTags(Caller caller, ObjectNode r) {
        Map<String, String> tags = taggable(r.get("ResourceArn").asText());
        r.get("TagKeys").forEach(k -> tags.remove(k.asText()));
        return NODES.objectNode();
    }

    private Map<String, String> taggable(String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(accountId)) {
            throw ServiceError.validation("Resource " + arn + " does not exist.");
        }
        String type = m.group(3);
        String rest = m.group(4);
        switch (type) {
            case "model-package-group" -> {
                Group g = groups.get(key(rest));
                if (g == null) {
                    throw ServiceError.validation("ModelPackageGroup " + arn + " does not exist.");
                }
                return g.tags;
            }
            case "model-package" -> {
                if (rest.contains("/")) {
                    throw ServiceError.validation("Versioned model packages do not support tags: " + arn
                            + ". Use CustomerMetadataProperties, or tag the model package group.");
                }
                Pkg p = unversioned.get(key(rest));
                if (p == null) {
                    throw ServiceError.validation("ModelPackage " + arn + " does not exist.");
                }
                return p.tags;
            }
            default -> throw ServiceError.validation("Resource " + arn + " does not exist.");
        }
    }

    private static void putTags(Map<String, String> target, JsonNode list) {
        if (list == null) {
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode t : list) {
            String k = t.get("Key").asText();
            if (!seen.add(k)) {
                throw ServiceError.validation("Tag keys must be unique per resource; the request "
                        + "repeats the key " + k + ".");
            }
            target.put(k, t.get("Value").asText());
        }
    }

    private static ArrayNode tagList(Map<String, String> tags) {
        ArrayNode a = NODES.arrayNode();
        tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
        return a;
    }

    // ------------------------------------------------------------ resolution

    private Group resolveGroup(String arnOrName) {
        String name = arnOrName;
        if (arnOrName.startsWith("arn:")) {
            Matcher m = ARN.matcher(arnOrName);
            if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(accountId)
                    || !m.group(3).equals("model-package-group")) {
                return null;
            }
            name = m.group(4);
        }
        return groups.get(key(name));
    }

    private Group requireGroup(String arnOrName) {
        Group g = resolveGroup(arnOrName);
        if (g == null) {
            throw ServiceError.validation("ModelPackageGroup " + groupArnFor(arnOrName)
                    + " does not exist.");
        }
        return g;
    }

    private String groupArnFor(String arnOrName) {
        return arnOrName.startsWith("arn:") ? arnOrName : groupArn(arnOrName);
    }

    private Pkg resolvePackage(String id) {
        String rest = id;
        if (id.startsWith("arn:")) {
            Matcher m = ARN.matcher(id);
            if (!m.matches() || !m.group(1).equals(region) || !m.group(2).equals(accountId)
                    || !m.group(3).equals("model-package")) {
                return null;
            }
            rest = m.group(4);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return unversioned.get(key(rest));
        }
        String versionText = rest.substring(slash + 1);
        Group g = groups.get(key(rest.substring(0, slash)));
        if (g == null || !DIGITS.matcher(versionText).matches() || versionText.length() > 9) {
            return null;
        }
        return g.versions.get(Integer.parseInt(versionText));
    }

    private Pkg requirePackage(String id) {
        Pkg p = resolvePackage(id);
        if (p == null) {
            String arn = id.startsWith("arn:") ? id
                    : "arn:aws:sagemaker:" + region + ":" + accountId + ":model-package/" + id;
            throw ServiceError.validation("ModelPackage " + arn + " does not exist.");
        }
        return p;
    }

    private String arnName(String name) {
        return lowerCaseArns ? key(name) : name;
    }

    private String groupArn(String name) {
        return "arn:aws:sagemaker:" + region + ":" + accountId + ":model-package-group/" + arnName(name);
    }

    // ------------------------------------------------------------ pagination

    private <T> ObjectNode page(ObjectNode r, String listMember, List<T> items, Function<T, SortKey> keyOf,
                                Function<T, ObjectNode> summary) {
        Comparator<SortKey> order = "Name".equals(text(r, "SortBy"))
                ? Comparator.comparing(SortKey::name).thenComparingLong(SortKey::seq)
                : Comparator.comparingLong(SortKey::epochMillis).thenComparingLong(SortKey::seq);
        if ("Descending".equals(text(r, "SortOrder"))) {
            order = order.reversed();
        }
        Comparator<SortKey> cmp = order;
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> cmp.compare(keyOf.apply(a), keyOf.apply(b)));
        int max = r.has("MaxResults") ? r.get("MaxResults").asInt() : DEFAULT_MAX_RESULTS;
        String filters = filterFingerprint(r);
        int start = 0;
        String token = text(r, "NextToken");
        if (token != null && !token.isEmpty()) {
            SortKey after = decodeToken(token, filters);
            while (start < sorted.size() && cmp.compare(keyOf.apply(sorted.get(start)), after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + max);
        ObjectNode o = NODES.objectNode();
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
        String raw = "v1|" + filters + "|" + k.name() + "|" + k.epochMillis() + "|" + k.seq();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static SortKey decodeToken(String token, String filters) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 5 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException("shape");
            }
            if (!parts[1].equals(filters)) {
                throw ServiceError.validation("The NextToken was issued for a request with other "
                        + "filters or sort options.");
            }
            return new SortKey(parts[2], Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            throw ServiceError.validation("Invalid NextToken.");
        }
    }

    // --------------------------------------------------------------- helpers

    private void checkModelCardContent(JsonNode card) {
        if (card == null || !card.has("ModelCardContent")) {
            return;
        }
        String content = card.get("ModelCardContent").asText();
        try {
            JsonNode parsed = JSON.readTree(content);
            if (parsed == null || !parsed.isObject()) {
                throw new IOException("not an object");
            }
        } catch (IOException e) {
            throw ServiceError.validation("ModelCardContent must be a JSON object that follows the "
                    + "model package model card schema.");
        }
    }

    /** {@code CreatedBy}/{@code LastModifiedBy}: the caller's IAM identity as AWS reports it. */
    private static ObjectNode userContext(Caller caller) {
        ObjectNode uc = NODES.objectNode();
        uc.putObject("IamIdentity")
                .put("Arn", caller.principal().arn())
                .put("PrincipalId", caller.principal().principalId());
        return uc;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A timestamp as AWS JSON 1.1 sends it: epoch seconds, a JSON number with millisecond fraction. */
    public static DecimalNode epochSeconds(Instant t) {
        return (DecimalNode) NODES.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    /** A request timestamp (epoch seconds, a JSON number), or {@code null} when absent. */
    public static Instant instant(JsonNode epochSeconds) {
        if (epochSeconds == null || epochSeconds.isNull()) {
            return null;
        }
        BigDecimal s = epochSeconds.decimalValue();
        long secs = s.longValue();
        long nanos = s.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(secs, nanos);
    }

    private static String text(JsonNode r, String member) {
        JsonNode n = r.get(member);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
