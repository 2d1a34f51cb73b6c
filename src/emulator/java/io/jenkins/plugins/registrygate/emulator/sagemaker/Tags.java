package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code AddTags}, {@code ListTags} and {@code DeleteTags} for every family: the ARN's resource type picks the
 * family that owns the resource ({@link ResourceFamily#tagsOf}). Design choices: duplicate tag keys in one request
 * are a {@code ValidationException}; {@code AddTags} answers with every tag the resource then has; an ARN of another
 * region or account, or of a type no family serves, is "Resource … does not exist."
 */
public final class Tags implements ResourceFamily {

    private final SageMakerContext context;
    private final List<ResourceFamily> owners;

    public Tags(SageMakerContext context, List<ResourceFamily> owners) {
        this.context = context;
        this.owners = List.copyOf(owners);
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("AddTags", (caller, r) -> addTags(r));
        table.accept("ListTags", (caller, r) -> {
            ObjectNode o = Members.NODES.objectNode();
            o.set("Tags", toList(tagsOf(r.get("ResourceArn").asText())));
            return o;
        });
        table.accept("DeleteTags", (caller, r) -> {
            Map<String, String> tags = tagsOf(r.get("ResourceArn").asText());
            r.get("TagKeys").forEach(k -> tags.remove(k.asText()));
            return Members.NODES.objectNode();
        });
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        return Optional.empty(); // owns no resources of its own
    }

    @Override
    public void reset() {
    }

    private ObjectNode addTags(ObjectNode r) {
        Map<String, String> tags = tagsOf(r.get("ResourceArn").asText());
        Map<String, String> merged = new LinkedHashMap<>(tags);
        putAll(merged, r.get("Tags"));
        int max = context.model().shape("TagList").max().intValue();
        if (merged.size() > max) {
            throw ServiceError.validation("A resource can have at most " + max + " tags; this request "
                    + "would give it " + merged.size() + ".");
        }
        tags.clear();
        tags.putAll(merged);
        ObjectNode o = Members.NODES.objectNode();
        o.set("Tags", toList(tags));
        return o;
    }

    private Map<String, String> tagsOf(String arnText) {
        ResourceArn arn = ResourceArn.parse(arnText)
                .filter(a -> a.region().equals(context.region()) && a.account().equals(context.accountId()))
                .orElseThrow(() -> ServiceError.validation("Resource " + arnText + " does not exist."));
        for (ResourceFamily f : owners) {
            Optional<Map<String, String>> tags = f.tagsOf(arn);
            if (tags.isPresent()) {
                return tags.get();
            }
        }
        throw ServiceError.validation("Resource " + arnText + " does not exist.");
    }

    /** The tags of a create request ({@code Tags} member, may be absent), keys checked for uniqueness. */
    static Map<String, String> fromRequest(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        putAll(tags, list);
        return tags;
    }

    static void putAll(Map<String, String> target, JsonNode list) {
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

    static ArrayNode toList(Map<String, String> tags) {
        ArrayNode a = Members.NODES.arrayNode();
        tags.forEach((k, v) -> a.addObject().put("Key", k).put("Value", v));
        return a;
    }
}
