package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.ModelObjectWithContextMenu;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Shim with working behaviour: an in-memory action list with the real add/replace/remove semantics.
 * Transient action factories do not exist here, so only persisted actions are seen.
 */
@ExportedBean
public abstract class Actionable extends AbstractModelObject implements ModelObjectWithContextMenu {

    private final List<Action> actions = new CopyOnWriteArrayList<>();

    @Exported(name = "actions")
    @NonNull
    public final List<? extends Action> getAllActions() {
        return Collections.unmodifiableList(actions);
    }

    @NonNull
    public <T extends Action> List<T> getActions(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (Action a : actions) {
            if (type.isInstance(a)) {
                result.add(type.cast(a));
            }
        }
        return Collections.unmodifiableList(result);
    }

    public void addAction(@NonNull Action a) {
        if (a == null) {
            throw new IllegalArgumentException("Action must be non-null");
        }
        actions.add(a);
    }

    public void replaceAction(@NonNull Action a) {
        addOrReplaceAction(a);
    }

    public boolean addOrReplaceAction(@NonNull Action a) {
        if (a == null) {
            throw new IllegalArgumentException("Action must be non-null");
        }
        List<Action> old = new ArrayList<>(1);
        boolean found = false;
        for (Action existing : actions) {
            if (!found && a.equals(existing)) {
                found = true;
            } else if (existing.getClass() == a.getClass()) {
                old.add(existing);
            }
        }
        actions.removeAll(old);
        if (!found) {
            addAction(a);
        }
        return !found || !old.isEmpty();
    }

    public boolean removeAction(@Nullable Action a) {
        if (a == null) {
            return false;
        }
        return actions.removeAll(Set.of(a));
    }

    public boolean removeActions(@NonNull Class<? extends Action> clazz) {
        if (clazz == null) {
            throw new IllegalArgumentException("Action type must be non-null");
        }
        List<Action> old = new ArrayList<>();
        for (Action a : actions) {
            if (clazz.isInstance(a)) {
                old.add(a);
            }
        }
        return actions.removeAll(old);
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
