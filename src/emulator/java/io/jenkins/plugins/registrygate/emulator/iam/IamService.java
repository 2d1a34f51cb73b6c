package io.jenkins.plugins.registrygate.emulator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.AwsQueryProtocol;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * IAM roles: the execution roles a SageMaker deployment names and the roles STS assumes. Speaks the query protocol
 * ({@link AwsQueryProtocol}); validated against the official IAM model.
 *
 * <p>Operations: {@code CreateRole}, {@code GetRole}, {@code ListRoles}, {@code DeleteRole}. Behaviour from the IAM API
 * reference: names are unique without regard to case ({@code EntityAlreadyExists}, HTTP 409); an unknown role is
 * {@code NoSuchEntity} (HTTP 404); the ARN is {@code arn:aws:iam::<account>:role<path><name>}; the path defaults to
 * {@code /}; {@code MaxSessionDuration} defaults to 3600 seconds; policy documents are returned URL-encoded (RFC 3986);
 * a trust policy that is not JSON is {@code MalformedPolicyDocument}. Design choices where no source settles it:
 * <ul>
 *   <li>{@code RoleId} is {@code AROA} + {@link Identities#stableId} of the ARN and a creation counter, so a role
 *       deleted and created again gets a new id, as IAM gives it.</li>
 *   <li>Trust policies are kept but not evaluated, except that STS honours an {@code sts:ExternalId} condition
 *       ({@link Role#requiredExternalId()}).</li>
 *   <li>{@code ListRoles} lists in order of name (ignoring case), 100 per page by default; its {@code Marker} is
 *       opaque.</li>
 *   <li>The access-denied error is {@code AccessDenied} (HTTP 403) naming {@code role <name>} as the resource.</li>
 * </ul>
 */
public final class IamService extends ModelledService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_ITEMS = 100;

    private final String accountId;
    private final Clock clock;
    /** Roles by lower-cased name. */
    private final Map<String, Role> roles = new TreeMap<>();
    private long created;

    /** One role as IAM keeps it. */
    public record Role(String path, String name, String roleId, String arn, Instant createDate, String trustPolicy,
                       String description, int maxSessionDuration, Map<String, String> tags) {

        /**
         * The external id the trust policy requires ({@code Condition.StringEquals."sts:ExternalId"} of a statement
         * allowing {@code sts:AssumeRole}), if it names one.
         */
        public Optional<String> requiredExternalId() {
            try {
                JsonNode doc = JSON.readTree(trustPolicy);
                JsonNode statements = doc.path("Statement");
                for (JsonNode st : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                    JsonNode id = st.path("Condition").path("StringEquals").path("sts:ExternalId");
                    if (id.isTextual()) {
                        return Optional.of(id.asText());
                    }
                }
            } catch (IOException e) {
                // CreateRole refuses documents that are not JSON
            }
            return Optional.empty();
        }
    }

    public IamService(ServiceModel model, String accountId, Clock clock) {
        super(model);
        this.accountId = accountId;
        this.clock = clock;
        on("CreateRole", this::createRole);
        on("GetRole", this::getRole);
        on("ListRoles", this::listRoles);
        on("DeleteRole", this::deleteRole);
    }

    /** The role with this name (any case), if it exists. */
    public Optional<Role> role(String name) {
        synchronized (lock) {
            return Optional.ofNullable(roles.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** The role with this ARN, if it exists (the ARN's account and path must match). */
    public Optional<Role> roleByArn(String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        return role(name).filter(r -> r.arn().equals(arn));
    }

    /** Creates a role without a request (test setup); the trust policy allows the account to assume it. */
    public Role addRole(String name) {
        ObjectNode request = NODES.objectNode().put("RoleName", name).put("AssumeRolePolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                        + accountId + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
        invoke("CreateRole", null, request);
        return role(name).orElseThrow();
    }

    @Override
    public String iamAction(String operation) {
        return "iam:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        String name = input.path("RoleName").asText("");
        return name.isEmpty() ? "*" : "arn:aws:iam::" + accountId + ":role/" + name;
    }

    @Override
    public ServiceError accessDenied(Caller caller, String action, String resource) {
        String named = resource.contains(":role/") ? "role " + resource.substring(resource.lastIndexOf('/') + 1) : resource;
        return new ServiceError(403, "AccessDenied", "User: " + caller.principal().arn() + " is not authorized to perform: "
                + action + " on resource: " + named + " because no identity-based policy allows the " + action + " action");
    }

    @Override
    public ServiceError translate(ServiceError error) {
        return AwsQueryProtocol.queryWording(error);
    }

    private ObjectNode createRole(Caller caller, ObjectNode r) {
        String name = r.get("RoleName").asText();
        if (roles.containsKey(name.toLowerCase(Locale.ROOT))) {
            throw modelled("EntityAlreadyExistsException", "Role with name " + name + " already exists.");
        }
        String policy = r.get("AssumeRolePolicyDocument").asText();
        try {
            if (!JSON.readTree(policy).isObject()) {
                throw new IOException("not an object");
            }
        } catch (IOException e) {
            throw modelled("MalformedPolicyDocumentException", "This policy contains invalid Json");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode t : r.path("Tags")) {
            if (!keys.add(t.get("Key").asText().toLowerCase(Locale.ROOT))) {
                throw modelled("InvalidInputException",
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(t.get("Key").asText(), t.get("Value").asText());
        }
        String path = r.path("Path").asText("/");
        String arn = "arn:aws:iam::" + accountId + ":role" + path + name;
        Role role = new Role(path, name, "AROA" + Identities.stableId(arn + "#" + (++created)), arn, clock.instant(), policy,
                r.path("Description").asText(""), r.path("MaxSessionDuration").asInt(3600), tags);
        roles.put(name.toLowerCase(Locale.ROOT), role);
        ObjectNode out = NODES.objectNode();
        out.set("Role", describe(role, false));
        return out;
    }

    private ObjectNode getRole(Caller caller, ObjectNode r) {
        ObjectNode out = NODES.objectNode();
        out.set("Role", describe(existing(r.get("RoleName").asText()), true));
        return out;
    }

    private ObjectNode listRoles(Caller caller, ObjectNode r) {
        String prefix = r.path("PathPrefix").asText("/");
        int max = r.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String after = r.has("Marker") ? decodeMarker(r.get("Marker").asText()) : null;
        List<Role> matching = new ArrayList<>();
        for (Map.Entry<String, Role> e : roles.entrySet()) {
            if (e.getValue().path().startsWith(prefix) && (after == null || e.getKey().compareTo(after) > 0)) {
                matching.add(e.getValue());
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Roles");
        matching.stream().limit(max).forEach(role -> list.add(describe(role, false)));
        boolean truncated = matching.size() > max;
        out.put("IsTruncated", truncated);
        if (truncated) {
            String last = matching.get(max - 1).name().toLowerCase(Locale.ROOT);
            out.put("Marker", Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String decodeMarker(String marker) {
        try {
            return new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ServiceError.validation("Invalid Marker.");
        }
    }

    private ObjectNode deleteRole(Caller caller, ObjectNode r) {
        Role role = existing(r.get("RoleName").asText());
        roles.remove(role.name().toLowerCase(Locale.ROOT));
        return null;
    }

    private Role existing(String name) {
        Role role = roles.get(name.toLowerCase(Locale.ROOT));
        if (role == null) {
            throw modelled("NoSuchEntityException", "The role with name " + name + " cannot be found.");
        }
        return role;
    }

    /** The Role structure; GetRole adds the session duration and last use, as IAM's answers show them. */
    private static ObjectNode describe(Role role, boolean full) {
        ObjectNode n = NODES.objectNode();
        n.put("Path", role.path());
        n.put("RoleName", role.name());
        n.put("RoleId", role.roleId());
        n.put("Arn", role.arn());
        n.set("CreateDate", WireValues.epochSeconds(role.createDate()));
        n.put("AssumeRolePolicyDocument",
                URLEncoder.encode(role.trustPolicy(), StandardCharsets.UTF_8).replace("+", "%20"));
        if (!role.description().isEmpty()) {
            n.put("Description", role.description());
        }
        if (full) {
            n.put("MaxSessionDuration", role.maxSessionDuration());
            n.putObject("RoleLastUsed");
        }
        if (!role.tags().isEmpty()) {
            ArrayNode tags = n.putArray("Tags");
            role.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        return n;
    }
}
