package hudson.model;

import java.util.ArrayList;
import java.util.List;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Objects;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

@ExportedBean
public abstract class Cause {
    @Exported(visibility = 3)
    public abstract String getShortDescription();

    /** Real: only forwards to the deprecated AbstractBuild overload; nothing to do here. */
    @SuppressWarnings("rawtypes")
    public void onAddedTo(@NonNull Run build) {
    }

    public void onLoad(@NonNull Run<?, ?> build) {
    }

    public void print(TaskListener listener) {
        listener.getLogger().println(getShortDescription());
    }

    /**
     * Shim with working behaviour: the constructor records the upstream build's project, number and causes (no
     * depth or leaf limit, no trimming), as the real one does for short chains.
     */
    public static class UpstreamCause extends Cause {
        private final String upstreamProject;
        private final int upstreamBuild;
        private final List<Cause> upstreamCauses;

        public UpstreamCause(Run<?, ?> up) {
            this.upstreamProject = up.getParent().getFullName();
            this.upstreamBuild = up.getNumber();
            this.upstreamCauses = new ArrayList<>(up.getCauses());
        }

        @Exported(visibility = 3)
        public String getUpstreamProject() {
            return upstreamProject;
        }

        @Exported(visibility = 3)
        public int getUpstreamBuild() {
            return upstreamBuild;
        }

        public List<Cause> getUpstreamCauses() {
            return upstreamCauses;
        }

        @Override
        public String getShortDescription() {
            return "Started by upstream project \"" + upstreamProject + "\" build number " + upstreamBuild;
        }
    }

    /**
     * Shim with working behaviour: the user name comes from the in-memory users of the {@link User} shim
     * ("anonymous" when the id is null or no such user was created), as {@code User.getById(id, false)} would.
     */
    public static class UserIdCause extends Cause {

        @CheckForNull
        private String userId;

        public UserIdCause() {
            User user = User.current();
            this.userId = user == null ? null : user.getId();
        }

        public UserIdCause(@CheckForNull String userId) {
            this.userId = userId;
        }

        @Exported(visibility = 3)
        @CheckForNull
        public String getUserId() {
            return userId;
        }

        @Exported(visibility = 3)
        public String getUserName() {
            User user = userId == null ? null : User.getById(userId, false);
            return user == null ? "anonymous" : user.getDisplayName();
        }

        @Override
        public String getShortDescription() {
            return "Started by user " + getUserName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserIdCause && Objects.equals(userId, ((UserIdCause) o).userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId);
        }
    }
}
