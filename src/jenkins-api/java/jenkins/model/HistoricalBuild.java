package jenkins.model;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.Beta;

// Shim: intermediate supertype of Run only; its members are not declared.
@Restricted(Beta.class)
public interface HistoricalBuild extends FullyNamedModelObject {
}
