package io.jenkins.plugins.registrygate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** key=value lists: the form map-like step parameters take. */
class KeyValuesTest {

    @Test
    void theValueIsEverythingAfterTheFirstEquals() {
        ParameterRules rules = new ParameterRules("registerModel");

        assertEquals(Map.of("query", "a=b", "team", "risk"), KeyValues.parse(rules, "customerMetadata", List.of("query=a=b", " team = risk ")));
        assertTrue(rules.violations().isEmpty());
    }

    @Test
    void entriesWithoutAKeyAndDuplicateKeysAreViolations() {
        ParameterRules rules = new ParameterRules("registerModel");

        KeyValues.parse(rules, "tags", List.of("=x", "novalue", "a=1", "a=2"));

        assertEquals(3, rules.violations().size(), rules.violations().toString());
        assertEquals("tags", rules.violations().get(0).parameter());
    }
}
