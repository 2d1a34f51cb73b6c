package io.jenkins.plugins.registrygate.emulator.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * KMS keys: the keys S3 objects are encrypted with (SSE-KMS). AWS JSON 1.1, validated against the official model.
 *
 * <p>Operations: {@code CreateKey}, {@code DescribeKey}, {@code EnableKey}, {@code DisableKey},
 * {@code ScheduleKeyDeletion}, {@code CreateAlias}. A key is named by its id, its ARN, an alias name
 * ({@code alias/…}) or an alias ARN. From the KMS API reference: a new key is {@code Enabled}, symmetric
 * ({@code SYMMETRIC_DEFAULT}, {@code ENCRYPT_DECRYPT}), {@code CUSTOMER}-managed; {@code DisableKey}/{@code EnableKey}
 * move it between {@code Enabled} and {@code Disabled}; {@code ScheduleKeyDeletion} makes it {@code PendingDeletion}
 * (7 to 30 days, default 30) and then neither can change it ({@code KMSInvalidStateException}); alias names start with
 * {@code alias/} and {@code alias/aws/} is reserved for AWS managed keys; an AWS managed key ({@code aws/s3}) is created
 * the first time a service needs it ({@link #awsManagedKey}).
 *
 * <p>Whether a principal may use a key is {@link io.jenkins.plugins.registrygate.emulator.Identities}' business:
 * {@code identities.deny(principal, "kms:Decrypt", keyArn)} is what a key policy without that grant does, and S3
 * answers {@code AccessDenied} when such a principal reads an object encrypted with the key. Design choices: keys are
 * never actually deleted (their deletion date passes unnoticed); no key material exists, so there is no
 * {@code Encrypt}/{@code Decrypt}; an unknown key, or a malformed key id, is {@code NotFoundException} worded as KMS
 * words it ("Key '&lt;arn&gt;' does not exist", "Alias &lt;arn&gt; is not found.", "Invalid keyId '&lt;id&gt;'").
 */
public final class KmsService extends ModelledService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    /** Alias name ({@code alias/…}) to key id. */
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /** What other services need to know of a key. */
    public record KeyView(String keyId, String arn, String state, boolean awsManaged) {
        public boolean enabled() {
            return "Enabled".equals(state);
        }
    }

    private static final class Key {
        final String id;
        final String arn;
        final Instant created;
        final String description;
        final String usage;
        final String spec;
        final boolean awsManaged;
        String state = "Enabled";
        Instant deletionDate;
        int pendingDays;

        Key(String id, String arn, Instant created, String description, String usage, String spec, boolean awsManaged) {
            this.id = id;
            this.arn = arn;
            this.created = created;
            this.description = description;
            this.usage = usage;
            this.spec = spec;
            this.awsManaged = awsManaged;
        }

        KeyView view() {
            return new KeyView(id, arn, state, awsManaged);
        }
    }

    public KmsService(ServiceModel model, String region, String accountId, Clock clock) {
        super(model);
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        on("CreateKey", this::createKey);
        on("DescribeKey", this::describeKey);
        on("EnableKey", (c, r) -> changeState(r, "Enabled"));
        on("DisableKey", (c, r) -> changeState(r, "Disabled"));
        on("ScheduleKeyDeletion", this::scheduleKeyDeletion);
        on("CreateAlias", this::createAlias);
    }

    /** The key a key id, key ARN, alias name or alias ARN names, if it exists. */
    public Optional<KeyView> find(String keyIdArnOrAlias) {
        synchronized (lock) {
            return Optional.ofNullable(lookup(keyIdArnOrAlias)).map(Key::view);
        }
    }

    /** The AWS managed key of a service ({@code aws/s3}), created on first use as AWS creates it. */
    public KeyView awsManagedKey(String alias) {
        synchronized (lock) {
            String id = aliases.get("alias/" + alias);
            if (id == null) {
                Key k = newKey("Default key that protects my " + alias.substring(alias.indexOf('/') + 1).toUpperCase()
                        + " objects when no other key is defined", "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", true);
                aliases.put("alias/" + alias, k.id);
                id = k.id;
            }
            return keys.get(id).view();
        }
    }

    /** Creates a customer managed key without a request (test setup). */
    public KeyView addKey(String description) {
        synchronized (lock) {
            return newKey(description, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", false).view();
        }
    }

    @Override
    public String iamAction(String operation) {
        return "kms:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        String named = input.path("KeyId").asText(input.path("TargetKeyId").asText(""));
        if (named.isEmpty()) {
            return "*";
        }
        return find(named).map(KeyView::arn).orElse("*");
    }

    private Key newKey(String description, String usage, String spec, boolean awsManaged) {
        String id = UUID.randomUUID().toString();
        Key k = new Key(id, "arn:aws:kms:" + region + ":" + accountId + ":key/" + id, clock.instant(), description, usage,
                spec, awsManaged);
        keys.put(id, k);
        return k;
    }

    private Key lookup(String named) {
        String aliasPrefix = "arn:aws:kms:" + region + ":" + accountId + ":alias/";
        String keyPrefix = "arn:aws:kms:" + region + ":" + accountId + ":key/";
        if (named.startsWith("alias/")) {
            String id = aliases.get(named);
            return id == null ? null : keys.get(id);
        }
        if (named.startsWith(aliasPrefix)) {
            return lookup("alias/" + named.substring(aliasPrefix.length()));
        }
        if (named.startsWith(keyPrefix)) {
            return keys.get(named.substring(keyPrefix.length()));
        }
        return keys.get(named);
    }

    /** The key a request names; {@code NotFoundException} worded as KMS words it. */
    private Key existing(String named) {
        Key k = lookup(named);
        if (k != null) {
            return k;
        }
        String aliasPrefix = "arn:aws:kms:" + region + ":" + accountId + ":alias/";
        if (named.startsWith("alias/")) {
            throw modelled("NotFoundException", "Alias " + aliasPrefix + named.substring("alias/".length())
                    + " is not found.");
        }
        if (named.startsWith(aliasPrefix)) {
            throw modelled("NotFoundException", "Alias " + named + " is not found.");
        }
        if (named.startsWith("arn:")) {
            throw modelled("NotFoundException", "Key '" + named + "' does not exist");
        }
        if (KEY_ID.matcher(named).matches()) {
            throw modelled("NotFoundException", "Key 'arn:aws:kms:" + region + ":" + accountId + ":key/" + named
                    + "' does not exist");
        }
        throw modelled("NotFoundException", "Invalid keyId '" + named + "'");
    }

    private ObjectNode createKey(Caller caller, ObjectNode r) {
        String spec = r.path("KeySpec").asText(r.path("CustomerMasterKeySpec").asText("SYMMETRIC_DEFAULT"));
        String usage = r.path("KeyUsage").asText("ENCRYPT_DECRYPT");
        if (!"SYMMETRIC_DEFAULT".equals(spec) || !"ENCRYPT_DECRYPT".equals(usage)) {
            throw modelled("UnsupportedOperationException",
                    "The emulator creates symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT).");
        }
        if (r.has("Origin") && !"AWS_KMS".equals(r.get("Origin").asText())) {
            throw modelled("UnsupportedOperationException", "The emulator creates keys with Origin AWS_KMS only.");
        }
        Key k = newKey(r.path("Description").asText(""), usage, spec, false);
        ObjectNode out = NODES.objectNode();
        out.set("KeyMetadata", metadata(k));
        return out;
    }

    private ObjectNode describeKey(Caller caller, ObjectNode r) {
        ObjectNode out = NODES.objectNode();
        out.set("KeyMetadata", metadata(existing(r.get("KeyId").asText())));
        return out;
    }

    private ObjectNode changeState(ObjectNode r, String to) {
        Key k = existing(r.get("KeyId").asText());
        if ("PendingDeletion".equals(k.state)) {
            throw modelled("KMSInvalidStateException", k.arn + " is pending deletion.");
        }
        if (k.awsManaged) {
            // Design choice: the code of AWS's answer is not documented; the text says what happened.
            throw new ServiceError(400, "NotAuthorizedException", "AWS managed keys cannot be "
                    + ("Enabled".equals(to) ? "enabled." : "disabled."));
        }
        k.state = to;
        return null;
    }

    private ObjectNode scheduleKeyDeletion(Caller caller, ObjectNode r) {
        Key k = existing(r.get("KeyId").asText());
        if ("PendingDeletion".equals(k.state)) {
            throw modelled("KMSInvalidStateException", k.arn + " is pending deletion.");
        }
        int days = r.path("PendingWindowInDays").asInt(30);
        k.state = "PendingDeletion";
        k.pendingDays = days;
        k.deletionDate = clock.instant().plus(Duration.ofDays(days));
        ObjectNode out = NODES.objectNode();
        out.put("KeyId", k.arn);
        out.set("DeletionDate", WireValues.epochSeconds(k.deletionDate));
        out.put("KeyState", k.state);
        out.put("PendingWindowInDays", days);
        return out;
    }

    private ObjectNode createAlias(Caller caller, ObjectNode r) {
        String alias = r.get("AliasName").asText();
        if (!alias.startsWith("alias/") || alias.length() == "alias/".length()) {
            throw modelled("InvalidAliasNameException", "Alias must start with the prefix \"alias/\".");
        }
        if (alias.startsWith("alias/aws/")) {
            throw modelled("InvalidAliasNameException", "Alias name prefix alias/aws/ is reserved for AWS managed keys.");
        }
        if (aliases.containsKey(alias)) {
            throw modelled("AlreadyExistsException", "An alias with the name arn:aws:kms:" + region + ":" + accountId
                    + ":" + alias + " already exists");
        }
        String target = r.get("TargetKeyId").asText();
        if (target.startsWith("alias/") || target.contains(":alias/")) {
            throw ServiceError.validation("TargetKeyId must name a key, not an alias.");
        }
        Key k = existing(target);
        aliases.put(alias, k.id);
        return null;
    }

    private ObjectNode metadata(Key k) {
        ObjectNode m = NODES.objectNode();
        m.put("AWSAccountId", accountId);
        m.put("KeyId", k.id);
        m.put("Arn", k.arn);
        m.set("CreationDate", WireValues.epochSeconds(k.created));
        m.put("Enabled", "Enabled".equals(k.state));
        m.put("Description", k.description);
        m.put("KeyUsage", k.usage);
        m.put("KeyState", k.state);
        if (k.deletionDate != null) {
            m.set("DeletionDate", WireValues.epochSeconds(k.deletionDate));
            m.put("PendingDeletionWindowInDays", k.pendingDays);
        }
        m.put("Origin", "AWS_KMS");
        m.put("KeyManager", k.awsManaged ? "AWS" : "CUSTOMER");
        m.put("CustomerMasterKeySpec", k.spec);
        m.put("KeySpec", k.spec);
        m.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        m.put("MultiRegion", false);
        return m;
    }
}
