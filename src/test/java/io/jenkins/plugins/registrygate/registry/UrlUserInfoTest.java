package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What may hold a credential in a URL is removed before it is stored and masked before it is shown. */
class UrlUserInfoTest {

    @Test
    void aUserAndTokenAreRemoved() {
        assertEquals("https://github.com/acme/churn.git", UrlUserInfo.removed("https://ci:ghp_token@github.com/acme/churn.git"));
    }

    @Test
    void anUpperCaseSchemeIsNoExcuse() {
        assertEquals("HTTPS://github.com/acme/churn.git", UrlUserInfo.removed("HTTPS://ci:token@github.com/acme/churn.git"));
    }

    @Test
    void anotherSchemeLosesItsPasswordButKeepsItsUser() {
        assertEquals("ssh://ci@git.example.com/acme/churn.git", UrlUserInfo.removed("ssh://ci:pw@git.example.com/acme/churn.git"));
    }

    @Test
    void anSshUrlsUserIsNoSecretAndStays() {
        assertEquals("ssh://git@github.com/acme/churn.git", UrlUserInfo.removed("ssh://git@github.com/acme/churn.git"));
    }

    @Test
    void anHttpsTokenWithoutAPasswordIsRemoved() {
        assertEquals("https://github.com/acme/churn.git", UrlUserInfo.removed("https://ghp_secret@github.com/acme/churn.git"));
    }

    @Test
    void aPasswordContainingAnAtSignIsRemovedWhole() {
        assertEquals("https://host/repo", UrlUserInfo.removed("https://user:p@ss@host/repo"));
    }

    @Test
    void anAtSignInThePathIsNotUserInformation() {
        assertEquals("https://host/users/@alice", UrlUserInfo.removed("https://host/users/@alice"));
        assertEquals("https://registry.example/v2/app@sha256:00", UrlUserInfo.masked("https://registry.example/v2/app@sha256:00"));
    }

    @Test
    void maskingShowsThatSomethingWasThere() {
        assertEquals("https://***@gateway.example.com", UrlUserInfo.masked("https://user:pw@gateway.example.com"));
    }

    @Test
    void aUrlWithoutUserInformationIsUnchanged() {
        assertEquals("http://127.0.0.1:8799", UrlUserInfo.masked("http://127.0.0.1:8799"));
    }
}
