package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import jenkins.model.FullyNamed;
import jenkins.model.FullyNamedModelObject;
import org.springframework.security.access.AccessDeniedException;

// Shim: the abstract members only; the default methods (getItemsStream, getAllItems, allItems, ...) are omitted.
public interface ItemGroup<T extends Item> extends FullyNamed, FullyNamedModelObject, PersistenceRoot {
    Collection<T> getItems();

    String getUrl();

    String getUrlChildPrefix();

    @CheckForNull T getItem(String name) throws AccessDeniedException;

    File getRootDirFor(T child);

    void onDeleted(T item) throws IOException;
}
