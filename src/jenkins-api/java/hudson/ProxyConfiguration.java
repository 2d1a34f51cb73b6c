package hudson;

import hudson.model.Describable;
import hudson.model.Saveable;
import hudson.util.Secret;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compile-time declaration of {@code hudson.ProxyConfiguration} (core 2.541.3): the controller's HTTP proxy.
 * Shim: a value holder built by tests through the package-private constructor; only the members the plugin uses.
 */
public final class ProxyConfiguration implements Describable<ProxyConfiguration>, Saveable, Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final int port;
    private final String userName;
    private final String noProxyHost;
    private final Secret secretPassword;

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        this.name = name;
        this.port = port;
        this.userName = userName;
        this.noProxyHost = noProxyHost;
        this.secretPassword = Secret.fromString(password);
    }

    public String getUserName() {
        return userName;
    }

    public Secret getSecretPassword() {
        return secretPassword;
    }

    public int getPort() {
        return port;
    }

    public String getName() {
        return name;
    }

    public String getNoProxyHost() {
        return noProxyHost;
    }

    public List<Pattern> getNoProxyHostPatterns() {
        return getNoProxyHostPatterns(noProxyHost);
    }

    /** As real: one entry per line or comma-separated, {@code *} as a wildcard. */
    public static List<Pattern> getNoProxyHostPatterns(String noProxyHost) {
        List<Pattern> r = new ArrayList<>();
        if (noProxyHost == null) {
            return r;
        }
        for (String s : noProxyHost.split("[ \t\n,|]+")) {
            if (!s.isEmpty()) {
                r.add(Pattern.compile(s.replace(".", "\\.").replace("*", ".*")));
            }
        }
        return r;
    }

    @Override
    public void save() throws IOException {}
}
