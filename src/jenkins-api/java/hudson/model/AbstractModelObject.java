package hudson.model;

import hudson.search.SearchableModelObject;

/** Shim: minimal; the sendError/requirePOST helpers and the search index members are not declared. */
public abstract class AbstractModelObject implements SearchableModelObject {
    @Override
    public String getSearchName() {
        return getDisplayName();
    }
}
