package io.jenkins.plugins.registrygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events settings of the global configuration: what the form and JCasC accept. */
class EventSettingRulesTest {

    final RegistryGateConfiguration config = new RegistryGateConfiguration();

    @Test
    void anAwsQueueUrlIsTaken() {
        assertEquals(Optional.empty(), EventSettingRules.queueUrlProblem("https://sqs.eu-west-1.amazonaws.com/123456789012/registry-events"));
    }

    @Test
    void aQueueUrlWithoutAccountAndNameIsRefused() {
        assertTrue(EventSettingRules.queueUrlProblem("https://sqs.eu-west-1.amazonaws.com/registry-events").isPresent());
    }

    @Test
    void aFifoQueueIsRefused() {
        assertTrue(EventSettingRules.queueUrlProblem("https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo").isPresent());
    }

    @Test
    void aQueueUrlWithCredentialsInItIsRefused() {
        assertTrue(EventSettingRules.queueUrlProblem("https://user:pw@sqs.eu-west-1.amazonaws.com/123456789012/q").isPresent());
    }

    @Test
    void theSetterNamesTheSettingAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setEventsQueueUrl("queue"));

        assertTrue(e.getMessage().startsWith("eventsQueueUrl 'queue': must be an SQS queue URL"), e.getMessage());
    }

    @Test
    void theFreshnessWindowIsAMinuteToADay() {
        config.setEventsMaxAgeSeconds(300);

        assertEquals(300, config.getEventsMaxAgeSeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setEventsMaxAgeSeconds(30));
        assertEquals("eventsMaxAgeSeconds 30: must be from 60 to 86400", e.getMessage());
    }

    @Test
    void theDefaultsAreTenMinutesFifteenAndTwelve() {
        assertEquals(600, config.getEventsMaxAgeSeconds());
        assertEquals(15, config.getEventsSafetyPollMinutes());
        assertEquals(12, config.getEventsSilenceMinutes());
        assertEquals("", config.getEventsQueueUrl());
    }

    @Test
    void anEmptyKeyTurnsTheEndpointOff() {
        config.setEventsApiKey(Secret.fromString(""));

        assertEquals(null, config.getEventsApiKey());
    }

    @Test
    void aSilenceShorterThanTwoHeartbeatsIsWarnedAbout() {
        assertTrue(EventSettingRules.silenceWarning("5").isPresent());
        assertEquals(Optional.empty(), EventSettingRules.silenceWarning("12"));
    }

    @Test
    void rangesAreCheckedAsTyped() {
        assertEquals(Optional.of("Must be from 1 to 1440."), EventSettingRules.rangeProblem("0", 1, 1440));
        assertEquals(Optional.of("Must be a whole number from 1 to 1440."), EventSettingRules.rangeProblem("ten", 1, 1440));
        assertEquals(Optional.empty(), EventSettingRules.rangeProblem("15", 1, 1440));
    }
}
