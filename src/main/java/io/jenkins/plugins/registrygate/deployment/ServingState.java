package io.jenkins.plugins.registrygate.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an endpoint is and serves, as SageMaker describes it: its status, the configuration in force (during an update
 * still the old one; the new one is pending), and for each variant the model and the model packages behind it.
 *
 * @param lastModified the endpoint's LastModifiedTime, SageMaker's own clock: compared before and after a restart to
 *                     tell whether an update reached the service
 */
public record ServingState(String endpointName, String endpointArn, String status, String endpointConfigName,
                           Optional<String> pendingConfigName, List<Variant> variants, String failureReason,
                           Instant lastModified) {

    public ServingState {
        variants = List.copyOf(variants);
    }

    /** One production variant: its model and the packages the model's containers name. */
    public record Variant(String variantName, String modelName, List<String> modelPackageArns) {
        public Variant {
            modelPackageArns = List.copyOf(modelPackageArns);
        }
    }

    /** Every package the endpoint serves, in variant order. */
    public List<String> modelPackageArns() {
        return variants.stream().flatMap(v -> v.modelPackageArns().stream()).toList();
    }

    /**
     * False when the configuration in force was deleted: SageMaker allows that (the endpoint keeps serving it), and then
     * what it serves cannot be read. A real configuration has at least one variant.
     */
    public boolean isConfigurationKnown() {
        return !variants.isEmpty();
    }

    /** One line naming what serves, for the console and failures. */
    public String describe() {
        if (!isConfigurationKnown()) {
            return "endpoint " + endpointName + " (" + status + ") serves configuration " + endpointConfigName
                    + ", which was deleted: what it serves cannot be read";
        }
        return "endpoint " + endpointName + " (" + status + ") serves configuration " + endpointConfigName + ": "
                + variants.stream().map(v -> v.variantName() + " = model " + v.modelName() + " from "
                        + (v.modelPackageArns().isEmpty() ? "no model package" : String.join(", ", v.modelPackageArns())))
                        .collect(java.util.stream.Collectors.joining("; "));
    }
}
