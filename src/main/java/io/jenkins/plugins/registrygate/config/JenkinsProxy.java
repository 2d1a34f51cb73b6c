package io.jenkins.plugins.registrygate.config;

import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.registrygate.registry.HttpProxy;
import java.util.Optional;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;

/** Jenkins' proxy configuration as the plugin's clients use it; none when Jenkins is not running. */
public final class JenkinsProxy {

    private JenkinsProxy() {}

    public static Optional<HttpProxy> current() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        ProxyConfiguration p = jenkins == null ? null : jenkins.getProxy();
        if (p == null || p.name == null || p.name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new HttpProxy(p.name.trim(), p.port, p.getUserName() == null ? "" : p.getUserName(),
                Secret.toString(p.getSecretPassword()), p.getNoProxyHostPatterns().stream().map(Pattern::pattern).toList()));
    }
}
