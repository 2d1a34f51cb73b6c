package io.jenkins.plugins.registrygate.emulator.sagemaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;

/** What one SageMaker operation does with a request already validated against the model. */
@FunctionalInterface
public interface Operation {

    /**
     * @return the output document; {@code null} for an operation without output shape
     * @throws io.jenkins.plugins.registrygate.emulator.ServiceError the service's error answer
     */
    ObjectNode apply(Caller caller, ObjectNode request);
}
