package io.jenkins.plugins.registrygate.events;

import java.time.Instant;

/** EventBridge events as SageMaker and the scheduler send them (field sets from the AWS documentation and captures). */
final class EventSamples {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    private EventSamples() {}

    /** "SageMaker Model Package State Change" for {@code arn}, {@code time} as ISO-8601. */
    static String packageStateChange(String id, Instant time, String arn, String status) {
        String group = arn.substring(arn.indexOf("model-package/") + 14, arn.lastIndexOf('/'));
        String version = arn.substring(arn.lastIndexOf('/') + 1);
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"SageMaker Model Package State Change\","
                + "\"source\":\"aws.sagemaker\",\"account\":\"" + ACCOUNT + "\",\"time\":\"" + time + "\",\"region\":\""
                + REGION + "\",\"resources\":[\"" + arn + "\"],\"detail\":{\"ModelPackageGroupName\":\"" + group
                + "\",\"ModelPackageVersion\":" + version + ",\"ModelPackageArn\":\"" + arn + "\",\"CreationTime\":"
                + time.toEpochMilli() + ",\"ModelPackageStatus\":\"Completed\",\"ModelApprovalStatus\":\"" + status
                + "\",\"LastModifiedTime\":\"" + time + "\"}}";
    }

    /** A heartbeat: the "Scheduled Event" of an EventBridge scheduled rule. */
    static String heartbeat(String id, Instant time) {
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"" + ACCOUNT + "\",\"time\":\"" + time + "\",\"region\":\"" + REGION + "\",\"resources\":"
                + "[\"arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/registry-gate-heartbeat\"],\"detail\":{}}";
    }

    static String arn(String group, int version) {
        return "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":model-package/" + group + "/" + version;
    }
}
