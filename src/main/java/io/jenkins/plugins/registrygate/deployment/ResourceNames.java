package io.jenkins.plugins.registrygate.deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of the SageMaker model and endpoint configuration one deployment creates: deterministic from the group,
 * the version and the build (so a retried or resumed step finds its own resources instead of creating others), unique
 * per deployment (a hash of the job, build number, the deployment's id in the build and the endpoint, so two jobs whose
 * build numbers coincide never share a name, nor two {@code deployApproved} steps of one build), and within SageMaker's rules: at most 63 letters, digits and hyphens, starting and ending with a
 * letter or digit ({@code ModelName} and {@code EndpointConfigName}).
 *
 * <p>Form: {@code <group>-v<version>-b<build>-<hash8>}, the group shortened when the whole would exceed 63.
 */
public record ResourceNames(String modelName, String endpointConfigName) {

    static final int MAX = 63;

    /**
     * @param buildId the build's externalizable id ({@code folder/job#42}): the job and the number
     * @param deploymentId the deployment's id within the build ({@code d-2})
     * @param buildNumber the build number, shown in the name
     */
    public static ResourceNames of(String group, int version, String buildId, String deploymentId, int buildNumber, String endpointName) {
        String hash = HexFormat.of().formatHex(sha256(buildId + "\n" + deploymentId + "\n" + endpointName.toLowerCase(java.util.Locale.ROOT)))
                .substring(0, 8);
        String tail = "-v" + version + "-b" + buildNumber + "-" + hash;
        String head = group.length() + tail.length() <= MAX ? group : group.substring(0, MAX - tail.length());
        head = head.replaceAll("-+$", "");
        String name = head + tail;
        // The model and its configuration are different resource types: one name serves both and ties them together.
        return new ResourceNames(name, name);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
