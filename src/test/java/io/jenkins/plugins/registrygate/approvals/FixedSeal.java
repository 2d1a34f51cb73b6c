package io.jenkins.plugins.registrygate.approvals;

import java.nio.charset.StandardCharsets;

/** The tests' controller key: fixed, so that sealed records can be written by hand and checked. */
public final class FixedSeal {
    public static final DecisionSeal SEAL = DecisionSeal.withSecret("tests' controller key".getBytes(StandardCharsets.UTF_8));
    /** Another controller's key. */
    public static final DecisionSeal OTHER = DecisionSeal.withSecret("another controller".getBytes(StandardCharsets.UTF_8));

    private FixedSeal() {}
}
