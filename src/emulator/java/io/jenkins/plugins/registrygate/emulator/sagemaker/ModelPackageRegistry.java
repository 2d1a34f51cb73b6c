package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.SageMakerContext.userContext;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.WireValues.epochSeconds;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.key;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The SageMaker Model Registry: model package groups, model packages (versioned and unversioned), their tags and
 * client tokens. Facts and their sources are in {@code shared/sagemaker/README.md} (sections 1-3). Where no source
 * settles a behaviour the emulator makes a <b>design choice</b>, marked so below:
 * <ul>
 *   <li>Names are unique and looked up case-insensitively; ARNs keep the case the resource was created with.</li>
 *   <li>Version numbers are never reused: the next version is the highest ever given in the group plus one.</li>
 *   <li>{@code DeleteModelPackageGroup} of a group that still holds versions: {@code ConflictException}.</li>
 *   <li>{@code ClientToken} reused with different parameters: {@code ConflictException} (the operation's modelled
 *       error); with the same parameters the ARN of the first package is returned, even if it was deleted since.</li>
 *   <li>{@code CustomerMetadataProperties} set and removed for the same key in one update: {@code ValidationException}.</li>
 *   <li>{@code CreatedBy}/{@code LastModifiedBy}: {@code {IamIdentity:{Arn, PrincipalId}}} of the caller's principal
 *       ({@link io.jenkins.plugins.registrygate.emulator.Identities}): an IAM user or an assumed-role session, as AWS
 *       reports them.</li>
 *   <li>Tags on a versioned package ({@code AddTags}, {@code ListTags}, {@code DeleteTags}, or {@code Tags} in
 *       {@code CreateModelPackage} with a group): {@code ValidationException}.</li>
 *   <li>{@code ModelApprovalStatus}/{@code ApprovalDescription} on an unversioned package, and
 *       {@code CertifyForMarketplace=true} on a versioned one: {@code ValidationException}.</li>
 *   <li>A new package has {@code LastModifiedTime = CreationTime} (the 2021 EventBridge example shows both equal);
 *       {@code LastModifiedBy} appears with the first update.</li>
 *   <li>{@code ModelCard.ModelCardContent} must parse as a JSON object; content updates of an {@code Archived} card
 *       are refused with "Model Card is in Archived state" (text from the model documentation).</li>
 *   <li>Options for testing what the real service may do but rarely does on cue: {@link #clientTokenLifetime} (a
 *       client token forgotten after a while), {@link #completionDelay} and {@link #failModelPackage} (a version that
 *       is not {@code Completed} yet, or {@code Failed}), {@link #metadataUpdates} (an update that replaces the
 *       metadata map, as some SageMaker-compatible services do). Lower-cased ARNs are an option of the
 *       {@link SageMakerContext}.</li>
 *   <li>Lists ({@link Pagination} for the pages): {@code NameContains} and {@code SortBy=Name} ignore case;
 *       {@code CreationTimeAfter}/{@code Before} are strict. List summaries of versioned packages carry no
 *       {@code ModelPackageName} (as in the AWS examples); {@code DescribeModelPackage} returns
 *       {@code "<group>/<version>"}. A group filter naming an unknown group lists nothing.</li>
 * </ul>
 */
public final class ModelPackageRegistry implements ResourceFamily {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final SageMakerContext context;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Pkg> unversioned = new LinkedHashMap<>();
    private final Map<String, TokenUse> clientTokens = new LinkedHashMap<>();

    /** How {@code UpdateModelPackage} treats {@code CustomerMetadataProperties}. */
    public enum MetadataUpdates {
        /** Keys given are added or overwritten, others stay (what the separate ToRemove member implies for SageMaker). */
        MERGE,
        /** The map given replaces the whole map (what some SageMaker-compatible local services do). */
        REPLACE
    }

    private volatile Duration clientTokenLifetime;
    private volatile Duration completionDelay = Duration.ZERO;
    private volatile MetadataUpdates metadataUpdates = MetadataUpdates.MERGE;

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

    /** What hosting deploys from a package: its ARN and the containers of one of its inference specifications. */
    public record Deployable(String arn, List<ObjectNode> containers) {
    }

    public ModelPackageRegistry(SageMakerContext context) {
        this.context = context;
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("CreateModelPackageGroup", this::createModelPackageGroup);
        table.accept("DescribeModelPackageGroup", this::describeModelPackageGroup);
        table.accept("ListModelPackageGroups", this::listModelPackageGroups);
        table.accept("DeleteModelPackageGroup", this::deleteModelPackageGroup);
        table.accept("CreateModelPackage", this::createModelPackage);
        table.accept("DescribeModelPackage", this::describeModelPackage);
        table.accept("ListModelPackages", this::listModelPackages);
        table.accept("UpdateModelPackage", this::updateModelPackage);
        table.accept("DeleteModelPackage", this::deleteModelPackage);
    }

    /**
     * How long a {@code ClientToken} is remembered (AWS documents no window); after it, a repeated create with the same
     * token creates anew. {@code null} (the default): forever.
     */
    public void clientTokenLifetime(Duration lifetime) {
        this.clientTokenLifetime = lifetime;
    }

    /** New versions are {@code InProgress} for this long, then {@code Completed} (default: Completed at once). */
    public void completionDelay(Duration delay) {
        this.completionDelay = delay;
    }

    public void metadataUpdates(MetadataUpdates mode) {
        this.metadataUpdates = mode;
    }

    /** Makes a package's ModelPackageStatus {@code Failed}, as when validation or an image scan fails. */
    public void failModelPackage(String arnOrName, String reason) {
        synchronized (context.lock()) {
            Pkg p = requirePackage(arnOrName);
            p.failure = reason;
            refreshStatus(p);
        }
    }

    @Override
    public void reset() {
        groups.clear();
        unversioned.clear();
        clientTokens.clear();
    }

    /** Names of the existing model package groups, in creation order. */
    public List<String> groupNames() {
        synchronized (context.lock()) {
            return groups.values().stream().map(g -> g.name).toList();
        }
    }

    /** Existing version numbers of a group (empty for an unknown group). */
    public List<Integer> versions(String groupName) {
        synchronized (context.lock()) {
            Group g = groups.get(key(groupName));
            return g == null ? List.of() : List.copyOf(g.versions.keySet());
        }
    }

    /**
     * The package a hosting container names ({@code ModelPackageName}: a name, {@code <group>/<version>} or an ARN)
     * and the containers of its {@code InferenceSpecification}, or of the additional inference specification named
     * {@code specName}. Callers hold the service lock.
     *
     * @throws ServiceError {@code ValidationException} when the package or the specification does not exist
     */
    Deployable deployable(String packageRef, String specName) {
        Pkg p = requirePackage(packageRef);
        JsonNode spec = null;
        if (specName == null) {
            spec = p.doc.get("InferenceSpecification");
        } else {
            for (JsonNode s : p.doc.path("AdditionalInferenceSpecifications")) {
                if (s.path("Name").asText().equals(specName)) {
                    spec = s;
                }
            }
            if (spec == null) {
                throw ServiceError.validation("Model package " + p.arn + " has no additional inference "
                        + "specification named " + specName + ".");
            }
        }
        if (spec == null || !spec.has("Containers")) {
            throw ServiceError.validation("Model package " + p.arn + " has no InferenceSpecification to deploy.");
        }
        List<ObjectNode> containers = new ArrayList<>();
        spec.get("Containers").forEach(c -> containers.add(c.deepCopy()));
        return new Deployable(p.arn, containers);
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        switch (arn.type()) {
            case "model-package-group" -> {
                Group g = groups.get(key(arn.resource()));
                if (g == null) {
                    throw ServiceError.validation("ModelPackageGroup " + arnText(arn) + " does not exist.");
                }
                return Optional.of(g.tags);
            }
            case "model-package" -> {
                if (arn.resource().contains("/")) {
                    throw ServiceError.validation("Versioned model packages do not support tags: " + arnText(arn)
                            + ". Use CustomerMetadataProperties, or tag the model package group.");
                }
                Pkg p = unversioned.get(key(arn.resource()));
                if (p == null) {
                    throw ServiceError.validation("ModelPackage " + arnText(arn) + " does not exist.");
                }
                return Optional.of(p.tags);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private String arnText(ResourceArn arn) {
        return context.arn(arn.type(), arn.resource());
    }

    /** Registry lists sort by CreationTime or Name (case ignored), ascending unless told otherwise. */
    private static Comparator<Pagination.SortKey> listOrder(ObjectNode r) {
        return Pagination.order("Name".equals(text(r, "SortBy")) ? Pagination.BY_TEXT : Pagination.BY_NUMBER,
                text(r, "SortOrder"), "Ascending");
    }

    // ---------------------------------------------------------------- groups

    private ObjectNode createModelPackageGroup(Caller caller, ObjectNode r) {
        String name = r.get("ModelPackageGroupName").asText();
        Group existing = groups.get(key(name));
        if (existing != null) {
            throw ServiceError.validation("Model Package Group already exists: " + existing.arn);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Tags.putAll(tags, r.get("Tags"));
        Group g = new Group(name, context.registryArn("model-package-group", name),
                text(r, "ModelPackageGroupDescription"), context.now(), context.nextSequence(),
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
            groups.values().stream()
                    .filter(Members.<Group>nameContains(r, g -> g.name).and(Members.createdWithin(r, g -> g.created)))
                    .forEach(items::add);
        }
        return Pagination.page(r, "ModelPackageGroupSummaryList", items,
                g -> new Pagination.SortKey(key(g.name), g.created.toEpochMilli(), g.seq), listOrder(r),
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
            if (used != null && lifetime != null && context.now().isAfter(used.at().plus(lifetime))) {
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
        checkDataSources(r.path("InferenceSpecification"), r.path("AdditionalInferenceSpecifications"));
        Instant now = context.now();
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
            String arn = context.registryArn("model-package", g.name + "/" + version);
            doc.put("ModelPackageName", g.name + "/" + version);
            doc.put("ModelPackageGroupName", g.name);
            doc.put("ModelPackageVersion", version);
            doc.put("ModelPackageArn", arn);
            doc.put("ModelApprovalStatus", r.path("ModelApprovalStatus").asText("PendingManualApproval"));
            doc.put("CertifyForMarketplace", false);
            p = new Pkg(arn, g, version, null, now, context.nextSequence(), doc, Map.of());
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
            String arn = context.registryArn("model-package", pkgName);
            doc.put("ModelPackageName", pkgName);
            doc.put("ModelPackageArn", arn);
            doc.put("CertifyForMarketplace", r.path("CertifyForMarketplace").asBoolean(false));
            Map<String, String> tags = new LinkedHashMap<>();
            Tags.putAll(tags, r.get("Tags"));
            p = new Pkg(arn, null, null, pkgName, now, context.nextSequence(), doc, tags);
            unversioned.put(key(pkgName), p);
        }
        ServiceModel.Shape describe = context.model().shape("DescribeModelPackageOutput");
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

    /** Every container's ModelDataSource names its data source ({@link Members#requireDataSource}). */
    private static void checkDataSources(JsonNode inferenceSpecification, JsonNode additional) {
        Members.requireDataSources(inferenceSpecification, "InferenceSpecification");
        int i = 0;
        for (JsonNode spec : additional) {
            Members.requireDataSources(spec, "AdditionalInferenceSpecifications." + ++i);
        }
    }

    /** ModelPackageStatus as of now: InProgress until the completion delay has passed, Failed when made to fail. */
    private void refreshStatus(Pkg p) {
        String status = p.failure != null ? "Failed" : context.now().isBefore(p.completesAt) ? "InProgress" : "Completed";
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
        List<Pkg> items = candidates.stream()
                .filter(p -> status == null || status.equals(p.doc.path("ModelApprovalStatus").asText(null)))
                .filter(Members.<Pkg>nameContains(r, Pkg::listName).and(Members.createdWithin(r, p -> p.created)))
                .toList();
        return Pagination.page(r, "ModelPackageSummaryList", items,
                p -> new Pagination.SortKey(key(p.listName()), p.created.toEpochMilli(), p.seq), listOrder(r),
                this::packageSummary);
    }

    private ObjectNode packageSummary(Pkg p) {
        refreshStatus(p);
        ObjectNode o = NODES.objectNode();
        for (String m : context.model().shape("ModelPackageSummary").members().keySet()) {
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
        int maxMetadata = context.model().shape("CustomerMetadataMap").max().intValue();
        if (metadata.size() > maxMetadata) {
            throw ServiceError.validation("CustomerMetadataProperties can have at most " + maxMetadata
                    + " entries; this update would leave " + metadata.size() + ".");
        }
        checkDataSources(r.path("InferenceSpecification"), r.path("AdditionalInferenceSpecificationsToAdd"));
        ArrayNode additional = p.doc.has("AdditionalInferenceSpecifications")
                ? (ArrayNode) p.doc.get("AdditionalInferenceSpecifications").deepCopy() : NODES.arrayNode();
        JsonNode toAdd = r.get("AdditionalInferenceSpecificationsToAdd");
        if (toAdd != null) {
            additional.addAll((ArrayNode) toAdd);
            int max = context.model().shape("AdditionalInferenceSpecifications").max().intValue();
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

        ServiceModel.Shape describe = context.model().shape("DescribeModelPackageOutput");
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
        p.lastModified = context.now();
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

    // ------------------------------------------------------------ resolution

    private Group resolveGroup(String arnOrName) {
        String name = arnOrName;
        if (arnOrName.startsWith("arn:")) {
            Optional<ResourceArn> arn = ResourceArn.parse(arnOrName)
                    .filter(a -> a.isLocal(context, "model-package-group"));
            if (arn.isEmpty()) {
                return null;
            }
            name = arn.get().resource();
        }
        return groups.get(key(name));
    }

    private Group requireGroup(String arnOrName) {
        Group g = resolveGroup(arnOrName);
        if (g == null) {
            throw ServiceError.validation("ModelPackageGroup " + groupArnFor(arnOrName) + " does not exist.");
        }
        return g;
    }

    private String groupArnFor(String arnOrName) {
        return arnOrName.startsWith("arn:") ? arnOrName : context.registryArn("model-package-group", arnOrName);
    }

    private Pkg resolvePackage(String id) {
        String rest = id;
        if (id.startsWith("arn:")) {
            Optional<ResourceArn> arn = ResourceArn.parse(id).filter(a -> a.isLocal(context, "model-package"));
            if (arn.isEmpty()) {
                return null;
            }
            rest = arn.get().resource();
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
            String arn = id.startsWith("arn:") ? id : context.arn("model-package", id);
            throw ServiceError.validation("ModelPackage " + arn + " does not exist.");
        }
        return p;
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
}
