/**
 * The emulated SageMaker, one class per resource family, each with its own state, rules and tests, composed by
 * {@link io.jenkins.plugins.registrygate.emulator.SageMakerBackend} into one service under one lock (hosting must see
 * the registry: CreateModel deploys a registered package).
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry}: model package groups and
 *       packages, client tokens, approval.</li>
 *   <li>Hosting: {@link io.jenkins.plugins.registrygate.emulator.sagemaker.Models},
 *       {@link io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointConfigs} and
 *       {@link io.jenkins.plugins.registrygate.emulator.sagemaker.Endpoints}. An endpoint's asynchronous life is
 *       computed from the clock when it is looked at: each operation on it is a {@code Rollout} of phases planned by
 *       {@code DeploymentPolicy} (deployment guardrails), lasting what
 *       {@link io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings} and the request say; an
 *       {@code Endpoint} renders the moment; {@code Fleet} is a configuration as deployed.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.sagemaker.ModelCards}: versioned model cards.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.sagemaker.Tags}: AddTags, ListTags and DeleteTags, routed by
 *       the ARN's resource type to the family that owns it.</li>
 *   <li>Shared once: {@link io.jenkins.plugins.registrygate.emulator.sagemaker.SageMakerContext} (region, account,
 *       clock, lock, neighbour services, ARNs), {@code Pagination} (opaque NextToken),
 *       {@code Members} (request members, case-insensitive name keys; timestamps are the emulator's
 *       {@link io.jenkins.plugins.registrygate.emulator.WireValues}),
 *       {@link io.jenkins.plugins.registrygate.emulator.sagemaker.ResourceArn}.</li>
 * </ul>
 *
 * Each family's class comment lists the facts it follows (with their sources in {@code shared/sagemaker/README.md})
 * and every design choice taken where no source settles the real behaviour.
 */
package io.jenkins.plugins.registrygate.emulator.sagemaker;
