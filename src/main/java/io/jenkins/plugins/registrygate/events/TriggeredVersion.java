package io.jenkins.plugins.registrygate.events;

/**
 * The version a trigger starts a build for, as the registry showed it when read: what the build gets in its cause and
 * environment ({@code MODEL_PACKAGE_ARN}, {@code MODEL_PACKAGE_GROUP}, {@code MODEL_PACKAGE_VERSION},
 * {@code MODEL_APPROVAL_STATUS}), and the id of the event that made Jenkins read it.
 */
public record TriggeredVersion(String packageArn, String group, int version, String status, String eventId) {}
