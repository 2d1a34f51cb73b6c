package io.jenkins.plugins.registrygate.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown before any AWS call when step parameters break SageMaker's rules; lists every violation. */
public final class InvalidParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidParametersException(String step, List<Violation> violations) {
        super(step + ": " + (violations.size() == 1 ? "invalid parameter: " + violations.get(0)
                : violations.size() + " invalid parameters:" + violations.stream().map(v -> "\n  - " + v).collect(Collectors.joining())));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
