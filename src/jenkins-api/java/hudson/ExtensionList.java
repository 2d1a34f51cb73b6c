package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.util.io.OnMaster;

/**
 * Shim: without a running Jenkins an extension list is always empty, as the real one is when
 * {@link Jenkins#getInstanceOrNull()} is null.
 */
public class ExtensionList<T> extends AbstractList<T> implements OnMaster {

    private final List<T> instances = Collections.emptyList();

    protected ExtensionList(Jenkins jenkins, Class<T> extensionType) {
    }

    @Override
    public T get(int index) {
        return instances.get(index);
    }

    @Override
    public int size() {
        return instances.size();
    }

    public static @NonNull <T> ExtensionList<T> lookup(Class<T> type) {
        return new ExtensionList<>(Jenkins.getInstanceOrNull(), type);
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + all.size()
                    + " (no Jenkins is running: this is the compile-time declaration of the Jenkins API)");
        }
        return all.get(0);
    }
}
