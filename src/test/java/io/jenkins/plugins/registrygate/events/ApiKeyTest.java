package io.jenkins.plugins.registrygate.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events endpoint's API key check. */
class ApiKeyTest {

    static final String KEY = "2f7b9c1e-api-key-of-the-connection";

    @Test
    void theConfiguredKeyMatches() {
        assertTrue(ApiKey.matches(Optional.of(KEY), KEY));
    }

    @Test
    void aMissingHeaderDoesNotMatch() {
        assertFalse(ApiKey.matches(Optional.empty(), KEY));
    }

    @Test
    void anotherKeyDoesNotMatch() {
        assertFalse(ApiKey.matches(Optional.of("2f7b9c1e-api-key-of-the-connectioN"), KEY));
    }

    @Test
    void aPrefixOfTheKeyDoesNotMatch() {
        assertFalse(ApiKey.matches(Optional.of(KEY.substring(0, KEY.length() - 1)), KEY));
    }

    @Test
    void nothingMatchesWhenNoKeyIsConfigured() {
        assertFalse(ApiKey.matches(Optional.of(""), ""));
    }
}
