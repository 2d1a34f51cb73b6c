package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The administrator's allow-lists: one pattern per line, {@code *} wildcards, whole-value matches. */
class AllowListTest {

    @Test
    void anEmptyListAllowsEverything() {
        AllowList none = AllowList.ofRoleArns("\n  \n# only a comment\n");

        assertTrue(none.isEmpty());
        assertTrue(none.allows("arn:aws:iam::999999999999:role/anything"));
    }

    @Test
    void aStarStandsForAnyRunOfCharacters() {
        AllowList roles = AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*");

        assertTrue(roles.allows("arn:aws:iam::123456789012:role/ml-deployer"));
        assertTrue(roles.allows("arn:aws:iam::123456789012:role/ml-"));
        assertFalse(roles.allows("arn:aws:iam::123456789012:role/admin"));
        assertFalse(roles.allows("arn:aws:iam::210987654321:role/ml-deployer"), "another account");
    }

    @Test
    void patternsMatchTheWholeValue() {
        AllowList roles = AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml");

        assertFalse(roles.allows("arn:aws:iam::123456789012:role/ml-admin"));
        assertFalse(roles.allows("x-arn:aws:iam::123456789012:role/ml"));
    }

    @Test
    void roleStarsCrossPathSeparators() {
        assertTrue(AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml/*").allows("arn:aws:iam::123456789012:role/ml/team-a/deployer"));
    }

    @Test
    void everyLineIsAPatternAndCommentsAndBlanksAreIgnored() {
        AllowList roles = AllowList.ofRoleArns("""
                # ML platform roles
                arn:aws:iam::123456789012:role/ml-*

                  arn:aws:iam::210987654321:role/registry-reader\s\s
                """);

        assertEquals(List.of("arn:aws:iam::123456789012:role/ml-*", "arn:aws:iam::210987654321:role/registry-reader"), roles.patterns());
        assertTrue(roles.allows("arn:aws:iam::210987654321:role/registry-reader"));
    }

    @Test
    void matchingIgnoresCase() {
        assertTrue(AllowList.ofEndpointUrls("https://*.VPCE.amazonaws.com").allows("HTTPS://vpce-1.vpce.amazonaws.com"));
    }

    @Test
    void anEndpointStarStaysWithinTheHostSoAnotherHostCannotPassWithAMatchingPath() {
        AllowList endpoints = AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com");

        assertTrue(endpoints.allows("https://vpce-0abc.api.sagemaker.eu-west-1.vpce.amazonaws.com"));
        assertFalse(endpoints.allows("https://attacker.test/x.vpce.amazonaws.com"));
        assertFalse(endpoints.allows("https://attacker.test?x.vpce.amazonaws.com"));
        assertFalse(endpoints.allows("https://attacker.test#x.vpce.amazonaws.com"));
        assertFalse(endpoints.allows("https://x.vpce.amazonaws.com@attacker.test"));
    }

    @Test
    void aPortWildcardAllowsAnyPortOfOneHost() {
        AllowList endpoints = AllowList.ofEndpointUrls("http://127.0.0.1:*");

        assertTrue(endpoints.allows("http://127.0.0.1:4566"));
        assertFalse(endpoints.allows("http://127.0.0.2:4566"));
    }

    @Test
    void aTrailingSlashDoesNotMakeAnotherEndpoint() {
        assertTrue(AllowList.ofEndpointUrls("https://sagemaker.example.com/").allows("https://sagemaker.example.com"));
        assertTrue(AllowList.ofEndpointUrls("https://sagemaker.example.com").allows("https://sagemaker.example.com/"));
    }

    @Test
    void patternsThatCannotMatchAreNamedForTheForm() {
        assertEquals(Optional.empty(), AllowList.roleArnPatternProblem("arn:aws:iam::*:role/ml-*"));
        assertTrue(AllowList.roleArnPatternProblem("ml-deployer").orElseThrow().contains("must start with arn:"));
        assertEquals(Optional.empty(), AllowList.endpointUrlPatternProblem("https://*.example.com"));
        assertTrue(AllowList.endpointUrlPatternProblem("*.example.com").orElseThrow().contains("https://"));
    }
}
