package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Shim. Working behaviour: both constructors (the no-argument one infers the described class from the enclosing
 * class and checks it as Jenkins does), {@link #getId()}, {@link #getDisplayName()}; {@link #save()} and
 * {@link #load()} do nothing (there is no JENKINS_HOME); {@link #configure} returns true like the real default.
 */
public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {

    public final transient Class<? extends T> clazz;

    @SuppressWarnings("unchecked")
    protected Descriptor(Class<? extends T> clazz) {
        if (clazz == self()) {
            clazz = (Class<? extends T>) getClass();
        }
        this.clazz = clazz;
    }

    @SuppressWarnings("unchecked")
    protected Descriptor() {
        Class<?> outer = getClass().getEnclosingClass();
        if (outer == null) {
            throw new AssertionError(getClass() + " is not nested in the class it describes;"
                    + " use the constructor that takes the Class");
        }
        Class<?> described = describedType(getClass());
        if (described != null && !described.isAssignableFrom(outer)) {
            throw new AssertionError("Outer class " + outer + " of " + getClass() + " is not a " + described);
        }
        try {
            Method getDescriptor = outer.getMethod("getDescriptor");
            if (!getDescriptor.getReturnType().isAssignableFrom(getClass())) {
                throw new AssertionError(getClass() + " is not assignable to " + getDescriptor.getReturnType());
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(outer + " has no getDescriptor method", e);
        }
        this.clazz = (Class<? extends T>) outer;
    }

    /** The erasure of the type argument given to Descriptor along the superclass chain, when it is a plain type. */
    private static Class<?> describedType(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            Type sup = c.getGenericSuperclass();
            if (sup instanceof ParameterizedType pt && pt.getRawType() == Descriptor.class) {
                Type arg = pt.getActualTypeArguments()[0];
                if (arg instanceof Class<?> k) {
                    return k;
                }
                if (arg instanceof ParameterizedType p && p.getRawType() instanceof Class<?> k) {
                    return k;
                }
                return null;
            }
        }
        return null;
    }

    @NonNull
    public String getDisplayName() {
        return clazz.getSimpleName();
    }

    public String getId() {
        return clazz.getName();
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        return true;
    }

    @Override
    public synchronized void save() {
        // shim: nothing to persist to
    }

    @Override
    public synchronized void load() {
        // shim: nothing to load from
    }

    public static final class FormException extends Exception implements HttpResponse {
        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
            this.formField = formField;
        }

        public FormException(Throwable cause, String formField) {
            super(cause);
            this.formField = formField;
        }

        public String getFormField() {
            return formField;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                throws IOException, ServletException {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }
    }

    public static final class Self {}

    @SuppressWarnings("rawtypes")
    protected static Class self() {
        return Self.class;
    }
}
