/**
 * A local AWS endpoint for the plugin's tests and for users' own Jenkinsfiles: SageMaker and the services around a
 * SageMaker deployment on one port of 127.0.0.1, spoken to by the real AWS SDKs. Built into its own runnable jar
 * ({@code java -jar target/registry-gate-emulator.jar}); the tests run it in-process.
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulator}: the HTTP front. Routes each request to a
 *       service by its SigV4 signing name, injects faults, records calls, checks responses against the model.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.ModelledService}: one service's state and rules, no HTTP;
 *       every request is validated against the service's official model before a handler sees it.
 *       {@link io.jenkins.plugins.registrygate.emulator.SageMakerBackend} is SageMaker, composed of one class per
 *       resource family (registry, hosting, model cards) in {@link io.jenkins.plugins.registrygate.emulator.sagemaker};
 *       each family's class comment lists every design choice taken where no source settled the real behaviour.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.WireProtocol}: how a service's operations travel over HTTP
 *       ({@link io.jenkins.plugins.registrygate.emulator.AwsJsonProtocol} for AWS JSON 1.0/1.1).</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.ServiceModel} and
 *       {@link io.jenkins.plugins.registrygate.emulator.ShapeValidator}: official service models (vendored under
 *       {@code models/}), request validation with AWS-style messages, response conformance.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.Identities}: IAM users and assumed-role sessions behind access
 *       keys, so every service reports the same caller.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.FaultInjector}: throttling, 500, 503, latency and dropped
 *       connections, before or after a service applies a call.</li>
 *   <li>{@link io.jenkins.plugins.registrygate.emulator.SageMakerEmulatorMain}: the standalone command.</li>
 * </ul>
 */
package io.jenkins.plugins.registrygate.emulator;
