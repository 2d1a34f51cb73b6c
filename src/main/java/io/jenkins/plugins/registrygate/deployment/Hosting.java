package io.jenkins.plugins.registrygate.deployment;

import static io.jenkins.plugins.registrygate.registry.RegistryException.call;

import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.CreateEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateModelRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.UpdateEndpointRequest;

/**
 * The SageMaker hosting operations a deployment needs, with AWS errors turned into {@link RegistryException} (operation,
 * code, request id). SageMaker hosting answers "not found" and "already exists" with a ValidationException whose
 * message says so ({@code Could not find endpoint "…"}, {@code Cannot create already existing model "…"}).
 */
public final class Hosting {

    /** What a create did: made the resource, or found this build's own from an earlier attempt. */
    public enum Created { CREATED, ALREADY_OURS }

    private final SageMakerClient client;

    public Hosting(SageMakerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /** The endpoint now, or empty when it does not exist. */
    public Optional<EndpointSnapshot> endpoint(String endpointName) {
        try {
            return Optional.of(EndpointSnapshot.of(call("DescribeEndpoint", () -> client.describeEndpoint(b -> b.endpointName(endpointName)))));
        } catch (RegistryException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** What the endpoint serves: its configuration's variants, their models and the packages behind them. */
    public ServingState serving(EndpointSnapshot e) {
        return serving(e, e.endpointConfigName());
    }

    /** What the endpoint would serve on {@code configName} (its current or pending configuration). */
    public ServingState serving(EndpointSnapshot e, String configName) {
        DescribeEndpointConfigResponse config;
        try {
            config = call("DescribeEndpointConfig", () -> client.describeEndpointConfig(b -> b.endpointConfigName(configName)));
        } catch (RegistryException ex) {
            if (isNotFound(ex)) {
                // Deleted while in force (SageMaker allows it): the endpoint still serves it, unreadable.
                return new ServingState(e.endpointName(), e.endpointArn(), e.status(), configName, e.pendingConfigName(), List.of(),
                        e.failureReason(), e.lastModified());
            }
            throw ex;
        }
        List<ServingState.Variant> variants = new ArrayList<>();
        for (ProductionVariant v : config.productionVariants()) {
            variants.add(new ServingState.Variant(v.variantName(), v.modelName(), packagesOf(v.modelName())));
        }
        return new ServingState(e.endpointName(), e.endpointArn(), e.status(), configName, e.pendingConfigName(), variants,
                e.failureReason(), e.lastModified());
    }

    private List<String> packagesOf(String modelName) {
        DescribeModelResponse m;
        try {
            m = call("DescribeModel", () -> client.describeModel(b -> b.modelName(modelName)));
        } catch (RegistryException e) {
            if (isNotFound(e)) {
                return List.of(); // the model was deleted after the configuration was made: nothing to name
            }
            throw e;
        }
        List<ContainerDefinition> containers = new ArrayList<>(m.containers());
        if (m.primaryContainer() != null) {
            containers.add(0, m.primaryContainer());
        }
        return containers.stream().map(ContainerDefinition::modelPackageName).filter(Objects::nonNull).toList();
    }

    /**
     * Creates the model, or recognises this build's own from an earlier attempt (same name, tagged with the same
     * package and build); a model of that name that is not ours fails the deployment rather than being reused.
     */
    public Created createModel(CreateModelRequest request, String modelPackageArn, String buildId) {
        try {
            call("CreateModel", () -> client.createModel(request));
            return Created.CREATED;
        } catch (RegistryException e) {
            if (!isAlreadyExists(e)) {
                throw e;
            }
            DescribeModelResponse m = call("DescribeModel", () -> client.describeModel(b -> b.modelName(request.modelName())));
            requireOurs("model", request.modelName(), m.modelArn(), modelPackageArn, buildId);
            return Created.ALREADY_OURS;
        }
    }

    /** Creates the endpoint configuration, or recognises this build's own (see {@link #createModel}). */
    public Created createEndpointConfig(CreateEndpointConfigRequest request, String modelPackageArn, String buildId) {
        try {
            call("CreateEndpointConfig", () -> client.createEndpointConfig(request));
            return Created.CREATED;
        } catch (RegistryException e) {
            if (!isAlreadyExists(e)) {
                throw e;
            }
            DescribeEndpointConfigResponse c = call("DescribeEndpointConfig",
                    () -> client.describeEndpointConfig(b -> b.endpointConfigName(request.endpointConfigName())));
            requireOurs("endpoint configuration", request.endpointConfigName(), c.endpointConfigArn(), modelPackageArn, buildId);
            return Created.ALREADY_OURS;
        }
    }

    public void createEndpoint(CreateEndpointRequest request) {
        call("CreateEndpoint", () -> client.createEndpoint(request));
    }

    public void updateEndpoint(UpdateEndpointRequest request) {
        call("UpdateEndpoint", () -> client.updateEndpoint(request));
    }

    private void requireOurs(String kind, String name, String arn, String modelPackageArn, String buildId) {
        Map<String, String> tags = tags(arn);
        if (!DeploymentTags.createdBy(tags, modelPackageArn, buildId)) {
            throw new IllegalStateException("A SageMaker " + kind + " named " + name + " already exists and was not made by this "
                    + "build for " + modelPackageArn + " (its tags: " + tags + "); the deployment will not reuse it");
        }
    }

    Map<String, String> tags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            var page = call("ListTags", () -> client.listTags(b -> b.resourceArn(arn).nextToken(next)));
            page.tags().forEach(t -> tags.put(t.key(), t.value()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return tags;
    }

    static boolean isNotFound(RegistryException e) {
        return "ValidationException".equals(e.errorCode()) && e.awsMessage().startsWith("Could not find");
    }

    static boolean isAlreadyExists(RegistryException e) {
        return "ValidationException".equals(e.errorCode()) && e.awsMessage().startsWith("Cannot create already existing");
    }

}
