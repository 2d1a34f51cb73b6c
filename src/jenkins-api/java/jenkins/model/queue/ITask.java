package jenkins.model.queue;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import jenkins.model.FullyNamedModelObject;

/** Shim: intermediate supertype; the default methods are not declared. */
public interface ITask extends FullyNamedModelObject {
    @CheckForNull
    String getUrl();
}
