package hudson.security.csrf;

import hudson.ExtensionPoint;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Shim: the deprecated javax.servlet overload and {@code all()} are not declared. As in Jenkins, a subclass must
 * override {@link #process}; the default fails.
 */
public abstract class CrumbExclusion implements ExtensionPoint {
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        throw new AbstractMethodError("The class " + getClass().getName() + " must override CrumbExclusion.process");
    }
}
