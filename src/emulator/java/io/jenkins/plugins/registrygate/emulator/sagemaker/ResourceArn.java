package io.jenkins.plugins.registrygate.emulator.sagemaker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SageMaker ARN taken apart: {@code arn:<partition>:sagemaker:<region>:<account>:<type>/<resource>}, where the
 * resource may itself hold a slash ({@code model-package/<group>/<version>}).
 */
public record ResourceArn(String region, String account, String type, String resource) {

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:sagemaker:([a-z0-9\\-]*):([0-9]{12}):([a-z\\-]*)/(.+)");

    /** The parts of a SageMaker ARN; empty for anything else. */
    public static Optional<ResourceArn> parse(String text) {
        Matcher m = ARN.matcher(text);
        return m.matches() ? Optional.of(new ResourceArn(m.group(1), m.group(2), m.group(3), m.group(4)))
                : Optional.empty();
    }

    /** The ARN names a resource of this type in the emulated region and account. */
    boolean isLocal(SageMakerContext context, String expectedType) {
        return region.equals(context.region()) && account.equals(context.accountId()) && type.equals(expectedType);
    }
}
