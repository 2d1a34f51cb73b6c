package io.jenkins.plugins.registrygate.registry;

import static io.jenkins.plugins.registrygate.registry.RegistryException.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ListModelPackagesRequest;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSortBy;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.UserContext;

/** The SageMaker Model Registry operations the gate needs, with AWS errors turned into {@link RegistryException}. */
public final class ModelRegistry {

    private final SageMakerClient client;

    public ModelRegistry(SageMakerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * Stands for the credentials behind this registry: the cached client, one per connection and resolved identity
     * (the shared one when this registry signs with a build's own role session, which is the same identity).
     */
    public Object principal() {
        return SessionBoundClient.sharedClientOf(client);
    }

    /**
     * Makes sure the group exists, creating it with description and tags only if absent.
     *
     * @return true when this call created the group
     */
    public boolean ensureGroup(String group, String description, Map<String, String> tags) {
        try {
            call("DescribeModelPackageGroup", () -> client.describeModelPackageGroup(r -> r.modelPackageGroupName(group)));
            return false;
        } catch (RegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        return createGroup(group, description, tags).isPresent();
    }

    /**
     * Creates the group with its description and tags.
     *
     * @return the new group's ARN, or empty when a group of that name exists already (another build may have
     *     created it a moment ago: the group exists, which is all a registration needs)
     */
    public Optional<String> createGroup(String group, String description, Map<String, String> tags) {
        try {
            return Optional.of(call("CreateModelPackageGroup", () -> client.createModelPackageGroup(r -> {
                r.modelPackageGroupName(group);
                if (!description.isEmpty()) {
                    r.modelPackageGroupDescription(description);
                }
                if (!tags.isEmpty()) {
                    r.tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
                }
            })).modelPackageGroupArn());
        } catch (RegistryException e) {
            if (e.isGroupAlreadyExists()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates one versioned package; the request carries a ClientToken so a repeat returns the same version. */
    public ModelPackageRef createVersion(CreateModelPackageRequest request) {
        String arn = call("CreateModelPackage", () -> client.createModelPackage(request)).modelPackageArn();
        String status = request.modelApprovalStatusAsString() == null
                ? ModelApprovalStatus.PENDING_MANUAL_APPROVAL.toString()
                : request.modelApprovalStatusAsString();
        return ModelPackageRef.fromArn(arn, status);
    }

    /**
     * The newest versions of {@code group} created after {@code createdAfter}, newest first, at most {@code max}
     * (1 to 100): one {@code ListModelPackages} call. A group that does not exist has none.
     */
    public List<ModelPackageRef> newestVersions(String group, Instant createdAfter, int max) {
        if (max < 1 || max > 100) {
            throw new IllegalArgumentException("ListModelPackages returns 1 to 100 results per call: " + max);
        }
        try {
            var page = call("ListModelPackages", () -> client.listModelPackages(r -> r
                    .modelPackageGroupName(group)
                    .creationTimeAfter(createdAfter)
                    .sortBy(ModelPackageSortBy.CREATION_TIME)
                    .sortOrder(SortOrder.DESCENDING)
                    .maxResults(max)));
            return page.modelPackageSummaryList().stream()
                    .filter(s -> s.modelPackageVersion() != null)
                    .map(s -> new ModelPackageRef(s.modelPackageArn(), nz(s.modelPackageGroupName()),
                            s.modelPackageVersion(), nz(s.modelApprovalStatusAsString())))
                    .toList();
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return List.of();
            }
            throw e;
        }
    }

    public ModelPackageDetails describe(String modelPackageArn) {
        DescribeModelPackageResponse r = call("DescribeModelPackage",
                () -> client.describeModelPackage(b -> b.modelPackageName(modelPackageArn)));
        var container = r.inferenceSpecification() != null && !r.inferenceSpecification().containers().isEmpty()
                ? r.inferenceSpecification().containers().get(0) : null;
        return new ModelPackageDetails(
                new ModelPackageRef(r.modelPackageArn(), nz(r.modelPackageGroupName()),
                        r.modelPackageVersion() == null ? 0 : r.modelPackageVersion(), nz(r.modelApprovalStatusAsString())),
                nz(r.modelPackageDescription()),
                nz(r.approvalDescription()),
                r.customerMetadataProperties(),
                r.modelCard() == null ? "" : nz(r.modelCard().modelCardStatusAsString()),
                r.modelCard() == null ? "" : nz(r.modelCard().modelCardContent()),
                describeUser(r.lastModifiedBy()),
                Optional.ofNullable(r.lastModifiedTime()),
                r.creationTime() == null ? Instant.EPOCH : r.creationTime(),
                container == null ? "" : nz(container.image()),
                container == null ? "" : nz(container.modelDataUrl()),
                nz(r.modelPackageStatusAsString()));
    }

    /** Every version of {@code group} created after {@code createdAfter}, oldest first, with its status. */
    public List<ModelPackageRef> listVersions(String group, Optional<Instant> createdAfter) {
        List<ModelPackageRef> out = listAll(client, group, null, SortOrder.ASCENDING, createdAfter);
        out.sort(Comparator.comparingInt(ModelPackageRef::version));
        return out;
    }

    /**
     * The versions of {@code group} that now have {@code status}, created after {@code createdAfter}: what the
     * shared watcher asks per group, so its cost follows the number of decisions, not the number of waiting builds.
     * One poll serves every build waiting on the group, so it names none of them: with a role, it is made with the
     * connection's shared client, whose role session is {@link RoleSessionName#PLUGIN}.
     */
    public List<ModelPackageRef> listWithStatus(String group, ModelApprovalStatus status, Optional<Instant> createdAfter) {
        return listAll((SageMakerClient) SessionBoundClient.sharedClientOf(client), group, status, SortOrder.DESCENDING, createdAfter);
    }

    private static List<ModelPackageRef> listAll(SageMakerClient client, String group, ModelApprovalStatus status, SortOrder order,
                                                 Optional<Instant> createdAfter) {
        ListModelPackagesRequest.Builder req = ListModelPackagesRequest.builder()
                .modelPackageGroupName(group)
                .modelApprovalStatus(status)
                .sortBy(ModelPackageSortBy.CREATION_TIME)
                .sortOrder(order)
                .maxResults(100);
        createdAfter.ifPresent(req::creationTimeAfter);
        List<ModelPackageRef> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = call("ListModelPackages", () -> client.listModelPackages(req.nextToken(next).build()));
            for (ModelPackageSummary s : page.modelPackageSummaryList()) {
                if (s.modelPackageVersion() != null) {
                    out.add(new ModelPackageRef(s.modelPackageArn(), nz(s.modelPackageGroupName()),
                            s.modelPackageVersion(), nz(s.modelApprovalStatusAsString())));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** The newest Approved version of the group other than {@code excludingArn}, for comparisons. */
    public Optional<ModelPackageDetails> latestApproved(String group, String excludingArn) {
        var page = call("ListModelPackages", () -> client.listModelPackages(r -> r
                .modelPackageGroupName(group)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED)
                .sortBy(ModelPackageSortBy.CREATION_TIME)
                .sortOrder(SortOrder.DESCENDING)
                .maxResults(2)));
        return page.modelPackageSummaryList().stream()
                .filter(s -> !s.modelPackageArn().equalsIgnoreCase(excludingArn))
                .findFirst()
                .map(s -> describe(s.modelPackageArn()));
    }

    /**
     * Writes a decision: status, the approval description and metadata keys recording who and when. Callers on the
     * approval path pass the version's complete metadata map (what they read plus their keys): whether the service
     * merges the map or replaces it is not documented, and SageMaker-compatible services replace it.
     */
    public void updateApproval(String arn, String status, String approvalDescription, Map<String, String> metadata) {
        call("UpdateModelPackage", () -> client.updateModelPackage(r -> {
            r.modelPackageArn(arn);
            if (!status.isEmpty()) {
                r.modelApprovalStatus(status);
            }
            if (!approvalDescription.isEmpty()) {
                r.approvalDescription(approvalDescription);
            }
            if (!metadata.isEmpty()) {
                r.customerMetadataProperties(metadata);
            }
        }));
    }

    /** Who a registry UserContext names: the Studio user profile, else the IAM identity's ARN; "" if neither. */
    public static String describeUser(UserContext u) {
        if (u == null) {
            return "";
        }
        if (u.userProfileName() != null) {
            return u.userProfileName();
        }
        if (u.iamIdentity() != null && u.iamIdentity().arn() != null) {
            return u.iamIdentity().arn();
        }
        return "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
