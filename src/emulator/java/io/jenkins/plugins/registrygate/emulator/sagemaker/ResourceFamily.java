package io.jenkins.plugins.registrygate.emulator.sagemaker;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One family of SageMaker resources with its own state and rules (the model registry, hosting's models, endpoint
 * configurations and endpoints, model cards). The families of one service share its lock and its
 * {@link SageMakerContext}; {@code SageMakerBackend} composes them into the one SageMaker service.
 */
public interface ResourceFamily {

    /** Hands every operation of this family to {@code table} (operation name, handler). */
    void register(BiConsumer<String, Operation> table);

    /**
     * The live tag map of the resource an ARN names, when the ARN's resource type belongs to this family; empty for
     * the types of other families. Callers hold the service lock.
     *
     * @throws io.jenkins.plugins.registrygate.emulator.ServiceError when the type is this family's but the resource
     *     does not exist or cannot carry tags
     */
    Optional<Map<String, String>> tagsOf(ResourceArn arn);

    /** Forgets every resource. */
    void reset();
}
