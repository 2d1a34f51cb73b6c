package io.jenkins.plugins.registrygate.registry;

import java.util.List;

/**
 * The HTTP proxy SageMaker and STS calls go through (Jenkins' proxy configuration). Held in
 * memory only; {@link #toString()} never shows the password.
 */
public record HttpProxy(String host, int port, String username, String password, List<String> nonProxyHostPatterns) {

    public HttpProxy {
        nonProxyHostPatterns = List.copyOf(nonProxyHostPatterns);
    }

    @Override
    public String toString() {
        return host + ":" + port + (username.isEmpty() ? "" : " as " + username);
    }
}
