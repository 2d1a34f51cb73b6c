package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

// Shim: the newer default methods of the real interface (typed with jenkins.model.menu.*) are not declared.
public interface Action extends ModelObject {
    @CheckForNull String getIconFileName();

    @Override
    @CheckForNull String getDisplayName();

    @CheckForNull String getUrlName();
}
