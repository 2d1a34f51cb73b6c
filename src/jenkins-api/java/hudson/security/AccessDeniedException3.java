package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** Shim: the message names the permission by group id and name (the real one uses the localized group title). */
public class AccessDeniedException3 extends AccessDeniedException {

    public final Authentication authentication;

    public final Permission permission;

    public AccessDeniedException3(Authentication authentication, Permission permission) {
        this(null, authentication, permission);
    }

    public AccessDeniedException3(Throwable t, Authentication authentication, Permission permission) {
        super(authentication.getName() + " is missing the " + permission.group.getId() + "/" + permission.name
                + " permission", t);
        this.authentication = authentication;
        this.permission = permission;
    }
}
