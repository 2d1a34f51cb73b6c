package io.jenkins.plugins.registrygate.emulator.cloudwatch;

import io.jenkins.plugins.registrygate.emulator.ServiceError;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A composite alarm's {@code AlarmRule}, as the CloudWatch API reference describes it: the functions
 * {@code ALARM(name)}, {@code OK(name)} and {@code INSUFFICIENT_DATA(name)} (a name or an alarm ARN, in double quotes or
 * not), the constants {@code TRUE} and {@code FALSE}, the operators {@code AND}, {@code OR} and {@code NOT}, and
 * parentheses. A rule that does not parse is CloudWatch's {@code ValidationError}
 * "Error in AlarmRule [Unsupported token '…' at char n]" (the form CloudWatch answers, with the 0-based position).
 *
 * <p>Design choices: keywords are upper case; {@code NOT} binds tighter than {@code AND}, which binds tighter than
 * {@code OR}; an unquoted name ends at a blank or a closing parenthesis; the newer {@code AT_LEAST} function is not
 * supported (an unsupported token).
 */
final class AlarmRule {

    /** A parsed rule: true when the composite alarm should be in ALARM. */
    private interface Node {
        boolean test(Function<String, String> stateOf);
    }

    private final String text;
    private final Node root;
    private final Set<String> children;

    private AlarmRule(String text, Node root, Set<String> children) {
        this.text = text;
        this.root = root;
        this.children = Collections.unmodifiableSet(children);
    }

    /**
     * Parses a rule; references are resolved to alarm names by {@code resolve} (an ARN of this account and region to
     * its name, anything else as written).
     *
     * @throws ServiceError {@code ValidationException} (worded {@code ValidationError} on the wire) if it does not parse
     */
    static AlarmRule parse(String text, Function<String, String> resolve) {
        Parser p = new Parser(text, resolve);
        Node root = p.or();
        p.skipBlanks();
        if (p.pos < text.length()) {
            throw p.unsupported();
        }
        return new AlarmRule(text, root, p.children);
    }

    /** The alarms the rule names, in order of first mention. */
    Set<String> children() {
        return children;
    }

    /** Whether the rule holds, given each child's state ({@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}). */
    boolean holds(Function<String, String> stateOf) {
        return root.test(stateOf);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {
        final String text;
        final Function<String, String> resolve;
        final Set<String> children = new LinkedHashSet<>();
        int pos;

        Parser(String text, Function<String, String> resolve) {
            this.text = text;
            this.resolve = resolve;
        }

        Node or() {
            Node left = and();
            while (keyword("OR")) {
                Node l = left;
                Node r = and();
                left = s -> l.test(s) || r.test(s);
            }
            return left;
        }

        Node and() {
            Node left = not();
            while (keyword("AND")) {
                Node l = left;
                Node r = not();
                left = s -> l.test(s) && r.test(s);
            }
            return left;
        }

        Node not() {
            if (keyword("NOT")) {
                Node inner = not();
                return s -> !inner.test(s);
            }
            return primary();
        }

        Node primary() {
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                Node inner = or();
                expect(')');
                return inner;
            }
            if (keyword("TRUE")) {
                return s -> true;
            }
            if (keyword("FALSE")) {
                return s -> false;
            }
            for (String state : new String[] {"INSUFFICIENT_DATA", "ALARM", "OK"}) {
                if (function(state)) {
                    String name = name();
                    expect(')');
                    children.add(name);
                    return s -> state.equals(s.apply(name));
                }
            }
            throw unsupported();
        }

        /** {@code STATE(} at the current position. */
        boolean function(String state) {
            skipBlanks();
            if (text.startsWith(state, pos)) {
                int at = pos + state.length();
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at < text.length() && text.charAt(at) == '(') {
                    pos = at + 1;
                    return true;
                }
            }
            return false;
        }

        String name() {
            skipBlanks();
            int start = pos;
            String raw;
            if (pos < text.length() && text.charAt(pos) == '"') {
                int close = text.indexOf('"', pos + 1);
                if (close < 0) {
                    throw unsupported();
                }
                raw = text.substring(pos + 1, close);
                pos = close + 1;
            } else {
                while (pos < text.length() && text.charAt(pos) != ')' && !Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                raw = text.substring(start, pos);
            }
            if (raw.isBlank()) {
                pos = start;
                throw unsupported();
            }
            return resolve.apply(raw);
        }

        boolean keyword(String word) {
            skipBlanks();
            int end = pos + word.length();
            if (text.startsWith(word, pos) && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end))
                    && text.charAt(end) != '_')) {
                pos = end;
                return true;
            }
            return false;
        }

        void expect(char c) {
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) != c) {
                ServiceError e = unsupported();
                throw ServiceError.validation(e.getMessage().substring(0, e.getMessage().length() - 1)
                        + ", must be: '" + c + "']");
            }
            pos++;
        }

        void skipBlanks() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        ServiceError unsupported() {
            skipBlanks();
            String token;
            if (pos >= text.length()) {
                token = "<EOF>";
            } else {
                int end = pos + 1;
                if (Character.isLetterOrDigit(text.charAt(pos))) {
                    while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                        end++;
                    }
                }
                token = text.substring(pos, end);
            }
            return ServiceError.validation("Error in AlarmRule [Unsupported token '" + token + "' at char " + pos + "]");
        }
    }
}
