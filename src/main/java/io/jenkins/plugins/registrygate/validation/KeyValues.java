package io.jenkins.plugins.registrygate.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code key=value} entries, the form step parameters use for maps (Pipeline binds lists of strings, not
 * maps, to step parameters). The value is everything after the first {@code =}.
 */
public final class KeyValues {

    private KeyValues() {}

    public static Map<String, String> parse(ParameterRules rules, String parameter, List<String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            String e = entry == null ? "" : entry.trim();
            int eq = e.indexOf('=');
            rules.check(eq > 0, parameter, e, "each entry must be 'key=value'");
            if (eq > 0) {
                String key = e.substring(0, eq).trim();
                rules.check(!out.containsKey(key), parameter, key, "each key may appear only once");
                out.put(key, e.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
