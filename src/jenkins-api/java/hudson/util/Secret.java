package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Compile-time declaration of {@code hudson.util.Secret} (core 2.541.3). Shim: holds the plain text in memory
 * (the real class encrypts it at rest); only the members the plugin uses.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    @NonNull
    public String getPlainText() {
        return value;
    }

    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        return new Secret(data == null ? "" : data);
    }

    @NonNull
    public static String toString(@CheckForNull Secret s) {
        return s == null ? "" : s.value;
    }

    /** @deprecated as in Jenkins: use {@link #getPlainText()} or {@link #toString(Secret)}. */
    @Override
    @Deprecated
    public String toString() {
        return value;
    }
}
