package hudson.security.csrf;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import jakarta.servlet.ServletRequest;
import jenkins.security.stapler.StaplerAccessibleType;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

// Shim: the covariant getDescriptor() returning CrumbIssuerDescriptor is not declared.
@ExportedBean
@StaplerAccessibleType
public abstract class CrumbIssuer implements Describable<CrumbIssuer>, ExtensionPoint {

    @Exported
    public String getCrumbRequestField() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    public String getCrumb(ServletRequest request) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    public boolean validateCrumb(ServletRequest request) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
