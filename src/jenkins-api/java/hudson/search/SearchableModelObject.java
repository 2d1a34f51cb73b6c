package hudson.search;

import hudson.model.ModelObject;

// Shim: getSearch() (typed with hudson.search.Search) is omitted.
public interface SearchableModelObject extends ModelObject, SearchItem {
}
