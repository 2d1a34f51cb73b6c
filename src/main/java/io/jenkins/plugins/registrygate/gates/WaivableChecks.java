package io.jenkins.plugins.registrygate.gates;

import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gate checks the administrator lets a Jenkinsfile waive ({@code waive:}, {@code allowSelfDeploy: true},
 * {@code requireModelCard: false}). Whoever can change a Jenkinsfile chooses the step's parameters, so a waiver is
 * only as strong as this list: the controls an auditor relies on are the ones left off it. Never holds a check that
 * {@link GateCheck#isWaivable() can never be waived}.
 */
public record WaivableChecks(Set<GateCheck> checks) {

    /** Where the administrator changes the list; named in every refusal. */
    public static final String WHERE = ConnectionPolicy.WHERE + " » Gate checks pipelines may waive";
    /** The JCasC key of the list. */
    public static final String JCASC = "unclassified.modelRegistryGate.waivableChecks";

    /**
     * Every check that can be waived except separation of duties: the approver deploying their own approval is the one
     * waiver a pipeline author would grant themselves, so by default only an administrator can open it.
     */
    public static final WaivableChecks DEFAULT = of(EnumSet.complementOf(EnumSet.of(GateCheck.SEPARATION_OF_DUTIES)));

    /** Every check that can ever be waived: what pipelines could waive before the administrator decided. */
    public static final WaivableChecks ALL = of(EnumSet.allOf(GateCheck.class));

    public WaivableChecks {
        EnumSet<GateCheck> copy = EnumSet.noneOf(GateCheck.class);
        checks.stream().filter(GateCheck::isWaivable).forEach(copy::add);
        checks = Set.copyOf(copy);
    }

    /** The given checks, without those that can never be waived. */
    public static WaivableChecks of(Collection<GateCheck> checks) {
        return new WaivableChecks(Set.copyOf(checks));
    }

    /**
     * The checks named by id, leniently: what names no check, or a check that can never be waived, grants nothing. For
     * lists that were validated when they were set ({@link #problems}) and read back, such as a saved configuration.
     */
    public static WaivableChecks ofIds(Collection<String> ids) {
        return of(ids.stream().map(GateCheck::byId).flatMap(Optional::stream).toList());
    }

    /** The checks the administrator's text names: one id per line or comma-separated; blank lines and # comments ignored. */
    public static WaivableChecks parse(String text) {
        return ofIds(entries(text));
    }

    /** What is wrong with the administrator's text: names that are no check, checks that can never be waived. */
    public static List<String> problems(String text) {
        List<String> out = new ArrayList<>();
        for (String id : entries(text)) {
            Optional<GateCheck> check = GateCheck.byId(id);
            if (check.isEmpty()) {
                out.add("'" + id + "' is not a gate check; the checks that can be waived are " + String.join(", ", ALL.ids()));
            } else if (!check.get().isWaivable()) {
                out.add("'" + id + "' can never be waived: it is what the gate is for; the checks that can be waived are "
                        + String.join(", ", ALL.ids()));
            }
        }
        return out;
    }

    private static List<String> entries(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    public boolean permits(GateCheck check) {
        return checks.contains(check);
    }

    /** The ids, in the gate's order. */
    public List<String> ids() {
        return Arrays.stream(GateCheck.values()).filter(checks::contains).map(GateCheck::id).toList();
    }

    /** Why a pipeline's waiver of {@code check} is refused: the rule, the list in force and where it is set. */
    public String refusal(GateCheck check) {
        return "the administrator does not let pipelines waive " + check.id() + " (" + WHERE + ": "
                + (checks.isEmpty() ? "none" : String.join(", ", ids())) + "; JCasC: " + JCASC + ")";
    }
}
