package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.registry.ModelRegistry;

/**
 * A job's trigger as {@link ApprovalTriggers} sees it: the group and status it waits for, how it reads the registry
 * (its own connection and credentials), its ledger of the versions it started builds for, and how to start one.
 */
public interface TriggerTarget {

    /** The job's full name, for logs. */
    String name();

    /** The model package group, as the trigger names it (compared without case). */
    String group();

    /** The approval status a version must reach: {@code Approved}, {@code Rejected} or {@code PendingManualApproval}. */
    String status();

    /**
     * The registry as this trigger reads it: the trigger's connection, the credentials the job's builds could use.
     *
     * @throws io.jenkins.plugins.registrygate.registry.RegistryException when it cannot be reached (credentials
     *     missing, refused by the administrator's rules)
     */
    ModelRegistry registry();

    /** The versions this job was started for (persisted with the job). */
    TriggerLedger ledger();

    /**
     * Queues one build of the job for this version.
     *
     * @return false when Jenkins does not take it (the job is disabled, or cannot be built)
     */
    boolean startBuild(TriggeredVersion version);
}
