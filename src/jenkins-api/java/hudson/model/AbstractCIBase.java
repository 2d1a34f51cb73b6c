package hudson.model;

import hudson.security.AccessControlled;
import org.kohsuke.stapler.StaplerFallback;
import org.kohsuke.stapler.StaplerProxy;

/** Shim: intermediate superclass of Jenkins only. */
public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem>, StaplerProxy, StaplerFallback, ViewGroup, AccessControlled, DescriptorByNameOwner {
    @Override
    @Deprecated
    public String getUrl() {
        return "";
    }
}
