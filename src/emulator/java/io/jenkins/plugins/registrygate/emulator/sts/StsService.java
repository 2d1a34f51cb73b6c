package io.jenkins.plugins.registrygate.emulator.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.AwsQueryProtocol;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;
import io.jenkins.plugins.registrygate.emulator.iam.IamService;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * STS: who is calling ({@code GetCallerIdentity}) and temporary keys for a role ({@code AssumeRole}), over the query
 * protocol. The principals are the emulator's {@link Identities}, so what STS reports is what every other service
 * records as the caller, and the keys {@code AssumeRole} issues sign later requests as the role session.
 *
 * <p>Behaviour from the STS API reference: {@code GetCallerIdentity} needs no permission; {@code AssumeRole} of a role
 * that does not exist (or whose trust policy's {@code sts:ExternalId} condition the request does not meet) is
 * {@code AccessDenied} (HTTP 403) "User: … is not authorized to perform: sts:AssumeRole on resource: <role ARN>";
 * {@code DurationSeconds} defaults to 3600, may not exceed the role's {@code MaxSessionDuration}, nor one hour when
 * the caller is itself a role session (role chaining), each a {@code ValidationError}; the session's ARN is
 * {@code arn:aws:sts::<account>:assumed-role/<role name>/<session name>} and its id {@code <RoleId>:<session name>}.
 * Design choices: the trust policy is otherwise not evaluated (any principal of the emulator may assume any role);
 * a session policy is checked to be JSON ({@code MalformedPolicyDocument}) and not applied; expired session keys keep
 * working.
 */
public final class StsService extends ModelledService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_DURATION_SECONDS = 3600;
    private static final int ROLE_CHAINING_LIMIT_SECONDS = 3600;

    private final Clock clock;
    private final Identities identities;
    private final IamService iam;

    public StsService(ServiceModel model, Clock clock, Identities identities, IamService iam) {
        super(model);
        this.clock = clock;
        this.identities = identities;
        this.iam = iam;
        on("GetCallerIdentity", this::getCallerIdentity);
        on("AssumeRole", this::assumeRole);
    }

    @Override
    public String iamAction(String operation) {
        return "GetCallerIdentity".equals(operation) ? "" : "sts:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        return input.path("RoleArn").asText("*");
    }

    @Override
    public ServiceError accessDenied(Caller caller, String action, String resource) {
        return new ServiceError(403, "AccessDenied", "User: " + caller.principal().arn()
                + " is not authorized to perform: " + action + " on resource: " + resource);
    }

    @Override
    public ServiceError translate(ServiceError error) {
        return AwsQueryProtocol.queryWording(error);
    }

    private ObjectNode getCallerIdentity(Caller caller, ObjectNode r) {
        return NODES.objectNode()
                .put("UserId", caller.principal().principalId())
                .put("Account", caller.principal().account())
                .put("Arn", caller.principal().arn());
    }

    private ObjectNode assumeRole(Caller caller, ObjectNode r) {
        String roleArn = r.get("RoleArn").asText();
        String session = r.get("RoleSessionName").asText();
        Optional<IamService.Role> found = iam.roleByArn(roleArn);
        if (found.isEmpty()) {
            throw accessDenied(caller, "sts:AssumeRole", roleArn);
        }
        IamService.Role role = found.get();
        Optional<String> externalId = role.requiredExternalId();
        if (externalId.isPresent() && !externalId.get().equals(r.path("ExternalId").asText(null))) {
            throw accessDenied(caller, "sts:AssumeRole", roleArn);
        }
        int duration = r.path("DurationSeconds").asInt(DEFAULT_DURATION_SECONDS);
        if (caller.principal().isAssumedRole() && duration > ROLE_CHAINING_LIMIT_SECONDS) {
            throw ServiceError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                    + "assumed by role chaining.");
        }
        if (duration > role.maxSessionDuration()) {
            throw ServiceError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (r.has("Policy")) {
            try {
                if (!JSON.readTree(r.get("Policy").asText()).isObject()) {
                    throw new IOException("not an object");
                }
            } catch (IOException e) {
                throw modelled("MalformedPolicyDocumentException", "The policy is not in the valid JSON format.");
            }
        }
        Instant expiration = clock.instant().plus(Duration.ofSeconds(duration));
        Identities.Credentials keys = identities.assumedRole(role.arn(), role.roleId(), session, expiration);
        ObjectNode out = NODES.objectNode();
        ObjectNode credentials = out.putObject("Credentials");
        credentials.put("AccessKeyId", keys.accessKeyId());
        credentials.put("SecretAccessKey", keys.secretAccessKey());
        credentials.put("SessionToken", keys.sessionToken());
        credentials.set("Expiration", WireValues.epochSeconds(expiration));
        out.putObject("AssumedRoleUser")
                .put("AssumedRoleId", keys.principal().principalId())
                .put("Arn", keys.principal().arn());
        return out;
    }
}
