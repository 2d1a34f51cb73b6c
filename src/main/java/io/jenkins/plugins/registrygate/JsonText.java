package io.jenkins.plugins.registrygate;

import java.util.Map;
import java.util.TreeMap;

/** JSON text for answers to scripts: flat objects of strings (no JSON library on these paths). */
public final class JsonText {

    private JsonText() {}

    public static String object(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(fields).forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(k)).append(':').append(quote(v));
        });
        return b.append('}').toString();
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                // < and > escaped too, so the body is inert even if a browser sniffs it as HTML.
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
