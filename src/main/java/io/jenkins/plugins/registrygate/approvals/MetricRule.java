package io.jenkins.plugins.registrygate.approvals;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code approveIf} condition on a version's metrics, such as {@code accuracy >= 0.9} (an absolute threshold)
 * or {@code auc >= approved - 0.01} ("no worse than the approved version by more than 0.01"; for a metric where
 * lower is better write {@code loss <= approved + 0.02}).
 */
public record MetricRule(String text, String metric, String operator, boolean relative, double amount) {

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([A-Za-z0-9_.:/=+\\-@]+)\\s*(>=|<=|>|<|==)\\s*(?:(approved)\\s*(?:([+-])\\s*([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?))?|(-?[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?))\\s*");

    /** The result of one rule: whether it held and the evidence, in words an auditor can read. */
    public record Evaluation(MetricRule rule, boolean passed, String evidence) {}

    /** Parses a rule; the message of the exception names the parameter and the accepted forms. */
    public static MetricRule parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("approveIf: '" + text + "' is not a rule; write '<metric> <op> <number>' "
                    + "or '<metric> <op> approved [+|- <number>]' with <op> one of >=, >, <=, <, ==, e.g. 'accuracy >= 0.9' "
                    + "or 'auc >= approved - 0.01'");
        }
        if (m.group(3) != null) {
            double delta = m.group(5) == null ? 0 : Double.parseDouble(m.group(5));
            return new MetricRule(text.trim(), m.group(1), m.group(2), true, "-".equals(m.group(4)) ? -delta : delta);
        }
        return new MetricRule(text.trim(), m.group(1), m.group(2), false, Double.parseDouble(m.group(6)));
    }

    /**
     * Evaluates against the candidate's metrics and, for relative rules, the currently approved version's. With no
     * approved version to compare with, a relative rule holds (there is nothing to be worse than) and says so.
     */
    public Evaluation evaluate(Map<String, Double> candidate, Optional<Baseline> baseline) {
        Double value = candidate.get(metric);
        if (value == null) {
            return new Evaluation(this, false, text + ": the version records no metric '" + metric + "'");
        }
        double threshold;
        String against;
        if (relative) {
            if (baseline.isEmpty()) {
                return new Evaluation(this, true, text + ": holds, no approved version to compare with (" + metric + " = " + fmt(value) + ")");
            }
            Double base = baseline.get().metrics().get(metric);
            if (base == null) {
                return new Evaluation(this, false, text + ": approved version " + baseline.get().version()
                        + " records no metric '" + metric + "' to compare with");
            }
            threshold = base + amount;
            against = "approved version " + baseline.get().version() + " has " + fmt(base) + ", limit " + fmt(threshold);
        } else {
            threshold = amount;
            against = "limit " + fmt(threshold);
        }
        boolean ok = switch (operator) {
            case ">=" -> value >= threshold;
            case ">" -> value > threshold;
            case "<=" -> value <= threshold;
            case "<" -> value < threshold;
            // == on thresholds written in the Jenkinsfile: an exact comparison is what the rule says.
            default -> Double.compare(value, threshold) == 0;
        };
        return new Evaluation(this, ok, text + ": " + (ok ? "holds" : "fails") + ", " + metric + " = " + fmt(value) + " (" + against + ")");
    }

    /** The version a relative rule compares with. */
    public record Baseline(int version, Map<String, Double> metrics) {}

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(?=$|e)", "");
    }
}
