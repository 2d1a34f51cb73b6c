package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import org.kohsuke.stapler.DataBoundConstructor;

/** Shim with working behaviour for the case-insensitive and case-sensitive strategies (no descriptors). */
public abstract class IdStrategy implements Describable<IdStrategy>, ExtensionPoint, Comparator<String> {

    public static IdStrategy CASE_INSENSITIVE = new CaseInsensitive();

    @NonNull
    public String keyFor(@NonNull String id) {
        return id;
    }

    public boolean equals(@NonNull String id1, @NonNull String id2) {
        return compare(id1, id2) == 0;
    }

    @Override
    public abstract int compare(@NonNull String id1, @NonNull String id2);

    @Override
    public boolean equals(Object obj) {
        return this == obj || (obj != null && getClass().equals(obj.getClass()));
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getName();
    }

    public static class CaseInsensitive extends IdStrategy implements Serializable {
        private static final long serialVersionUID = -7244768200684861085L;

        @DataBoundConstructor
        public CaseInsensitive() {}

        @Override
        @NonNull
        public String keyFor(@NonNull String id) {
            return id.toLowerCase(Locale.ENGLISH);
        }

        @Override
        public boolean equals(@NonNull String id1, @NonNull String id2) {
            return id1.equalsIgnoreCase(id2);
        }

        @Override
        public int compare(@NonNull String id1, @NonNull String id2) {
            return id1.compareToIgnoreCase(id2);
        }
    }

    public static class CaseSensitive extends IdStrategy implements Serializable {
        private static final long serialVersionUID = 8339425353883308324L;

        @DataBoundConstructor
        public CaseSensitive() {}

        @Override
        public boolean equals(@NonNull String id1, @NonNull String id2) {
            return Objects.equals(id1, id2);
        }

        @Override
        public int compare(@NonNull String id1, @NonNull String id2) {
            return id1.compareTo(id2);
        }
    }
}
