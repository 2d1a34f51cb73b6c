package io.jenkins.plugins.registrygate.emulator.s3;

import java.util.regex.Pattern;

/**
 * S3's rules for general purpose bucket names (S3 User Guide, "Bucket naming rules"): 3 to 63 characters of lower-case
 * letters, digits, dots and hyphens; a letter or digit first and last; no two adjacent dots; not an IPv4 address; not
 * starting with {@code xn--}, {@code sthree-} or {@code amzn-s3-demo-}; not ending with {@code -s3alias},
 * {@code --ol-s3}, {@code .mrap} or {@code --x-s3}.
 */
final class BucketNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private BucketNames() {
    }

    static boolean valid(String name) {
        return SHAPE.matcher(name).matches() && !name.contains("..") && !IPV4.matcher(name).matches()
                && !name.startsWith("xn--") && !name.startsWith("sthree-") && !name.startsWith("amzn-s3-demo-")
                && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3") && !name.endsWith(".mrap")
                && !name.endsWith("--x-s3");
    }
}
