package hudson.search;

// Shim: only the abstract members typed with declared types; getSearchIndex() and the defaults are omitted.
public interface SearchItem {
    String getSearchName();

    String getSearchUrl();
}
