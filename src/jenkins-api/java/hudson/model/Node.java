package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.AccessControlled;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.export.ExportedBean;

/** Shim: intermediate superclass of Jenkins only; none of its abstract members are declared. */
@ExportedBean
public abstract class Node extends AbstractModelObject implements ReconfigurableDescribable<Node>, ExtensionPoint, AccessControlled, OnMaster, PersistenceRoot {
    @Override
    public String getSearchUrl() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
