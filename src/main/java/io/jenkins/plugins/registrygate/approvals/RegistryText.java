package io.jenkins.plugins.registrygate.approvals;

import java.util.regex.Pattern;

/** Text Jenkins writes into the registry's approval description, which SageMaker accepts only on one line. */
public final class RegistryText {

    /** SageMaker's ApprovalDescription: pattern {@code .*} (no line terminators), at most 1024 characters. */
    public static final int MAX_APPROVAL_DESCRIPTION = 1024;

    // Control characters (C0, DEL, C1 including NEL) and the Unicode line and paragraph separators: what a
    // regular expression's '.' does not match, plus tabs and the like, which have no place in one line either.
    private static final Pattern BREAKS = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");

    private RegistryText() {}

    /** The text on one line: every run of line breaks and control characters becomes one space; trimmed. */
    public static String oneLine(String text) {
        return text == null ? "" : BREAKS.matcher(text).replaceAll(" ").strip();
    }

    /** At most {@code max} characters, marked with "..." when cut. */
    public static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** An approval description SageMaker accepts: one line, at most 1024 characters. */
    public static String approvalDescription(String text) {
        return truncate(oneLine(text), MAX_APPROVAL_DESCRIPTION);
    }
}
