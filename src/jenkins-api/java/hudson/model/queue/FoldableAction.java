package hudson.model.queue;

import hudson.model.Action;

// Shim: intermediate supertype of CauseAction only; foldIntoExisting (typed with Queue) is not declared.
public interface FoldableAction extends Action {
}
