package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shim with working behaviour: a {@link TreeMap} ordered by {@link String#CASE_INSENSITIVE_ORDER} (as the real
 * class), null values rejected by {@link #put}, {@code KEY+SUFFIX} prepending in {@link #override}, and
 * {@link #expand} resolving {@code $VAR}, {@code ${VAR}} and {@code $$}; unknown variables are left as they are.
 */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 4320331661987259022L;

    private static final Pattern REFERENCE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[A-Za-z0-9_.]+\\}|\\$)");

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(@NonNull Map<String, String> m) {
        this();
        putAll(m);
    }

    public EnvVars(@NonNull EnvVars m) {
        this((Map<String, String>) m);
    }

    public EnvVars(String... keyValuePairs) {
        this();
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(Arrays.asList(keyValuePairs).toString());
        }
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            put(keyValuePairs[i], keyValuePairs[i + 1]);
        }
    }

    public void override(String key, String value) {
        if (value == null || value.isEmpty()) {
            remove(key);
            return;
        }
        int plus = key.indexOf('+');
        if (plus > 0) {
            String realKey = key.substring(0, plus);
            String existing = get(realKey);
            put(realKey, existing == null ? value : value + File.pathSeparatorChar + existing);
            return;
        }
        put(key, value);
    }

    public EnvVars overrideAll(Map<String, String> all) {
        for (Map.Entry<String, String> e : all.entrySet()) {
            override(e.getKey(), e.getValue());
        }
        return this;
    }

    public String get(String key, String defaultValue) {
        String v = get(key);
        return v == null ? defaultValue : v;
    }

    @Override
    public String put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Null value not allowed as an environment variable: " + key);
        }
        return super.put(key, value);
    }

    public void putIfNotNull(String key, String value) {
        if (value != null) {
            put(key, value);
        }
    }

    public String expand(String s) {
        if (s == null) {
            return null;
        }
        int from = 0;
        while (true) {
            Matcher m = REFERENCE.matcher(s);
            if (!m.find(from)) {
                return s;
            }
            String ref = m.group(1);
            String replacement;
            if (ref.equals("$")) {
                replacement = "$";
            } else {
                String name = ref.startsWith("{") ? ref.substring(1, ref.length() - 1) : ref;
                replacement = get(name);
            }
            if (replacement == null) {
                from = m.end();
            } else {
                s = s.substring(0, m.start()) + replacement + s.substring(m.end());
                from = m.start() + replacement.length();
            }
        }
    }
}
