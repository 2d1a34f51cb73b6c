package io.jenkins.plugins.registrygate.deployment;

/**
 * Which model package version to deploy: the exact version the pipeline already knows, or, when it names only a group,
 * the newest Approved version of that group at the time the step runs (by version number).
 */
public sealed interface PackageSelector {

    /** The pinned version. */
    record Pinned(String modelPackageArn) implements PackageSelector {}

    /** The newest Approved version of the group, found by listing the whole group. */
    record NewestApproved(String modelPackageGroup) implements PackageSelector {}
}
