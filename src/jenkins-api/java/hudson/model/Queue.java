package hudson.model;

import hudson.model.queue.SubTask;
import java.io.IOException;
import jenkins.model.FullyNamedModelObject;

/**
 * Shim: only the nested {@link Task} is used (to ask for a job's authentication). The real constructor takes a
 * LoadBalancer (not declared), so this one is private; the queue's members are not declared.
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
}
