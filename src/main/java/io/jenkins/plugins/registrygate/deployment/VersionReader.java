package io.jenkins.plugins.registrygate.deployment;

import static io.jenkins.plugins.registrygate.registry.RegistryException.call;

import io.jenkins.plugins.registrygate.gates.Preflight;
import io.jenkins.plugins.registrygate.gates.VersionUnderReview;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelCardResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.S3ModelDataSource;

/**
 * Reads the version a deployment is about, now (never from earlier in the build): the registry's status, the package's
 * own model card and any card its metadata names, and what the deployment needs from it: every container of its
 * inference specification, with its image and its model data ({@code ModelDataUrl}, {@code ModelDataSource}).
 */
public final class VersionReader {

    /** The version and what deploying it needs: its containers, in order. */
    public record Read(VersionUnderReview review, ModelPackageRef ref, List<Preflight.Container> containers) {
        public Read {
            containers = List.copyOf(containers);
        }
    }

    private final SageMakerClient client;

    public VersionReader(SageMakerClient client) {
        this.client = client;
    }

    /** The newest Approved version of the group, by version number, listing the whole group. */
    public Optional<ModelPackageRef> newestApproved(String group) {
        return new ModelRegistry(client).listWithStatus(group, ModelApprovalStatus.APPROVED, Optional.empty()).stream()
                .max(Comparator.comparingInt(ModelPackageRef::version));
    }

    public Read read(String modelPackageArn) {
        DescribeModelPackageResponse p = call("DescribeModelPackage", () -> client.describeModelPackage(b -> b.modelPackageName(modelPackageArn)));
        List<VersionUnderReview.ModelCardView> cards = new ArrayList<>();
        if (p.modelCard() != null && (p.modelCard().modelCardStatus() != null || p.modelCard().modelCardContent() != null)) {
            cards.add(new VersionUnderReview.ModelCardView("the package's model card", nz(p.modelCard().modelCardStatusAsString()),
                    riskRating(p.modelCard().modelCardContent())));
        }
        String named = p.customerMetadataProperties().getOrDefault(MetadataKeys.MODEL_CARD_NAME, "");
        if (!named.isEmpty()) {
            cards.add(namedCard(named));
        }
        ModelPackageRef ref = new ModelPackageRef(p.modelPackageArn(), nz(p.modelPackageGroupName()),
                p.modelPackageVersion() == null ? 0 : p.modelPackageVersion(), nz(p.modelApprovalStatusAsString()));
        VersionUnderReview review = new VersionUnderReview(p.modelPackageArn(), nz(p.modelApprovalStatusAsString()),
                nz(p.modelPackageStatusAsString()), p.customerMetadataProperties(), nz(p.approvalDescription()), ModelRegistry.describeUser(p.createdBy()),
                ModelRegistry.describeUser(p.lastModifiedBy()), Optional.ofNullable(p.lastModifiedTime()), cards);
        return new Read(review, ref, p.inferenceSpecification() == null ? List.of() : containers(p.inferenceSpecification().containers()));
    }

    /** Each container with where its model data comes from: its ModelDataUrl and its ModelDataSource, when given. */
    static List<Preflight.Container> containers(List<ModelPackageContainerDefinition> definitions) {
        List<Preflight.Container> out = new ArrayList<>();
        for (ModelPackageContainerDefinition c : definitions) {
            List<Preflight.ModelData> data = new ArrayList<>();
            if (c.modelDataUrl() != null && !c.modelDataUrl().isBlank()) {
                data.add(new Preflight.ModelData(c.modelDataUrl(), Preflight.S3_OBJECT, "ModelDataUrl"));
            }
            S3ModelDataSource s3 = c.modelDataSource() == null ? null : c.modelDataSource().s3DataSource();
            if (s3 != null && s3.s3Uri() != null && !s3.s3Uri().isBlank()) {
                data.add(new Preflight.ModelData(s3.s3Uri(), nz(s3.s3DataTypeAsString()), "ModelDataSource"));
            }
            out.add(new Preflight.Container(out.size() + 1, nz(c.containerHostname()), nz(c.image()), data));
        }
        return out;
    }

    private VersionUnderReview.ModelCardView namedCard(String nameOrArn) {
        String source = "model card " + nameOrArn;
        try {
            DescribeModelCardResponse c = call("DescribeModelCard", () -> client.describeModelCard(b -> b.modelCardName(nameOrArn)));
            return new VersionUnderReview.ModelCardView(source + " (version " + c.modelCardVersion() + ")",
                    nz(c.modelCardStatusAsString()), riskRating(c.content()));
        } catch (RegistryException e) {
            if ("ResourceNotFound".equals(e.errorCode())) {
                return new VersionUnderReview.ModelCardView(source + " (does not exist)", "", Optional.empty());
            }
            throw e;
        }
    }

    /** {@code intended_uses.risk_rating} of model card content (the model card JSON schema), if stated. */
    static Optional<String> riskRating(String content) {
        if (content == null || content.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JsonNode.parser().parse(content);
            return root.field("intended_uses").flatMap(u -> u.field("risk_rating"))
                    .filter(JsonNode::isString).map(JsonNode::asString).filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
