package jenkins.model.queue;

import jenkins.model.FullyNamedModelObject;

/** Shim: intermediate supertype of Queue.Item; its members are not declared. */
public interface QueueItem extends FullyNamedModelObject {
}
