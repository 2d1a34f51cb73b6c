package io.jenkins.plugins.registrygate.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Collects violations of SageMaker's input rules (patterns, lengths, counts and enums of the 2017-07-24 service
 * model) for one step, so that bad input is refused with every problem named before any AWS call.
 */
public final class ParameterRules {

    // Patterns and limits of the SageMaker service model shapes named in each comment.
    /** EntityName: model package group names. */
    public static final Pattern ENTITY_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    /** EntityDescription. */
    public static final Pattern ENTITY_DESCRIPTION = Pattern.compile("[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]*");
    /** Url and S3Uri. */
    public static final Pattern S3_OR_HTTPS_URI = Pattern.compile("(https|s3)://([^/]+)/?(.*)");
    /** ContainerImage. */
    public static final Pattern CONTAINER_IMAGE = Pattern.compile("[\\S]+");
    /** CustomerMetadataKey and CustomerMetadataValue (the same character class). */
    public static final Pattern METADATA_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** TagKey and TagValue. */
    public static final Pattern TAG_TEXT = METADATA_TEXT;
    /** ImageDigest. */
    public static final Pattern IMAGE_DIGEST = Pattern.compile("[Ss][Hh][Aa]256:[0-9a-fA-F]{64}");
    /** ModelPackageArn of a versioned package (group and version). */
    public static final Pattern VERSIONED_PACKAGE_ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}/[0-9]+");

    public static final String ENTITY_NAME_RULE =
            "must be 1 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit";
    public static final int MAX_METADATA_ENTRIES = 50;
    public static final int MAX_TAGS = 50;

    private final String step;
    private final List<Violation> violations = new ArrayList<>();

    public ParameterRules(String step) {
        this.step = step;
    }

    /** Records a violation unless {@code ok}. */
    public ParameterRules check(boolean ok, String parameter, String value, String rule) {
        if (!ok) {
            violations.add(new Violation(parameter, shorten(value), rule));
        }
        return this;
    }

    public ParameterRules required(String parameter, String value) {
        return check(!value.isBlank(), parameter, "", "is required");
    }

    /** Checks an optional text: empty passes; otherwise max length and full-match pattern. */
    public ParameterRules text(String parameter, String value, int max, Pattern pattern, String rule) {
        if (value.isEmpty()) {
            return this;
        }
        if (value.length() > max) {
            return check(false, parameter, value, "must be at most " + max + " characters (got " + value.length() + ")");
        }
        return check(pattern.matcher(value).matches(), parameter, value, rule);
    }

    public ParameterRules groupName(String parameter, String value) {
        required(parameter, value);
        return text(parameter, value, 63, ENTITY_NAME, ENTITY_NAME_RULE);
    }

    public ParameterRules s3OrHttpsUri(String parameter, String value) {
        return text(parameter, value, 1024, S3_OR_HTTPS_URI, "must be an s3:// or https:// URI with a bucket or host");
    }

    public ParameterRules description(String parameter, String value) {
        return text(parameter, value, 1024, ENTITY_DESCRIPTION,
                "must contain only letters, marks, spaces, symbols, digits and punctuation (no control characters)");
    }

    /** Checks a value against an AWS SDK enum's known values via its {@code fromValue} lookup. */
    public ParameterRules oneOf(String parameter, String value, Predicate<String> known, List<String> allowed) {
        if (value.isEmpty()) {
            return this;
        }
        return check(known.test(value), parameter, value, "must be one of " + String.join(", ", allowed));
    }

    /** Customer metadata entries: SageMaker's key and value rules. */
    public ParameterRules metadataEntries(String parameter, Map<String, String> entries) {
        entries.forEach((k, v) -> {
            check(!k.isEmpty() && k.length() <= 128 && METADATA_TEXT.matcher(k).matches(), parameter, k,
                    "keys must be 1 to 128 characters of letters, digits, spaces and _ . : / = + - @");
            check(!v.isEmpty() && v.length() <= 256 && METADATA_TEXT.matcher(v).matches(), parameter + "." + k, v,
                    "values must be 1 to 256 characters of letters, digits, spaces and _ . : / = + - @");
        });
        return this;
    }

    public ParameterRules tags(String parameter, Map<String, String> tags) {
        check(tags.size() <= MAX_TAGS, parameter, "", "at most " + MAX_TAGS + " tags (got " + tags.size() + ")");
        tags.forEach((k, v) -> {
            check(!k.isEmpty() && k.length() <= 128 && TAG_TEXT.matcher(k).matches(), parameter, k,
                    "tag keys must be 1 to 128 characters of letters, digits, spaces and _ . : / = + - @");
            check(!k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:"), parameter, k, "tag keys must not start with 'aws:' (reserved by AWS)");
            check(v.length() <= 256 && TAG_TEXT.matcher(v).matches(), parameter + "." + k, v,
                    "tag values must be at most 256 characters of letters, digits, spaces and _ . : / = + - @");
        });
        return this;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Throws {@link InvalidParametersException} naming every violation, if there is any. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidParametersException(step, violations);
        }
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }
}
