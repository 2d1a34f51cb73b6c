package io.jenkins.plugins.registrygate.actions;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Exempts exactly the events endpoint's path from Jenkins' crumb check: EventBridge cannot fetch a crumb, and the
 * endpoint authenticates every request itself (its API key), so a forged cross-site request has nothing to ride on.
 * Every other path, including anything below the endpoint's, keeps the crumb check.
 */
@Extension
public final class RegistryEventsCrumbExclusion extends CrumbExclusion {

    @Override
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (RegistryEventsEndpoint.isEndpointPath(request.getPathInfo())) {
            chain.doFilter(request, response);
            return true;
        }
        return false;
    }
}
