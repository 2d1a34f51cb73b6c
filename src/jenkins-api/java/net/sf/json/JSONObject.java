package net.sf.json;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shim of json-lib's JSONObject: only the Map and JSON members. Working behaviour: an insertion-ordered map whose
 * {@link #toString()} renders compact JSON (strings, numbers, booleans, null, maps, iterables, arrays). Values are
 * stored as given (json-lib would convert beans and nested maps).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class JSONObject extends AbstractJSON implements JSON, Map<String, Object>, Comparable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final boolean nullObject;

    public JSONObject() {
        this(false);
    }

    public JSONObject(boolean isNull) {
        this.nullObject = isNull;
    }

    @Override
    public void clear() {
        properties.clear();
    }

    @Override
    public int compareTo(Object obj) {
        if (obj instanceof JSONObject other) {
            return Integer.compare(size(), other.size());
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return properties.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return properties.containsValue(value);
    }

    @Override
    public Set entrySet() {
        return Collections.unmodifiableSet(properties.entrySet());
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof JSONObject other && other.nullObject == nullObject && other.properties.equals(properties);
    }

    @Override
    public Object get(Object key) {
        return properties.get(key);
    }

    @Override
    public int hashCode() {
        return properties.hashCode() + (nullObject ? 1 : 0);
    }

    @Override
    public boolean isArray() {
        return false;
    }

    @Override
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(properties.keySet());
    }

    @Override
    public Object put(String key, Object value) {
        if (key == null) {
            throw new IllegalArgumentException("key is null.");
        }
        return properties.put(key, value);
    }

    @Override
    public void putAll(Map map) {
        for (Object o : map.entrySet()) {
            Map.Entry e = (Map.Entry) o;
            put(String.valueOf(e.getKey()), e.getValue());
        }
    }

    @Override
    public Object remove(Object key) {
        return properties.remove(key);
    }

    @Override
    public int size() {
        return properties.size();
    }

    @Override
    public String toString() {
        if (nullObject) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        render(this.properties, sb);
        return sb.toString();
    }

    @Override
    public String toString(int indentFactor) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public String toString(int indentFactor, int indent) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public Collection values() {
        return Collections.unmodifiableCollection(properties.values());
    }

    private static void render(Object value, StringBuilder sb) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof JSONObject jo) {
            sb.append(jo.toString());
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(String.valueOf(e.getKey()), sb);
                sb.append(':');
                render(e.getValue(), sb);
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> it) {
            renderAll(it.iterator(), sb);
        } else if (value instanceof Object[] array) {
            renderAll(java.util.Arrays.asList(array).iterator(), sb);
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            quote(value.toString(), sb);
        }
    }

    private static void renderAll(Iterator<?> it, StringBuilder sb) {
        sb.append('[');
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            render(it.next(), sb);
        }
        sb.append(']');
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '/':
                    if (i > 0 && s.charAt(i - 1) == '<') {
                        sb.append('\\');
                    }
                    sb.append(c);
                    break;
                default:
                    if (c < ' ') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
