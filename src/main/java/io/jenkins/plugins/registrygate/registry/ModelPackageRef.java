package io.jenkins.plugins.registrygate.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned model package: its ARN, group, version and approval status when last seen. */
public record ModelPackageRef(String arn, String group, int version, String approvalStatus) {

    // arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>
    private static final Pattern VERSIONED_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})/([0-9]{1,10})");

    public ModelPackageRef {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(approvalStatus, "approvalStatus");
    }

    /** True when {@code arn} has the shape of a versioned model package ARN. */
    public static boolean isVersionedArn(String arn) {
        return arn != null && VERSIONED_ARN.matcher(arn).matches();
    }

    /** Reads group and version out of a versioned package ARN; the status is not in the ARN and is given. */
    public static ModelPackageRef fromArn(String arn, String approvalStatus) {
        Matcher m = VERSIONED_ARN.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a versioned model package ARN "
                    + "(arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>): " + arn);
        }
        return new ModelPackageRef(arn, m.group(1), Integer.parseInt(m.group(2)), approvalStatus);
    }

    public ModelPackageRef withStatus(String status) {
        return new ModelPackageRef(arn, group, version, status);
    }

    /** The map a Pipeline step returns: plain strings and numbers, safe in the CPS program and the sandbox. */
    public Map<String, Object> toPipelineMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelPackageArn", arn);
        m.put("modelPackageGroup", group);
        m.put("modelPackageVersion", version);
        m.put("approvalStatus", approvalStatus);
        return m;
    }
}
