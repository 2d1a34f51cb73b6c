package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.registration.MetadataValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags the plugin puts on every model and endpoint configuration it creates: which package it serves and which
 * build created it. They are how a retried or resumed step recognises its own resources, and how anyone looking at the
 * account finds the build behind a resource.
 */
public final class DeploymentTags {

    public static final String PREFIX = "registry-gate:";
    public static final String MODEL_PACKAGE = PREFIX + "model-package";
    public static final String BUILD = PREFIX + "build";
    public static final String BUILD_URL = PREFIX + "build-url";

    private DeploymentTags() {}

    /** The plugin's tags (SageMaker tag values: at most 256 of letters, digits, spaces and {@code _.:/=+-@}). */
    public static Map<String, String> of(String modelPackageArn, String buildId, String buildUrl) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(MODEL_PACKAGE, modelPackageArn);
        t.put(BUILD, MetadataValues.sanitize(buildId));
        if (!buildUrl.isEmpty()) {
            t.put(BUILD_URL, MetadataValues.sanitize(buildUrl));
        }
        return t;
    }

    /** Whether tags read from a resource say this build created it for this package. */
    public static boolean createdBy(Map<String, String> tags, String modelPackageArn, String buildId) {
        return modelPackageArn.equalsIgnoreCase(tags.getOrDefault(MODEL_PACKAGE, ""))
                && MetadataValues.sanitize(buildId).equals(tags.getOrDefault(BUILD, ""));
    }
}
