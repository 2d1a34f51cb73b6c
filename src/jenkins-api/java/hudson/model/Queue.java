package hudson.model;

import hudson.model.queue.SubTask;
import java.io.IOException;
import java.util.List;
import jenkins.console.WithConsoleUrl;
import jenkins.model.FullyNamedModelObject;
import jenkins.model.queue.QueueItem;

/**
 * Shim: the nested {@link Task} (to ask for a job's authentication), {@link Item} and {@link Executable} (types in
 * {@code ParameterizedJobMixIn}'s signatures) and {@link QueueAction}. The real constructor takes a LoadBalancer (not
 * declared), so this one is private; the queue's members are not declared.
 */
public class Queue extends ResourceController implements Saveable {

    private Queue() {}

    @Override
    public void save() throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    /** Shim: intermediate supertype; only the abstract members of its own declaration are declared. */
    public interface Task extends FullyNamedModelObject, SubTask {
        String getName();

        @Override
        String getUrl();
    }

    /** Shim: intermediate supertype; its members are not declared. */
    public interface Executable extends Runnable, WithConsoleUrl {
    }

    /** Shim: intermediate type; its members are not declared (the real constructors are protected and take queue types). */
    public abstract static class Item extends Actionable implements QueueItem {
        private Item() {}
    }

    public interface QueueAction extends Action {
        boolean shouldSchedule(List<Action> actions);
    }
}
