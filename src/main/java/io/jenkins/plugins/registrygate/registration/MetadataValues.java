package io.jenkins.plugins.registrygate.registration;

/** Fits free text into SageMaker's customer-metadata value rule (1 to 256 of letters, digits, spaces, {@code _.:/=+-@}). */
public final class MetadataValues {

    private MetadataValues() {}

    /** Replaces characters the rule forbids with '_' and truncates to 256; never returns an empty string. */
    public static String sanitize(String text) {
        String s = text.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        if (s.length() > 256) {
            s = s.substring(0, 256);
        }
        return s.isEmpty() ? "_" : s;
    }
}
