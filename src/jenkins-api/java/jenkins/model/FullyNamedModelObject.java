package jenkins.model;

import hudson.model.ModelObject;
import jenkins.security.stapler.StaplerAccessibleType;

@StaplerAccessibleType
public interface FullyNamedModelObject extends ModelObject {
    String getFullDisplayName();
}
