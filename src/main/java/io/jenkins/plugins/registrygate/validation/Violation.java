package io.jenkins.plugins.registrygate.validation;

/** One broken rule: the step parameter, the value given (shortened) and the rule it breaks. */
public record Violation(String parameter, String value, String rule) {

    @Override
    public String toString() {
        return parameter + (value.isEmpty() ? "" : " '" + value + "'") + ": " + rule;
    }
}
