package io.jenkins.plugins.registrygate.emulator.sagemaker;

import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.NODES;
import static io.jenkins.plugins.registrygate.emulator.WireValues.epochSeconds;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.key;
import static io.jenkins.plugins.registrygate.emulator.sagemaker.Members.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Hosting's models: {@code CreateModel}, {@code DescribeModel}, {@code DeleteModel}, {@code ListModels}. Facts in
 * {@code shared/sagemaker/README.md} §3-§4: names are unique regardless of case and keep their case, ARNs carry them
 * lower-cased; an unknown model is {@code ValidationException: Could not find model "<arn>".}; an execution role
 * that cannot be assumed is refused at once with the service's "Could not assume role …" text (public tracebacks).
 * <b>Design choices</b>:
 * <ul>
 *   <li>A container's {@code ModelPackageName} must name an existing model package (versioned or not); otherwise
 *       {@code ValidationException} with the registry's "ModelPackage … does not exist." Whether the package is
 *       {@code Approved} or {@code Completed} is not checked (the plugin enforces approval itself).
 *       {@code InferenceSpecificationName} must name one of the package's additional inference specifications.</li>
 *   <li>The images and model data a model deploys are taken from the package when the model is created (as the
 *       service copies them), so deleting the package later does not change the model. Whether they exist is not
 *       checked here: like the real service, a model whose data or image is missing is created, and the endpoint
 *       that deploys it fails later ({@link Endpoints}).</li>
 *   <li>Exactly one of {@code PrimaryContainer} and {@code Containers} (non-empty); each container names an
 *       {@code Image} or a {@code ModelPackageName}; otherwise {@code ValidationException}.</li>
 *   <li>{@code ExecutionRoleArn} may be omitted (the model allows it); when given, the role must exist
 *       ({@link io.jenkins.plugins.registrygate.emulator.Neighbours#roleExists}).</li>
 *   <li>{@code DeleteModel} of a model that an endpoint configuration or endpoint uses is allowed (endpoints keep
 *       what they deployed).</li>
 *   <li>{@code ListModels}: {@code SortBy} Name|CreationTime (default CreationTime), {@code SortOrder} default
 *       Descending (both from the model); {@code NameContains} ignores case; {@code CreationTimeAfter}/{@code Before}
 *       are strict.</li>
 * </ul>
 */
public final class Models implements ResourceFamily {

    /**
     * What one deployed container needs: an image and, unless the image carries it, model data in S3: one object
     * ({@code ModelDataUrl}, an {@code S3Object} data source) or the objects under a key name prefix
     * ({@code modelDataIsPrefix}: an {@code S3Prefix} data source).
     */
    record Artifacts(String image, String modelData, boolean modelDataIsPrefix) {
        static Artifacts of(String image, JsonNode container) {
            String url = text(container, "ModelDataUrl");
            if (url != null) {
                return new Artifacts(image, url, false);
            }
            JsonNode s3 = container.path("ModelDataSource").path("S3DataSource");
            return new Artifacts(image, s3.path("S3Uri").asText(null), "S3Prefix".equals(s3.path("S3DataType").asText()));
        }
    }

    /** A model as hosting deploys it. */
    static final class Model {
        final String name;
        final String arn;
        final Instant created;
        final long seq;
        /** The DescribeModel document without CreationTime. */
        final ObjectNode doc;
        final Map<String, String> tags;
        final List<Artifacts> artifacts;
        final Optional<String> executionRole;

        Model(String name, String arn, Instant created, long seq, ObjectNode doc, Map<String, String> tags,
              List<Artifacts> artifacts, Optional<String> executionRole) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.seq = seq;
            this.doc = doc;
            this.tags = tags;
            this.artifacts = List.copyOf(artifacts);
            this.executionRole = executionRole;
        }
    }

    private static final Set<String> NOT_DESCRIBED = Set.of("Tags");

    private final SageMakerContext context;
    private final ModelPackageRegistry registry;
    private final Map<String, Model> models = new LinkedHashMap<>();

    public Models(SageMakerContext context, ModelPackageRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    @Override
    public void register(BiConsumer<String, Operation> table) {
        table.accept("CreateModel", this::createModel);
        table.accept("DescribeModel", (caller, r) -> describe(require(r.get("ModelName").asText())));
        table.accept("DeleteModel", (caller, r) -> {
            models.remove(key(require(r.get("ModelName").asText()).name));
            return null;
        });
        table.accept("ListModels", this::listModels);
    }

    @Override
    public Optional<Map<String, String>> tagsOf(ResourceArn arn) {
        return "model".equals(arn.type()) ? Optional.of(require(arn.resource()).tags) : Optional.empty();
    }

    @Override
    public void reset() {
        models.clear();
    }

    /** The model of that name; callers hold the service lock. */
    Model require(String name) {
        Model m = models.get(key(name));
        if (m == null) {
            throw notFound(name);
        }
        return m;
    }

    ServiceError notFound(String name) {
        return ServiceError.validation("Could not find model \"" + context.hostingArn("model", name) + "\".");
    }

    private ObjectNode createModel(Caller caller, ObjectNode r) {
        String name = r.get("ModelName").asText();
        String arn = context.hostingArn("model", name);
        if (models.containsKey(key(name))) {
            throw ServiceError.validation("Cannot create already existing model \"" + arn + "\".");
        }
        JsonNode primary = r.get("PrimaryContainer");
        JsonNode list = r.get("Containers");
        boolean hasList = list != null && !list.isEmpty();
        if (primary != null && hasList) {
            throw ServiceError.validation("Specify either PrimaryContainer or Containers, not both.");
        }
        if (primary == null && !hasList) {
            throw ServiceError.validation("A model needs a PrimaryContainer or at least one of Containers.");
        }
        List<Artifacts> artifacts = new ArrayList<>();
        List<JsonNode> containers = new ArrayList<>();
        if (primary != null) {
            containers.add(primary);
        } else {
            list.forEach(containers::add);
        }
        for (int i = 0; i < containers.size(); i++) {
            artifacts.addAll(artifactsOf(containers.get(i), i + 1));
        }
        Optional<String> role = Optional.ofNullable(text(r, "ExecutionRoleArn"));
        if (role.isPresent() && !context.neighbours().roleExists(role.get())) {
            throw couldNotAssume(role.get());
        }
        ObjectNode doc = NODES.objectNode();
        r.properties().forEach(e -> {
            if (!NOT_DESCRIBED.contains(e.getKey())
                    && context.model().shape("DescribeModelOutput").members().containsKey(e.getKey())) {
                doc.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        doc.put("ModelArn", arn);
        Model m = new Model(name, arn, context.now(), context.nextSequence(), doc, Tags.fromRequest(r.get("Tags")),
                artifacts, role);
        models.put(key(name), m);
        return NODES.objectNode().put("ModelArn", arn);
    }

    /** The service's answer for a role it cannot assume (field: public tracebacks of CreateModel and others). */
    static ServiceError couldNotAssume(String roleArn) {
        return ServiceError.validation("Could not assume role " + roleArn + ". Please ensure that the role exists "
                + "and allows principal 'sagemaker.amazonaws.com' to assume the role.");
    }

    private List<Artifacts> artifactsOf(JsonNode container, int position) {
        String packageRef = text(container, "ModelPackageName");
        String specName = text(container, "InferenceSpecificationName");
        if (packageRef != null) {
            List<Artifacts> fromPackage = new ArrayList<>();
            for (ObjectNode c : registry.deployable(packageRef, specName).containers()) {
                fromPackage.add(Artifacts.of(text(c, "Image"), c));
            }
            return fromPackage;
        }
        if (specName != null) {
            throw ServiceError.validation("Container " + position + ": InferenceSpecificationName applies only "
                    + "with a ModelPackageName.");
        }
        String image = text(container, "Image");
        if (image == null) {
            throw ServiceError.validation("Container " + position + " needs an Image or a ModelPackageName.");
        }
        Members.requireDataSource(container, "Container " + position);
        return List.of(Artifacts.of(image, container));
    }

    private ObjectNode describe(Model m) {
        ObjectNode o = m.doc.deepCopy();
        o.set("CreationTime", epochSeconds(m.created));
        return o;
    }

    private ObjectNode listModels(Caller caller, ObjectNode r) {
        List<Model> items = models.values().stream()
                .filter(Members.<Model>nameContains(r, m -> m.name).and(Members.createdWithin(r, m -> m.created)))
                .toList();
        return Pagination.page(r, "Models", items,
                m -> new Pagination.SortKey(key(m.name), m.created.toEpochMilli(), m.seq),
                Pagination.order("Name".equals(text(r, "SortBy")) ? Pagination.BY_TEXT : Pagination.BY_NUMBER,
                        text(r, "SortOrder"), "Descending"),
                m -> {
                    ObjectNode s = NODES.objectNode().put("ModelName", m.name).put("ModelArn", m.arn);
                    s.set("CreationTime", epochSeconds(m.created));
                    return s;
                });
    }

    /** Names of the existing models, in creation order. */
    public List<String> names() {
        synchronized (context.lock()) {
            return models.values().stream().map(m -> m.name).toList();
        }
    }
}
