package hudson.model;

import hudson.model.queue.FoldableAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** Shim with working behaviour: holds its causes (equal causes are counted) as Jenkins does. */
@ExportedBean
public class CauseAction implements FoldableAction, RunAction2 {

    private final Map<Cause, Integer> causeBag = new LinkedHashMap<>();

    public CauseAction(Cause c) {
        this.causeBag.put(c, 1);
    }

    public CauseAction(Cause... c) {
        this(Arrays.asList(c));
    }

    public CauseAction(Collection<? extends Cause> causes) {
        for (Cause c : causes) {
            causeBag.merge(c, 1, Integer::sum);
        }
    }

    @Exported(visibility = 2)
    public List<Cause> getCauses() {
        List<Cause> r = new ArrayList<>();
        for (Map.Entry<Cause, Integer> entry : causeBag.entrySet()) {
            r.addAll(Collections.nCopies(entry.getValue(), entry.getKey()));
        }
        return Collections.unmodifiableList(r);
    }

    @Override
    public String getDisplayName() {
        return "Cause";
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return "cause";
    }

    @Override
    public void onLoad(Run<?, ?> owner) {
        for (Cause c : causeBag.keySet()) {
            if (c != null) {
                c.onLoad(owner);
            }
        }
    }

    @Override
    public void onAttached(Run<?, ?> owner) {
        for (Cause c : causeBag.keySet()) {
            if (c != null) {
                c.onAddedTo(owner);
            }
        }
    }
}
