package io.jenkins.plugins.registrygate.deployment;

import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.GatePolicy;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.validation.Durations;
import io.jenkins.plugins.registrygate.validation.KeyValues;
import io.jenkins.plugins.registrygate.validation.ParameterRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;

/**
 * The {@code deployApproved} step's parameters as written in the Jenkinsfile (strings and lists, "" and empty meaning
 * "not given"), and their translation into a {@link DeploymentRequest} under SageMaker's input rules (patterns,
 * lengths, ranges of the 2017-07-24 service model and the deployment-guardrail limits of the hosting docs). Every
 * violation is collected and named by parameter, so bad input fails before any AWS call.
 */
public record DeploymentParameters(
        String modelPackageArn,
        String modelPackageGroup,
        int modelPackageVersion,
        String decision,
        String endpointName,
        String instanceType,
        int instanceCount,
        String variantName,
        int serverlessMemorySizeInMb,
        int serverlessMaxConcurrency,
        String executionRoleArn,
        List<String> subnets,
        List<String> securityGroupIds,
        List<String> environment,
        String dataCaptureS3Uri,
        Optional<Integer> dataCapturePercentage,
        List<String> tags,
        boolean requireModelCard,
        List<String> allowedRiskRatings,
        List<String> requiredMetadata,
        boolean allowSelfDeploy,
        List<String> waive,
        boolean plan,
        String trafficShifting,
        String canarySize,
        String linearStepSize,
        String rollingBatchSize,
        String rollbackBatchSize,
        String waitInterval,
        String terminationWait,
        String maximumExecutionTime,
        List<String> alarms,
        String ifBusy,
        String timeout) {

    /**
     * What the administrator sets in the global configuration, captured when the step first starts: the default
     * execution role, the metadata every version must carry (a step can add keys, never drop one) and the gate checks a
     * pipeline may waive.
     */
    public record Defaults(String executionRoleArn, List<String> requiredMetadata, WaivableChecks waivableChecks,
                           boolean requireHumanApproval) {
        public Defaults {
            requiredMetadata = List.copyOf(requiredMetadata);
            java.util.Objects.requireNonNull(waivableChecks);
        }

        /** Defaults under which {@code approveIf} rules count as an approval. */
        public Defaults(String executionRoleArn, List<String> requiredMetadata, WaivableChecks waivableChecks) {
            this(executionRoleArn, requiredMetadata, waivableChecks, false);
        }
    }

    /** Lineage every deployed version must carry unless the global configuration says otherwise. */
    public static final List<String> DEFAULT_REQUIRED_METADATA = List.of("git:commit", "image:digest", "data:version");
    public static final String DEFAULT_VARIANT = "AllTraffic";
    /** Long enough for a blue/green update with bakes; a step can ask for longer (SageMaker allows 8 hours). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(3);
    /** Tags the plugin itself puts on what it creates; the rest of SageMaker's 50 are the pipeline's. */
    public static final int PLUGIN_TAGS = 3;

    // Patterns of the SageMaker service model (shapes named in the comments).
    /** EndpointName, EndpointConfigName, VariantName. */
    static final Pattern HOSTING_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    /** RoleArn. */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    /** SubnetId, SecurityGroupId. */
    static final Pattern VPC_ID = Pattern.compile("[-0-9a-zA-Z]+");
    /** EnvironmentKey. */
    static final Pattern ENVIRONMENT_KEY = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** DestinationS3Uri. */
    static final Pattern S3_URI = Pattern.compile("(https|s3)://([^/])/?(.*)");
    /** AlarmName. */
    static final Pattern ALARM_NAME = Pattern.compile("(?!\\s*$).+");
    static final List<String> RISK_RATINGS = List.of("High", "Medium", "Low", "Unknown");

    /** The validated request; problems go to {@code rules} (the caller throws once it has added its own). */
    public DeploymentRequest toRequest(ParameterRules rules, Defaults defaults) {
        PackageSelector target = target(rules);

        rules.required("endpointName", endpointName);
        rules.text("endpointName", endpointName, 63, HOSTING_NAME, ParameterRules.ENTITY_NAME_RULE);

        String variant = variantName.isEmpty() ? DEFAULT_VARIANT : variantName;
        rules.text("variantName", variant, 63, HOSTING_NAME, ParameterRules.ENTITY_NAME_RULE);
        Capacity capacity = capacity(rules, variant);

        String role = executionRoleArn.isEmpty() ? defaults.executionRoleArn() : executionRoleArn;
        rules.check(!role.isEmpty(), "executionRoleArn", "",
                "is required: the IAM role SageMaker runs the model as (or set a default in the global configuration)");
        rules.check(role.isEmpty() || (role.length() >= 20 && role.length() <= 2048 && ROLE_ARN.matcher(role).matches()),
                "executionRoleArn", role, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/sagemaker-execution "
                        + "(with its path, if any: role/service-role/sagemaker-execution)");

        rules.check(subnets.size() <= 16, "subnets", "", "at most 16 subnets (got " + subnets.size() + ")");
        subnets.forEach(s -> rules.check(s.length() <= 32 && VPC_ID.matcher(s).matches(), "subnets", s,
                "each must be a subnet id such as subnet-0a1b2c3d"));
        rules.check(securityGroupIds.size() <= 5, "securityGroupIds", "", "at most 5 security groups (got " + securityGroupIds.size() + ")");
        securityGroupIds.forEach(s -> rules.check(s.length() <= 32 && VPC_ID.matcher(s).matches(), "securityGroupIds", s,
                "each must be a security group id such as sg-0a1b2c3d"));
        rules.check(subnets.isEmpty() == securityGroupIds.isEmpty(), subnets.isEmpty() ? "subnets" : "securityGroupIds", "",
                "a VPC configuration needs both subnets and securityGroupIds");

        Map<String, String> env = KeyValues.parse(rules, "environment", environment);
        rules.check(env.size() <= 100, "environment", "", "at most 100 variables (got " + env.size() + ")");
        env.forEach((k, v) -> {
            rules.check(k.length() <= 1024 && ENVIRONMENT_KEY.matcher(k).matches(), "environment", k,
                    "names must start with a letter or _ and hold only letters, digits and _ (at most 1024)");
            rules.check(v.length() <= 1024, "environment." + k, "", "values must be at most 1024 characters");
        });

        Optional<DeploymentRequest.DataCapture> capture = Optional.empty();
        if (!dataCaptureS3Uri.isEmpty()) {
            rules.text("dataCaptureS3Uri", dataCaptureS3Uri, 512, S3_URI, "must be an s3:// (or https://) URI with a bucket");
            int pct = dataCapturePercentage.orElse(100);
            rules.check(pct >= 0 && pct <= 100, "dataCapturePercentage", String.valueOf(pct), "must be 0 to 100");
            capture = Optional.of(new DeploymentRequest.DataCapture(dataCaptureS3Uri, pct));
        } else {
            dataCapturePercentage.ifPresent(pct -> rules.check(false, "dataCapturePercentage", String.valueOf(pct),
                    "only applies together with dataCaptureS3Uri"));
        }

        Map<String, String> tagMap = KeyValues.parse(rules, "tags", tags);
        rules.tags("tags", tagMap);
        rules.check(tagMap.size() <= ParameterRules.MAX_TAGS - PLUGIN_TAGS, "tags", "", "at most "
                + (ParameterRules.MAX_TAGS - PLUGIN_TAGS) + " tags: the plugin adds " + PLUGIN_TAGS + " of its own to SageMaker's 50");
        tagMap.keySet().forEach(k -> rules.check(!k.toLowerCase(Locale.ROOT).startsWith(DeploymentTags.PREFIX), "tags", k,
                "keys starting with " + DeploymentTags.PREFIX + " are written by the plugin itself"));

        GatePolicy gate = gate(rules, defaults);
        TrafficShifting traffic = traffic(rules, capacity);

        DeploymentRequest.IfBusy busy = switch (ifBusy.isEmpty() ? "wait" : ifBusy.toLowerCase(Locale.ROOT)) {
            case "wait" -> DeploymentRequest.IfBusy.WAIT;
            case "fail" -> DeploymentRequest.IfBusy.FAIL;
            default -> {
                rules.check(false, "ifBusy", ifBusy, "must be 'wait' (until the endpoint settles) or 'fail'");
                yield DeploymentRequest.IfBusy.WAIT;
            }
        };
        Duration wait = duration(rules, "timeout", timeout, DEFAULT_TIMEOUT);
        rules.check(!wait.isZero() && !wait.isNegative(), "timeout", timeout, "must be positive");

        return new DeploymentRequest(target, endpointName, capacity, role, subnets, securityGroupIds, env, capture,
                tagMap, gate, traffic, plan, busy, wait);
    }

    private PackageSelector target(ParameterRules rules) {
        if (!decision.isEmpty() && !"Approved".equals(decision)) {
            rules.check(false, "decision", decision, "the approval this deployment was given is not Approved");
        }
        if (!modelPackageArn.isEmpty()) {
            boolean versioned = ModelPackageRef.isVersionedArn(modelPackageArn);
            rules.check(versioned, "modelPackageArn", modelPackageArn,
                    "must be a versioned model package ARN: arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>");
            if (versioned) {
                ModelPackageRef ref = ModelPackageRef.fromArn(modelPackageArn, "");
                rules.check(modelPackageGroup.isEmpty() || modelPackageGroup.equalsIgnoreCase(ref.group()), "modelPackageGroup",
                        modelPackageGroup, "does not match the group in modelPackageArn (" + ref.group() + ")");
                rules.check(modelPackageVersion == 0 || modelPackageVersion == ref.version(), "modelPackageVersion",
                        String.valueOf(modelPackageVersion), "does not match the version in modelPackageArn (" + ref.version() + ")");
            }
            return new PackageSelector.Pinned(modelPackageArn);
        }
        rules.check(!modelPackageGroup.isEmpty(), "modelPackageArn", "",
                "is required (or modelPackageGroup alone, to deploy the group's newest Approved version)");
        rules.check(modelPackageVersion == 0, "modelPackageVersion", String.valueOf(modelPackageVersion),
                "pins a version only together with modelPackageArn");
        rules.groupName("modelPackageGroup", modelPackageGroup);
        return new PackageSelector.NewestApproved(modelPackageGroup);
    }

    private Capacity capacity(ParameterRules rules, String variant) {
        boolean serverless = serverlessMemorySizeInMb > 0 || serverlessMaxConcurrency > 0;
        if (serverless) {
            rules.check(instanceType.isEmpty(), "instanceType", instanceType,
                    "cannot be combined with serverlessMemorySizeInMb/serverlessMaxConcurrency: choose instances or serverless");
            rules.check(serverlessMemorySizeInMb >= 1024 && serverlessMemorySizeInMb <= 6144 && serverlessMemorySizeInMb % 1024 == 0,
                    "serverlessMemorySizeInMb", String.valueOf(serverlessMemorySizeInMb), "must be 1024, 2048, 3072, 4096, 5120 or 6144");
            rules.check(serverlessMaxConcurrency >= 1 && serverlessMaxConcurrency <= 200, "serverlessMaxConcurrency",
                    String.valueOf(serverlessMaxConcurrency), "must be 1 to 200");
            return new Capacity.Serverless(variant, serverlessMemorySizeInMb, serverlessMaxConcurrency);
        }
        rules.check(!instanceType.isEmpty(), "instanceType", "",
                "is required (for example ml.m5.large), or give serverlessMemorySizeInMb and serverlessMaxConcurrency");
        rules.check(instanceType.isEmpty()
                        || ProductionVariantInstanceType.fromValue(instanceType) != ProductionVariantInstanceType.UNKNOWN_TO_SDK_VERSION,
                "instanceType", instanceType, "must be a SageMaker real-time instance type such as ml.m5.large");
        rules.check(instanceCount >= 1 && instanceCount <= 1000, "instanceCount", String.valueOf(instanceCount), "must be 1 to 1000");
        return new Capacity.Instances(variant, instanceType, Math.max(1, instanceCount));
    }

    private GatePolicy gate(ParameterRules rules, Defaults defaults) {
        List<String> ratings = new ArrayList<>();
        for (String r : allowedRiskRatings) {
            Optional<String> known = RISK_RATINGS.stream().filter(x -> x.equalsIgnoreCase(r)).findFirst();
            rules.check(known.isPresent(), "allowedRiskRatings", r, "each must be one of " + String.join(", ", RISK_RATINGS));
            known.ifPresent(ratings::add);
        }
        // The administrator's keys first, then the step's own: a step adds to the list, it cannot drop a key from it (that
        // would be a waiver of requiredMetadata, which goes through waive: and the administrator's rule).
        List<String> required = new ArrayList<>(defaults.requiredMetadata());
        requiredMetadata.stream().filter(k -> !required.contains(k)).forEach(required::add);
        required.forEach(k -> rules.check(!k.isEmpty() && k.length() <= 128 && ParameterRules.METADATA_TEXT.matcher(k).matches(),
                "requiredMetadata", k, "each must be a customer-metadata key (1 to 128 of letters, digits, spaces and _ . : / = + - @)"));
        // The two switches are waivers too, under the same rule.
        WaivableChecks permitted = defaults.waivableChecks();
        rules.check(!allowSelfDeploy || permitted.permits(GateCheck.SEPARATION_OF_DUTIES), "allowSelfDeploy", "true",
                "waives " + GateCheck.SEPARATION_OF_DUTIES.id() + ", and " + permitted.refusal(GateCheck.SEPARATION_OF_DUTIES));
        rules.check(requireModelCard || permitted.permits(GateCheck.MODEL_CARD), "requireModelCard", "false",
                "waives " + GateCheck.MODEL_CARD.id() + ", and " + permitted.refusal(GateCheck.MODEL_CARD));
        Map<String, String> waivers = new LinkedHashMap<>();
        for (String entry : waive) {
            int eq = entry.indexOf('=');
            String id = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
            String reason = eq < 0 ? "" : entry.substring(eq + 1).trim();
            Optional<GateCheck> check = GateCheck.byId(id);
            rules.check(check.isPresent(), "waive", id, "names no gate check; checks: "
                    + String.join(", ", java.util.Arrays.stream(GateCheck.values()).filter(GateCheck::isWaivable).map(GateCheck::id).toList()));
            check.ifPresent(c -> rules.check(c.isWaivable(), "waive", id, "can never be waived: it is what the gate is for"));
            check.filter(GateCheck::isWaivable).ifPresent(c -> rules.check(permitted.permits(c), "waive", id, permitted.refusal(c)));
            rules.check(!reason.isEmpty(), "waive", id, "each waiver must give its reason: 'check=reason'");
            check.ifPresent(c -> waivers.put(c.id(), reason));
        }
        return new GatePolicy(requireModelCard, ratings, required, allowSelfDeploy, waivers, defaults.requireHumanApproval());
    }

    private TrafficShifting traffic(ParameterRules rules, Capacity capacity) {
        TrafficShifting.Mode mode = trafficShifting.isEmpty() ? TrafficShifting.Mode.ALL_AT_ONCE
                : TrafficShifting.Mode.fromParameter(trafficShifting).orElse(null);
        if (mode == null) {
            rules.check(false, "trafficShifting", trafficShifting, "must be allAtOnce, canary, linear or rolling");
            mode = TrafficShifting.Mode.ALL_AT_ONCE;
        }
        boolean guarded = mode != TrafficShifting.Mode.ALL_AT_ONCE;
        rules.check(!guarded || capacity instanceof Capacity.Instances, "trafficShifting", mode.parameterValue(),
                "canary, linear and rolling updates shift instance capacity; a serverless variant is updated allAtOnce");
        int instances = capacity instanceof Capacity.Instances i ? i.instanceCount() : 1;

        Optional<TrafficShifting.Size> size = switch (mode) {
            // SageMaker's limits: a canary of at most 50% of the fleet; linear steps of 10-50%; rolling batches of 5-50%.
            case CANARY -> size(rules, "canarySize", canarySize, true, instances, 1, 50);
            case LINEAR -> size(rules, "linearStepSize", linearStepSize, true, instances, 10, 50);
            case ROLLING -> size(rules, "rollingBatchSize", rollingBatchSize, true, instances, 5, 50);
            case ALL_AT_ONCE -> Optional.empty();
        };
        for (String[] unused : new String[][] {{"canarySize", canarySize, "canary"}, {"linearStepSize", linearStepSize, "linear"},
                {"rollingBatchSize", rollingBatchSize, "rolling"}}) {
            rules.check(unused[1].isEmpty() || mode.parameterValue().equals(unused[2]), unused[0], unused[1],
                    "only applies with trafficShifting: '" + unused[2] + "'");
        }
        Optional<TrafficShifting.Size> rollback = Optional.empty();
        if (!rollbackBatchSize.isEmpty()) {
            rules.check(mode == TrafficShifting.Mode.ROLLING, "rollbackBatchSize", rollbackBatchSize,
                    "only applies with trafficShifting: 'rolling'");
            rollback = size(rules, "rollbackBatchSize", rollbackBatchSize, false, instances, 1, 100);
        }
        // SageMaker watches the alarms while the new fleet bakes: alarms without a bake would never be looked at.
        Duration waitDefault = guarded || !alarms.isEmpty() ? Duration.ofMinutes(5) : Duration.ZERO;
        Duration bake = duration(rules, "waitInterval", waitInterval, waitDefault);
        rules.check(alarms.isEmpty() || !bake.isZero(), "waitInterval", waitInterval,
                "must be more than 0s when alarms are given: SageMaker watches them while the new fleet bakes");
        rules.check(bake.toSeconds() <= 3600, "waitInterval", waitInterval, "must be at most 1h (SageMaker's limit)");
        Duration termination = duration(rules, "terminationWait", terminationWait, Duration.ZERO);
        rules.check(termination.toSeconds() <= 3600, "terminationWait", terminationWait, "must be at most 1h (SageMaker's limit)");
        rules.check(mode != TrafficShifting.Mode.ROLLING || terminationWait.isEmpty(), "terminationWait", terminationWait,
                "applies to blue/green updates (allAtOnce, canary, linear), not to rolling ones");
        Optional<Duration> max = maximumExecutionTime.isEmpty() ? Optional.empty()
                : Optional.of(duration(rules, "maximumExecutionTime", maximumExecutionTime, Duration.ZERO));
        max.ifPresent(m -> rules.check(m.toSeconds() >= 600 && m.toSeconds() <= 28800, "maximumExecutionTime",
                maximumExecutionTime, "must be 10m to 8h (SageMaker's limits)"));
        rules.check(alarms.size() <= 10, "alarms", "", "at most 10 alarms (got " + alarms.size() + ")");
        alarms.forEach(a -> rules.check(a.length() <= 255 && ALARM_NAME.matcher(a).matches(), "alarms", a,
                "each must be a CloudWatch alarm name (1 to 255 characters, not blank)"));
        return new TrafficShifting(mode, size, bake, termination, max, rollback, alarms);
    }

    private static Optional<TrafficShifting.Size> size(ParameterRules rules, String parameter, String text, boolean required,
                                                       int instances, int minPercent, int maxPercent) {
        if (text.isEmpty()) {
            rules.check(!required, parameter, "", "is required for this trafficShifting: a number of instances or a percentage such as 10%");
            return Optional.empty();
        }
        Optional<TrafficShifting.Size> size = TrafficShifting.Size.parse(text);
        if (size.isEmpty() || size.get().value() < 1) {
            rules.check(false, parameter, text, "must be a number of instances (1 or more) or a percentage such as 10%");
            return Optional.empty();
        }
        TrafficShifting.Size s = size.get();
        if (s.percent()) {
            rules.check(s.value() >= minPercent && s.value() <= maxPercent, parameter, text,
                    "must be " + minPercent + "% to " + maxPercent + "% of the variant's capacity");
        } else {
            // A canary of one instance is always allowed; linear steps and rolling batches have a floor as a share of the fleet.
            int floor = minPercent > 1 ? minPercent : 0;
            rules.check(s.value() * 100 <= maxPercent * instances && s.value() * 100 >= floor * instances, parameter, text,
                    floor == 0 ? "must be at most " + maxPercent + "% of instanceCount (" + instances + ")"
                            : "must be " + floor + "% to " + maxPercent + "% of instanceCount (" + instances + ")");
        }
        return size;
    }

    private static Duration duration(ParameterRules rules, String parameter, String text, Duration fallback) {
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<Duration> d = Durations.parse(text);
        rules.check(d.isPresent(), parameter, text, "must be " + Durations.FORMS);
        return d.orElse(fallback);
    }
}
