package jenkins.console;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.Beta;

// Shim: intermediate supertype of Run only; getConsoleUrl() is not declared.
@Restricted(Beta.class)
public interface WithConsoleUrl {
}
