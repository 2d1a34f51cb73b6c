package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public interface FullyNamed {
    @NonNull
    String getFullName();
}
