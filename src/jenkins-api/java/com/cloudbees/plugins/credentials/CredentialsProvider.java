package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import java.lang.reflect.Constructor;
import java.util.List;
import org.springframework.security.core.Authentication;

/**
 * Shim: the lookups and {@code track} need a running Jenkins and are not available; {@link #USE_ITEM} exists (disabled unless the
 * system property {@code com.cloudbees.plugins.credentials.UseItemPermission} is true, implied by Item.CONFIGURE).
 * The real class also implements org.jenkins.ui.icon.IconSpec (not declared, see README).
 */
@SuppressWarnings("rawtypes")
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {

    public static final PermissionGroup GROUP = newPermissionGroup("Credentials", CredentialsProvider.class);

    @SuppressWarnings("deprecation")
    public static final Permission USE_ITEM = disabledUnless("com.cloudbees.plugins.credentials.UseItemPermission",
            new Permission(GROUP, "UseItem", Item.CONFIGURE));

    @SuppressWarnings("unchecked")
    public CredentialsProvider() {
        super(Descriptor.self());
    }

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        return this;
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
                                                                               @Nullable ItemGroup itemGroup,
                                                                               @Nullable Authentication authentication) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
                                                                               @Nullable ItemGroup itemGroup,
                                                                               @Nullable Authentication authentication,
                                                                               @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
                                                                          @Nullable Item item,
                                                                          @Nullable Authentication authentication) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
                                                                          @Nullable Item item,
                                                                          @Nullable Authentication authentication,
                                                                          @Nullable List<DomainRequirement>
                                                                            domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
                                                                 @NonNull Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    /** Deprecated in Javadoc only, as in the real plugin. */
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
                                                                 @NonNull Run<?, ?> run,
                                                                 DomainRequirement... domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
                                                                 @NonNull Run<?, ?> run,
                                                                 @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItemGroup(@NonNull String id,
                                                                            @NonNull Class<C> type,
                                                                            @Nullable ItemGroup<?> itemGroup,
                                                                            @Nullable Authentication authentication,
                                                                            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItem(@NonNull String id,
                                                                       @NonNull Class<C> type,
                                                                       @Nullable Item item,
                                                                       @Nullable Authentication authentication,
                                                                       @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    private static Permission disabledUnless(String property, Permission p) {
        p.setEnabled(Boolean.getBoolean(property));
        return p;
    }

    /** Shim only: PermissionGroup's real constructors need org.jvnet.localizer.Localizable, so its shim one is hidden. */
    private static PermissionGroup newPermissionGroup(String id, Class<?> owner) {
        try {
            Constructor<PermissionGroup> c = PermissionGroup.class.getDeclaredConstructor(String.class, Class.class, String.class);
            c.setAccessible(true);
            return c.newInstance(id, owner, owner.getName());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
