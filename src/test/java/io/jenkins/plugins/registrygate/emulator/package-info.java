/**
 * A local SageMaker Model Registry for tests: the real AWS SDK talks AWS JSON 1.1 to it over HTTP on 127.0.0.1.
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulator}: the HTTP front (start, endpoint, faults,
 *       recorded calls, conformance of responses).</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerBackend}: state and rules, no HTTP; its class comment
 *       lists every design choice taken where no source settled the real behaviour.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.ServiceModel} and
 *       {@link io.jenkins.plugins.registrygate.emulator.ShapeValidator}: the official service model from the
 *       {@code aws-java-sdk-models} jar, request validation with AWS-style messages, response conformance.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.FaultInjector}: throttling, 500, 503, latency and dropped
 *       connections, before or after the backend applies a call.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.EmulatorClients}: real {@code SageMakerClient}s for it.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulatorMain}: runs it standalone (for
 *       {@code src/test/python/boto3_conformance.py}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (SageMakerEmulator emu = SageMakerEmulator.start();
 *      SageMakerClient sm = EmulatorClients.sageMaker(emu, EmulatorClients.fastRetries())) {
 *     sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn"));
 *     emu.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();
 *     sm.createModelPackage(b -> b.modelPackageGroupName("churn").clientToken("build-42"));  // retried: one version
 *     assert emu.backend().modelPackageVersions("churn").equals(List.of(1));
 * }
 * }</pre>
 */
package io.jenkins.plugins.registrygate.emulator;
