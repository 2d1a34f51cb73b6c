package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.SageMakerContext.userContext;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.WireValues.epochSeconds;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.key;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Model cards: {@code CreateModelCard}, {@code DescribeModelCard}, {@code UpdateModelCard}, {@code ListModelCards},
 * {@code ListModelCardVersions}, {@code DeleteModelCard}. Facts (shared/sagemaker/README.md §5, model documentation):
 * cards are versioned; a version is immutable except for its status, so a status-only update changes the latest
 * version in place and a content update creates version n+1; content and status cannot change in one call; an
 * {@code Archived} card takes no content update ("Model Card is in Archived state"); a duplicate name is a
 * {@code ConflictException}; an unknown card is {@code ResourceNotFound}; Describe defaults to the latest version
 * and takes a name or an ARN. <b>Design choices</b>:
 * <ul>
 *   <li>Names are unique regardless of case and keep their case; ARNs keep it too (unless lower-cased registry ARNs
 *       are on), like the registry's.</li>
 *   <li>{@code Content} must parse as a JSON object (the schema itself is not checked); otherwise
 *       {@code ValidationException}.</li>
 *   <li>An update naming both content and status, or neither, is a {@code ValidationException}; content on an
 *       {@code Archived} card a {@code ConflictException} (the modelled error for a card's state); a status-only update
 *       of an archived card is allowed.</li>
 *   <li>{@code CreationTime} is the card's (version 1's); {@code LastModifiedTime} the described version's last change;
 *       {@code LastModifiedBy} appears with the first update of that version; a new version starts with the creator
 *       of the update as {@code CreatedBy}.</li>
 *   <li>{@code IncludedData=MetadataOnly} answers {@code Content} "{}" (the member is required).</li>
 *   <li>Unknown version: {@code ResourceNotFound}. {@code DeleteModelCard} deletes at once (no processing status).</li>
 *   <li>{@code ListModelCards} lists each card's latest version; {@code SortBy} Name|CreationTime (default
 *       CreationTime), {@code SortOrder} default Ascending; {@code ListModelCardVersions} sorts by version, Ascending
 *       by default; {@code NameContains} ignores case; time filters are strict.</li>
 * </ul>
 */
public final class ModelCards implements ResourceFamily {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Card {
        final String name;
        final String arn;
        final Instant created;
        final long seq;
        final ObjectNode securityConfig;
        final Map<String, String> tags;
        final List<Version> versions = new ArrayList<>();

        Card(String name, String arn, Instant created, long seq, ObjectNode securityConfig, Map<String, String> tags) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.seq = seq;
            this.securityConfig = securityConfig;
            this.tags = tags;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }
    }

    private static final class Version {
        final int number;
        final String content;
        final Instant created;
        final ObjectNode createdBy;
        String status;
        Instant lastModified;
        ObjectNode lastModifiedBy;

        Version(int number, String content, String status, Instant created, ObjectNode createdBy) {
            this.number = number;
            this.content = content;
            this.status = status;
            this.created = created;
            this.createdBy = createdBy;
            this.lastModified = created;
        }
    }

    private final SageMakerContext context;
    private final Map<String, Card> cards = new LinkedHashMap<>();

    public ModelCards(SageMakerContext context) {
        this.context = context;
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("CreateModelCard", this::create);
        table.accept("DescribeModelCard", this::describe);
        table.accept("UpdateModelCard", this::update);
        table.accept("ListModelCards", this::list);
        table.accept("ListModelCardVersions", this::listVersions);
        table.accept("DeleteModelCard", (caller, r) -> {
            cards.remove(key(require(r.get("ModelCardName").asText()).name));
            return null;
        });
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        if (!"model-card".equals(arn.type())) {
            return Optional.empty();
        }
        Card c = cards.get(key(arn.resource()));
        if (c == null) {
            throw ServiceError.validation("Resource " + context.arn(arn.type(), arn.resource()) + " does not exist.");
        }
        return Optional.of(c.tags);
    }

    @Override
    public void reset() {
        cards.clear();
    }

    /** The latest status of a card, if it exists (for tests and other families). */
    public Optional<String> status(String name) {
        synchronized (context.lock()) {
            Card c = cards.get(key(name));
            return c == null ? Optional.empty() : Optional.of(c.latest().status);
        }
    }

    private ObjectNode create(Caller caller, ObjectNode r) {
        String name = r.get("ModelCardName").asText();
        Card existing = cards.get(key(name));
        if (existing != null) {
            throw ServiceError.conflict("Model card " + existing.name + " already exists: " + existing.arn + ".");
        }
        String content = checkedContent(r.get("Content").asText());
        Instant now = context.now();
        Card c = new Card(name, context.registryArn("model-card", name), now, context.nextSequence(),
                r.has("SecurityConfig") ? (ObjectNode) r.get("SecurityConfig").deepCopy() : null,
                Tags.fromRequest(r.get("Tags")));
        c.versions.add(new Version(1, content, r.get("ModelCardStatus").asText(), now, userContext(caller)));
        cards.put(key(name), c);
        return NODES.objectNode().put("ModelCardArn", c.arn);
    }

    private ObjectNode describe(Caller caller, ObjectNode r) {
        Card c = require(r.get("ModelCardName").asText());
        Version v = c.latest();
        if (r.has("ModelCardVersion")) {
            int wanted = r.get("ModelCardVersion").asInt();
            v = c.versions.stream().filter(x -> x.number == wanted).findFirst().orElseThrow(() ->
                    notFound("Model card " + c.name + " has no version " + wanted + "."));
        }
        ObjectNode o = NODES.objectNode().put("ModelCardArn", c.arn).put("ModelCardName", c.name)
                .put("ModelCardVersion", v.number)
                .put("Content", "MetadataOnly".equals(text(r, "IncludedData")) ? "{}" : v.content)
                .put("ModelCardStatus", v.status);
        if (c.securityConfig != null) {
            o.set("SecurityConfig", c.securityConfig.deepCopy());
        }
        o.set("CreationTime", epochSeconds(c.created));
        o.set("CreatedBy", v.createdBy.deepCopy());
        o.set("LastModifiedTime", epochSeconds(v.lastModified));
        if (v.lastModifiedBy != null) {
            o.set("LastModifiedBy", v.lastModifiedBy.deepCopy());
        }
        return o;
    }

    private ObjectNode update(Caller caller, ObjectNode r) {
        Card c = require(r.get("ModelCardName").asText());
        boolean content = r.has("Content");
        boolean status = r.has("ModelCardStatus");
        if (content && status) {
            throw ServiceError.validation("You cannot update both model card content and model card status in a "
                    + "single call.");
        }
        if (!content && !status) {
            throw ServiceError.validation("An update of a model card needs Content or ModelCardStatus.");
        }
        Version latest = c.latest();
        Instant now = context.now();
        if (status) {
            latest.status = r.get("ModelCardStatus").asText();
            latest.lastModified = now;
            latest.lastModifiedBy = userContext(caller);
        } else {
            if ("Archived".equals(latest.status)) {
                throw ServiceError.conflict("Model Card is in Archived state");
            }
            c.versions.add(new Version(latest.number + 1, checkedContent(r.get("Content").asText()), latest.status,
                    now, userContext(caller)));
        }
        return NODES.objectNode().put("ModelCardArn", c.arn);
    }

    private ObjectNode list(Caller caller, ObjectNode r) {
        String status = text(r, "ModelCardStatus");
        List<Card> items = cards.values().stream()
                .filter(Members.<Card>nameContains(r, c -> c.name).and(Members.createdWithin(r, c -> c.created)))
                .filter(c -> status == null || status.equals(c.latest().status))
                .toList();
        return Pagination.page(r, "ModelCardSummaries", items,
                c -> new Pagination.SortKey(key(c.name), c.created.toEpochMilli(), c.seq),
                Pagination.order("Name".equals(text(r, "SortBy")) ? Pagination.BY_TEXT : Pagination.BY_NUMBER,
                        text(r, "SortOrder"), "Ascending"),
                c -> {
                    ObjectNode s = NODES.objectNode().put("ModelCardName", c.name).put("ModelCardArn", c.arn)
                            .put("ModelCardStatus", c.latest().status);
                    s.set("CreationTime", epochSeconds(c.created));
                    s.set("LastModifiedTime", epochSeconds(c.latest().lastModified));
                    return s;
                });
    }

    private ObjectNode listVersions(Caller caller, ObjectNode r) {
        Card c = require(r.get("ModelCardName").asText());
        String status = text(r, "ModelCardStatus");
        List<Version> items = c.versions.stream()
                .filter(v -> status == null || status.equals(v.status))
                .filter(Members.createdWithin(r, v -> v.created))
                .toList();
        return Pagination.page(r, "ModelCardVersionSummaryList", items,
                v -> new Pagination.SortKey("", v.number, v.number),
                Pagination.order(Pagination.BY_NUMBER, text(r, "SortOrder"), "Ascending"),
                v -> {
                    ObjectNode s = NODES.objectNode().put("ModelCardName", c.name).put("ModelCardArn", c.arn)
                            .put("ModelCardStatus", v.status).put("ModelCardVersion", v.number);
                    s.set("CreationTime", epochSeconds(v.created));
                    s.set("LastModifiedTime", epochSeconds(v.lastModified));
                    return s;
                });
    }

    /** The card a name or ARN names; callers hold the service lock. */
    private Card require(String nameOrArn) {
        String name = nameOrArn;
        if (nameOrArn.startsWith("arn:")) {
            name = ResourceArn.parse(nameOrArn).filter(a -> a.isLocal(context, "model-card"))
                    .map(ResourceArn::resource).orElse(null);
        }
        Card c = name == null ? null : cards.get(key(name));
        if (c == null) {
            throw notFound("Model card " + nameOrArn + " does not exist.");
        }
        return c;
    }

    private static ServiceError notFound(String message) {
        return ServiceError.of("ResourceNotFound", message);
    }

    private static String checkedContent(String content) {
        try {
            JsonNode parsed = JSON.readTree(content);
            if (parsed == null || !parsed.isObject()) {
                throw new IOException("not an object");
            }
        } catch (IOException e) {
            throw ServiceError.validation("Content must be a JSON object that follows the model card JSON schema.");
        }
        return content;
    }
}
