package io.jenkins.plugins.registrygate.config;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.events.QueueConsumer;

/**
 * Starts the controller's SQS consumer of registry events once the jobs are loaded (their triggers registered), so that
 * no event is handed over before the triggers that wait for it exist. It follows the global configuration from then on
 * and idles while no queue is configured.
 */
public final class EventQueueStartup {

    private EventQueueStartup() {}

    @Initializer(after = InitMilestone.JOB_LOADED)
    public static void startEventQueue() {
        RegistryGateRuntime.get().startEventQueue(RegistryGateConfiguration::eventQueueTarget, QueueConsumer.Settings.DEFAULTS);
    }
}
