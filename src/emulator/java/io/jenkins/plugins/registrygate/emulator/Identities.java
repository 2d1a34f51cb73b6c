package io.jenkins.plugins.registrygate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's principals and the access keys that stand for them: IAM users with long-term keys and assumed-role
 * sessions with temporary keys, as STS {@code AssumeRole} issues them. Every service resolves a request's SigV4 access
 * key id here, so {@code CreatedBy}, {@code LastModifiedBy} and {@code GetCallerIdentity} agree on who called.
 *
 * <p>Design choice: signatures are not verified, and an access key id the emulator never issued is, by default, taken
 * as an IAM user of that name (so any placeholder credentials work, as with other local emulators). With
 * {@link #strict()} such a key is refused with {@code UnrecognizedClientException}, as AWS refuses an unknown key.
 */
public final class Identities {

    /** Keys for one principal, as an SDK credentials provider would hold them. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Principal principal,
                              Optional<Instant> expiration) {}

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final String account;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Credentials> byAccessKey = new ConcurrentHashMap<>();
    private final Map<String, Credentials> users = new ConcurrentHashMap<>();
    private volatile boolean strict;
    /** Actions refused per principal ARN, on every resource, as an IAM policy without that permission would. */
    private final Map<String, java.util.Set<String>> denied = new ConcurrentHashMap<>();
    /** Actions refused per principal ARN on some resources only: {@code action} and resource ARN, both globs. */
    private final Map<String, java.util.Set<Refusal>> deniedOn = new ConcurrentHashMap<>();

    /** Actions granted per principal ARN on some resources only ({@link #allowOnlyOn}): refused on any other. */
    private final Map<String, java.util.Set<Refusal>> scopedGrants = new ConcurrentHashMap<>();

    private record Refusal(String action, String resource) {}

    public Identities(String account) {
        this.account = account;
    }

    public String account() {
        return account;
    }

    /** Refuses access key ids the emulator did not issue. */
    public Identities strict() {
        strict = true;
        return this;
    }

    /** The long-term keys of IAM user {@code name} (created on first use; the same keys every time). */
    public Credentials user(String name) {
        return users.computeIfAbsent(name, n -> {
            Principal p = userPrincipal(n);
            Credentials c = new Credentials("AKIA" + randomId(16), randomSecret(), "", p, Optional.empty());
            byAccessKey.put(c.accessKeyId(), c);
            return c;
        });
    }

    /**
     * Issues temporary keys for a session of {@code roleArn} (what STS AssumeRole does once it has allowed the call).
     *
     * @param roleId the role's unique id ({@code AROA…}), as IAM reports it
     */
    public Credentials assumedRole(String roleArn, String roleId, String sessionName, Instant expiration) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String partition = roleArn.split(":")[1];
        Principal p = new Principal("arn:" + partition + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
                roleId + ":" + sessionName, account, roleArn);
        Credentials c = new Credentials("ASIA" + randomId(16), randomSecret(), randomSecret() + randomSecret(), p,
                Optional.of(expiration));
        byAccessKey.put(c.accessKeyId(), c);
        return c;
    }

    /** The principal behind an access key id; see the class comment for keys the emulator did not issue. */
    public Principal resolve(String accessKeyId) {
        Credentials known = byAccessKey.get(accessKeyId);
        if (known != null) {
            return known.principal();
        }
        if (strict) {
            throw new ServiceError(403, ServiceError.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        return userPrincipal(accessKeyId.isEmpty() ? "anonymous" : accessKeyId);
    }

    /**
     * Refuses an IAM action (for example {@code ecr:DescribeImages}, {@code cloudwatch:DescribeAlarms},
     * {@code s3:GetObject}) to a principal, as a policy that does not grant it would: the service answers with its
     * access-denied error. {@code "*"} refuses every action.
     */
    public void deny(Principal principal, String action) {
        denied.computeIfAbsent(principal.arn(), k -> ConcurrentHashMap.newKeySet()).add(action);
    }

    /**
     * Refuses an action on some resources only, for example {@code kms:Decrypt} on one key's ARN or
     * {@code s3:GetObject} on {@code arn:aws:s3:::models/churn/*}: {@code *} in the action or the resource matches any
     * run of characters, as in IAM policies. The service that knows the resource checks it
     * ({@link ModelledService#requireAllowed}).
     */
    public void deny(Principal principal, String action, String resourceArn) {
        deniedOn.computeIfAbsent(principal.arn(), k -> ConcurrentHashMap.newKeySet()).add(new Refusal(action, resourceArn));
    }

    /**
     * Grants an action on some resources only, as a policy whose statement names only those resource ARNs: the action
     * is refused on every other resource, including {@code *}, the resource of a request that names none (for example
     * a {@code cloudwatch:DescribeAlarms} that asks for composite alarms). {@code *} in the pattern matches any run of
     * characters.
     */
    public void allowOnlyOn(Principal principal, String action, String resourceArnPattern) {
        scopedGrants.computeIfAbsent(principal.arn(), k -> ConcurrentHashMap.newKeySet()).add(new Refusal(action, resourceArnPattern));
    }

    /** Grants again what {@link #deny} refused (on every resource and on any single resource). */
    public void allow(Principal principal, String action) {
        java.util.Set<String> actions = denied.get(principal.arn());
        if (actions != null) {
            actions.remove(action);
        }
        java.util.Set<Refusal> scoped = deniedOn.get(principal.arn());
        if (scoped != null) {
            scoped.removeIf(r -> r.action().equals(action));
        }
        java.util.Set<Refusal> grants = scopedGrants.get(principal.arn());
        if (grants != null) {
            grants.removeIf(r -> r.action().equals(action));
        }
    }

    /** Whether the action is refused to the principal on every resource. */
    public boolean isDenied(Principal principal, String action) {
        java.util.Set<String> actions = denied.get(principal.arn());
        return actions != null && actions.stream().anyMatch(a -> glob(a, action, true));
    }

    /** Whether the action is refused to the principal on this resource (or on every resource). */
    public boolean isDenied(Principal principal, String action, String resourceArn) {
        if (isDenied(principal, action)) {
            return true;
        }
        java.util.Set<Refusal> grants = scopedGrants.get(principal.arn());
        if (grants != null) {
            List<Refusal> forAction = grants.stream().filter(g -> glob(g.action(), action, true)).toList();
            if (!forAction.isEmpty() && forAction.stream().noneMatch(g -> glob(g.resource(), resourceArn, false))) {
                return true;
            }
        }
        java.util.Set<Refusal> scoped = deniedOn.get(principal.arn());
        return scoped != null && scoped.stream().anyMatch(r -> glob(r.action(), action, true)
                && glob(r.resource(), resourceArn, false));
    }

    /**
     * IAM's wildcards: {@code *} matches any run of characters, {@code ?} one character. Actions compare without case
     * (as IAM compares them), resource ARNs with case.
     */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(re.toString(), ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0)
                .matcher(value).matches();
    }

    /** The credentials issued for an access key id, if the emulator issued it. */
    public Optional<Credentials> issued(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    private Principal userPrincipal(String name) {
        return new Principal("arn:aws:iam::" + account + ":user/" + name, "AIDA" + stableId("user/" + name), account, "");
    }

    /** A unique id of IAM's form (prefix + 17 characters) that stays the same for the same name. */
    public static String stableId(String seed) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 17; i++) {
                b.append(ALPHABET.charAt((h[i] & 0xff) % ALPHABET.length()));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomId(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private String randomSecret() {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }
}
