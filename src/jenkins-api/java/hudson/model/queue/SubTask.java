package hudson.model.queue;

import hudson.model.ResourceActivity;
import jenkins.model.queue.ITask;

/** Shim: intermediate supertype of Queue.Task; its abstract createExecutable() (and defaults) are not declared. */
public interface SubTask extends ResourceActivity, ITask {
}
