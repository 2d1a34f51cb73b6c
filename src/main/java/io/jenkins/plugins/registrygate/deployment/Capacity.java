package io.jenkins.plugins.registrygate.deployment;

/** What the endpoint's one production variant runs on: instances or serverless capacity. */
public sealed interface Capacity {

    String variantName();

    /** Real-time instances: {@code instanceCount} of {@code instanceType}. */
    record Instances(String variantName, String instanceType, int instanceCount) implements Capacity {}

    /** Serverless inference: memory per worker and maximum concurrent invocations. */
    record Serverless(String variantName, int memorySizeInMb, int maxConcurrency) implements Capacity {}
}
