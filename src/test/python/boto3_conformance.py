#!/usr/bin/env python3
"""Cross-checks the emulator with boto3 (a second, independent AWS SDK): SageMaker, and the S3, ECR, IAM, STS,
CloudWatch and KMS calls around a deployment, and the SQS queue of registry events, all on the one endpoint.

Start the emulator first, from the project root:
    mvn -B -q test-compile exec:java -Dexec.mainClass=io.jenkins.plugins.registrygate.emulator.SageMakerEmulatorMain \
        -Dexec.args="--port 8799"
or, after `mvn package`:
    java -jar target/registry-gate-emulator.jar --port 8799
then, in another shell (Debian: apt-get install python3-boto3):
    python3 src/test/python/boto3_conformance.py http://127.0.0.1:8799

Uses placeholder credentials and region us-east-1; talks to nothing but the given endpoint. Exits 0 when every
check passes. Not part of the Maven build (it needs boto3).
"""
import datetime
import hashlib
import json
import os
import sys
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

CHECKS = []


def check(label, condition, detail=""):
    CHECKS.append((label, bool(condition)))
    print(("PASS " if condition else "FAIL ") + label + ("" if condition else f"  -- {detail}"))


def expect_client_error(label, code, call, message_part=None, status=400):
    try:
        call()
    except ClientError as e:
        err = e.response["Error"]
        meta = e.response["ResponseMetadata"]
        ok = (err["Code"] == code and meta["HTTPStatusCode"] == status and meta.get("RequestId")
              and (message_part is None or message_part in err.get("Message", "")))
        check(label, ok, f"{err} {meta.get('HTTPStatusCode')} {meta.get('RequestId')}")
        return e
    check(label, False, "no error raised")
    return None


def client(endpoint, service, **config):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="EMULATORACCESSKEY",
        aws_secret_access_key="emulator-secret-not-a-real-key",
        config=Config(retries={"mode": "standard", "max_attempts": 3}, **config),
    )


def main():
    endpoint = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SAGEMAKER_EMULATOR_ENDPOINT")
    if not endpoint:
        sys.exit("usage: boto3_conformance.py http://127.0.0.1:<port>")
    sagemaker_checks(endpoint)
    s3_checks(endpoint)
    ecr_checks(endpoint)
    iam_and_sts_checks(endpoint)
    cloudwatch_checks(endpoint)
    kms_checks(endpoint)
    hosting_checks(endpoint)
    sqs_checks(endpoint)

    failed = [label for label, ok in CHECKS if not ok]
    print(f"{len(CHECKS) - len(failed)}/{len(CHECKS)} checks passed")
    sys.exit(1 if failed else 0)


def sagemaker_checks(endpoint):
    sm = client(endpoint, "sagemaker")
    group = "boto3-check-" + uuid.uuid4().hex[:8]
    account = "123456789012"

    arn = sm.create_model_package_group(ModelPackageGroupName=group, ModelPackageGroupDescription="from boto3",
                                        Tags=[{"Key": "team", "Value": "ml"}])["ModelPackageGroupArn"]
    check("create group returns the group ARN",
          arn == f"arn:aws:sagemaker:us-east-1:{account}:model-package-group/{group}", arn)

    d = sm.describe_model_package_group(ModelPackageGroupName=group)
    check("describe group: status Completed, CreationTime parsed as datetime",
          d["ModelPackageGroupStatus"] == "Completed" and isinstance(d["CreationTime"], datetime.datetime), d)
    check("describe group: request id in response metadata", bool(d["ResponseMetadata"].get("RequestId")))

    expect_client_error("duplicate group is ValidationException", "ValidationException",
                        lambda: sm.create_model_package_group(ModelPackageGroupName=group),
                        "Model Package Group already exists")
    expect_client_error("pattern violation is ValidationException", "ValidationException",
                        lambda: sm.create_model_package_group(ModelPackageGroupName="bad_name!"),
                        "1 validation error detected: Value 'bad_name!' at 'modelPackageGroupName'")

    spec = {"Containers": [{"Image": f"{account}.dkr.ecr.us-east-1.amazonaws.com/churn:1",
                            "ModelDataUrl": "s3://models/churn/model.tar.gz"}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    token = "boto3-" + uuid.uuid4().hex[:12]
    p1 = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec, ClientToken=token,
                                 CustomerMetadataProperties={"build": "42"})["ModelPackageArn"]
    p1_again = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec, ClientToken=token,
                                       CustomerMetadataProperties={"build": "42"})["ModelPackageArn"]
    check("version 1 ARN", p1 == f"arn:aws:sagemaker:us-east-1:{account}:model-package/{group}/1", p1)
    check("same ClientToken returns the same ARN", p1 == p1_again, p1_again)
    p2 = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec)["ModelPackageArn"]
    check("next version is 2", p2.endswith(f"/{group}/2"), p2)

    d = sm.describe_model_package(ModelPackageName=p1)
    check("describe package: default approval PendingManualApproval",
          d["ModelApprovalStatus"] == "PendingManualApproval", d.get("ModelApprovalStatus"))
    check("describe package: ModelPackageName is group/version", d["ModelPackageName"] == f"{group}/1",
          d["ModelPackageName"])
    check("describe package: status Completed with empty status details",
          d["ModelPackageStatus"] == "Completed"
          and d["ModelPackageStatusDetails"] == {"ValidationStatuses": [], "ImageScanStatuses": []}, d)

    sm.update_model_package(ModelPackageArn=p1, ModelApprovalStatus="Approved", ApprovalDescription="gate passed",
                            CustomerMetadataProperties={"gate": "passed"})
    d = sm.describe_model_package(ModelPackageName=p1)
    check("update: status Approved", d["ModelApprovalStatus"] == "Approved", d["ModelApprovalStatus"])
    check("update: metadata merged", d["CustomerMetadataProperties"] == {"build": "42", "gate": "passed"},
          d.get("CustomerMetadataProperties"))
    check("update: LastModifiedBy from the access key",
          d["LastModifiedBy"]["IamIdentity"]["Arn"] == f"arn:aws:iam::{account}:user/EMULATORACCESSKEY", d)

    listed = sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    check("list: both versions, oldest first", [s["ModelPackageVersion"] for s in listed] == [1, 2], listed)
    latest = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved",
                                    SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
    check("list: latest approved is version 1",
          [s["ModelPackageArn"] for s in latest["ModelPackageSummaryList"]] == [p1] and "NextToken" not in latest,
          latest)
    pages = sm.get_paginator("list_model_packages").paginate(ModelPackageGroupName=group,
                                                              PaginationConfig={"PageSize": 1})
    seen = [s["ModelPackageVersion"] for page in pages for s in page["ModelPackageSummaryList"]]
    check("paginator: one version per page, all versions", seen == [1, 2], seen)

    tags = sm.list_tags(ResourceArn=arn)["Tags"]
    check("tags given at group creation are listed", tags == [{"Key": "team", "Value": "ml"}], tags)
    expect_client_error("tags on a versioned package are refused", "ValidationException",
                        lambda: sm.add_tags(ResourceArn=p1, Tags=[{"Key": "k", "Value": "v"}]))

    source = {"S3DataSource": {"S3Uri": "s3://models/ranking/llm/", "S3DataType": "S3Prefix", "CompressionType": "None"}}
    multi = {"Containers": [{"ContainerHostname": "features", "Image": f"{account}.dkr.ecr.us-east-1.amazonaws.com/features:1",
                             "ModelDataUrl": "s3://models/ranking/features.tar.gz"},
                            {"ContainerHostname": "ranker", "Image": f"{account}.dkr.ecr.us-east-1.amazonaws.com/ranker:1",
                             "ModelDataSource": source}],
             "SupportedContentTypes": ["application/json"], "SupportedResponseMIMETypes": ["application/json"]}
    p3 = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=multi)["ModelPackageArn"]
    containers = sm.describe_model_package(ModelPackageName=p3)["InferenceSpecification"]["Containers"]
    check("describe package: every container, ModelDataSource as registered",
          [c.get("ContainerHostname") for c in containers] == ["features", "ranker"]
          and containers[1]["ModelDataSource"] == source and "ModelDataSource" not in containers[0], containers)

    expect_client_error("group with versions cannot be deleted", "ConflictException",
                        lambda: sm.delete_model_package_group(ModelPackageGroupName=group))
    sm.delete_model_package(ModelPackageName=p1)
    sm.delete_model_package(ModelPackageName=p2)
    sm.delete_model_package(ModelPackageName=p3)
    sm.delete_model_package_group(ModelPackageGroupName=group)
    expect_client_error("deleted group does not exist", "ValidationException",
                        lambda: sm.describe_model_package_group(ModelPackageGroupName=group), "does not exist")


def s3_checks(endpoint):
    s3 = client(endpoint, "s3", s3={"addressing_style": "path"})
    bucket = "boto3-check-" + uuid.uuid4().hex[:8]
    key = "churn/42/model.tar.gz"
    body = b"model weights " * 100
    s3.create_bucket(Bucket=bucket)
    put = s3.put_object(Bucket=bucket, Key=key, Body=body, Metadata={"git-commit": "4f2a"})
    check("s3 put: ETag is the quoted MD5", put["ETag"] == '"' + hashlib.md5(body).hexdigest() + '"', put)
    head = s3.head_object(Bucket=bucket, Key=key)
    check("s3 head: length, metadata, SSE-S3 by default",
          head["ContentLength"] == len(body) and head["Metadata"] == {"git-commit": "4f2a"}
          and head["ServerSideEncryption"] == "AES256", head)
    got = s3.get_object(Bucket=bucket, Key=key, Range="bytes=0-4")
    check("s3 ranged get: 206 with Content-Range",
          got["Body"].read() == body[:5] and got["ContentRange"] == f"bytes 0-4/{len(body)}"
          and got["ResponseMetadata"]["HTTPStatusCode"] == 206, got["ResponseMetadata"])
    expect_client_error("s3 head of a missing key is a bodiless 404", "404",
                        lambda: s3.head_object(Bucket=bucket, Key="nope"), status=404)
    expect_client_error("s3 get of a missing key is NoSuchKey", "NoSuchKey",
                        lambda: s3.get_object(Bucket=bucket, Key="nope"), "does not exist", status=404)
    expect_client_error("s3 missing bucket is NoSuchBucket", "NoSuchBucket",
                        lambda: s3.list_objects_v2(Bucket=bucket + "-none"), status=404)
    s3.put_object(Bucket=bucket, Key="churn/43/model tar+1.gz", Body=b"x")
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="churn/", Delimiter="/")
    check("s3 list with delimiter: common prefixes", [p["Prefix"] for p in listed.get("CommonPrefixes", [])]
          == ["churn/42/", "churn/43/"], listed)
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 1})
            for o in page.get("Contents", [])]
    check("s3 paginator with url encoding: every key, decoded", keys == [key, "churn/43/model tar+1.gz"], keys)
    first = s3.list_objects_v2(Bucket=bucket, Prefix="churn/", MaxKeys=1)
    check("s3 list of a prefix with MaxKeys=1: one key, truncated",
          [o["Key"] for o in first["Contents"]] == [key] and first["KeyCount"] == 1 and first["IsTruncated"]
          and first["MaxKeys"] == 1, first)
    empty = s3.list_objects_v2(Bucket=bucket, Prefix="churn/44/", MaxKeys=1)
    check("s3 list of an empty prefix: no Contents, KeyCount 0",
          "Contents" not in empty and empty["KeyCount"] == 0 and not empty["IsTruncated"], empty)

    kms = client(endpoint, "kms")
    key_arn = kms.create_key(Description="boto3 check")["KeyMetadata"]["Arn"]
    put = s3.put_object(Bucket=bucket, Key="enc", Body=b"secret", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
    got = s3.get_object(Bucket=bucket, Key="enc")
    check("s3 SSE-KMS: the key ARN comes back on put and get",
          put["SSEKMSKeyId"] == key_arn and got["SSEKMSKeyId"] == key_arn and got["Body"].read() == b"secret", got)
    s3.delete_object(Bucket=bucket, Key="enc")
    expect_client_error("s3 deleted object is gone", "NoSuchKey", lambda: s3.get_object(Bucket=bucket, Key="enc"),
                        status=404)


def ecr_checks(endpoint):
    ecr = client(endpoint, "ecr")
    repo = "boto3-check/" + uuid.uuid4().hex[:8]
    created = ecr.create_repository(repositoryName=repo)["repository"]
    check("ecr repository URI", created["repositoryUri"] == f"123456789012.dkr.ecr.us-east-1.amazonaws.com/{repo}",
          created)
    manifest = ('{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",'
                '"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7,"digest":"sha256:c"},'
                '"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":42,"digest":"sha256:l"}]}')
    digest = ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="1.4.2")["image"]["imageId"]["imageDigest"]
    check("ecr digest is the sha256 of the manifest", digest == "sha256:" + hashlib.sha256(manifest.encode()).hexdigest(),
          digest)
    detail = ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "1.4.2"}])["imageDetails"][0]
    check("ecr describe by tag: digest, size, push time as datetime",
          detail["imageDigest"] == digest and detail["imageSizeInBytes"] == 42
          and isinstance(detail["imagePushedAt"], datetime.datetime), detail)
    got = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageDigest": digest}, {"imageTag": "missing"}])
    check("ecr batch get: the manifest, and the missing tag as a failure",
          got["images"][0]["imageManifest"] == manifest and got["failures"][0]["failureCode"] == "ImageNotFound", got)
    expect_client_error("ecr unknown image is ImageNotFoundException", "ImageNotFoundException",
                        lambda: ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "missing"}]))
    expect_client_error("ecr unknown repository is RepositoryNotFoundException", "RepositoryNotFoundException",
                        lambda: ecr.describe_images(repositoryName=repo + "-none"))


def iam_and_sts_checks(endpoint):
    iam = client(endpoint, "iam")
    sts = client(endpoint, "sts")
    name = "boto3-check-" + uuid.uuid4().hex[:8]
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                                                     "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    check("iam role id and ARN", role["RoleId"].startswith("AROA") and role["Arn"] == f"arn:aws:iam::123456789012:role/{name}",
          role)
    got = iam.get_role(RoleName=name)["Role"]
    check("iam get role: botocore decodes the URL-encoded trust policy", got["AssumeRolePolicyDocument"] == trust, got)
    expect_client_error("iam unknown role is NoSuchEntity", "NoSuchEntity", lambda: iam.get_role(RoleName=name + "x"),
                        "cannot be found", status=404)
    me = sts.get_caller_identity()
    check("sts caller identity", me["Arn"] == "arn:aws:iam::123456789012:user/EMULATORACCESSKEY"
          and me["Account"] == "123456789012", me)
    assumed = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="boto3", DurationSeconds=900)
    check("sts assume role: session ARN and temporary keys",
          assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::123456789012:assumed-role/{name}/boto3"
          and assumed["Credentials"]["AccessKeyId"].startswith("ASIA"), assumed["AssumedRoleUser"])
    as_role = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id=assumed["Credentials"]["AccessKeyId"],
                           aws_secret_access_key=assumed["Credentials"]["SecretAccessKey"],
                           aws_session_token=assumed["Credentials"]["SessionToken"])
    check("sts: the session's keys sign as the session", as_role.get_caller_identity()["Arn"]
          == assumed["AssumedRoleUser"]["Arn"])
    expect_client_error("sts assume of a missing role is AccessDenied", "AccessDenied",
                        lambda: sts.assume_role(RoleArn=role["Arn"] + "x", RoleSessionName="boto3"),
                        "is not authorized to perform: sts:AssumeRole", status=403)
    iam.delete_role(RoleName=name)


def cloudwatch_checks(endpoint):
    cw = client(endpoint, "cloudwatch")
    name = "boto3-check-" + uuid.uuid4().hex[:8]
    cw.put_metric_alarm(AlarmName=name, Namespace="AWS/SageMaker", MetricName="ModelLatency", Statistic="Average",
                        Dimensions=[{"Name": "EndpointName", "Value": "churn"}], Period=60, EvaluationPeriods=3,
                        Threshold=250000.0, ComparisonOperator="GreaterThanThreshold")
    alarm = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    check("cloudwatch new alarm: INSUFFICIENT_DATA, threshold, dimensions",
          alarm["StateValue"] == "INSUFFICIENT_DATA" and alarm["Threshold"] == 250000.0
          and alarm["Dimensions"] == [{"Name": "EndpointName", "Value": "churn"}], alarm)
    cw.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="fired by boto3")
    alarm = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    check("cloudwatch set alarm state: ALARM", alarm["StateValue"] == "ALARM"
          and isinstance(alarm["StateUpdatedTimestamp"], datetime.datetime), alarm)
    expect_client_error("cloudwatch unknown alarm is ResourceNotFound", "ResourceNotFound",
                        lambda: cw.set_alarm_state(AlarmName=name + "x", StateValue="OK", StateReason="r"), status=404)
    composite = name + "-any"
    cw.put_composite_alarm(AlarmName=composite, AlarmRule=f'ALARM("{name}") OR FALSE')
    by_default = cw.describe_alarms(AlarmNames=[composite])
    both = cw.describe_alarms(AlarmNames=[composite, name], AlarmTypes=["CompositeAlarm", "MetricAlarm"])
    check("cloudwatch composite alarm: listed only when AlarmTypes asks, evaluated from its rule",
          by_default["MetricAlarms"] == [] and by_default.get("CompositeAlarms", []) == []
          and [a["AlarmName"] for a in both["CompositeAlarms"]] == [composite]
          and both["CompositeAlarms"][0]["StateValue"] == "ALARM"
          and [a["AlarmName"] for a in both["MetricAlarms"]] == [name], both)
    expect_client_error("cloudwatch composite alarm naming a missing alarm is refused", "ValidationError",
                        lambda: cw.put_composite_alarm(AlarmName=composite + "2", AlarmRule="ALARM(no-such-alarm)"),
                        "do not exist")
    cw.delete_alarms(AlarmNames=[composite])
    cw.delete_alarms(AlarmNames=[name])
    check("cloudwatch deleted alarm is not described", cw.describe_alarms(AlarmNames=[name])["MetricAlarms"] == [])


def kms_checks(endpoint):
    kms = client(endpoint, "kms")
    key = kms.create_key(Description="boto3 check")["KeyMetadata"]
    check("kms new key: Enabled, customer managed", key["KeyState"] == "Enabled" and key["KeyManager"] == "CUSTOMER", key)
    kms.disable_key(KeyId=key["KeyId"])
    check("kms disable key", kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["KeyState"] == "Disabled")
    expect_client_error("kms unknown key is NotFoundException", "NotFoundException",
                        lambda: kms.describe_key(KeyId="alias/boto3-none"), "is not found")


def hosting_checks(endpoint):
    """SageMaker hosting and model cards as boto3 sees them: a package deployed, updated behind a canary, rolled back."""
    sm = client(endpoint, "sagemaker")
    s3 = client(endpoint, "s3")
    ecr = client(endpoint, "ecr")
    iam = client(endpoint, "iam")
    cw = client(endpoint, "cloudwatch")
    tag = uuid.uuid4().hex[:8]
    bucket, repo, group, endpoint_name = "boto3-h-" + tag, "boto3-h-" + tag, "boto3-h-" + tag, "boto3-h-" + tag
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="model.tar.gz", Body=b"model")
    digest = ecr.put_image(repositoryName=ecr.create_repository(repositoryName=repo)["repository"]["repositoryName"],
                           imageTag="1", imageManifest='{"schemaVersion":2}')["image"]["imageId"]["imageDigest"]
    image = f"123456789012.dkr.ecr.us-east-1.amazonaws.com/{repo}@{digest}"
    role = iam.create_role(RoleName="boto3-h-" + tag, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    cw.put_metric_alarm(AlarmName=endpoint_name + "-5xx", Namespace="AWS/SageMaker", MetricName="Invocation5XXErrors",
                        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold")
    sm.create_model_package_group(ModelPackageGroupName=group)
    packages = []
    for _ in range(2):
        packages.append(sm.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus="Approved",
                        InferenceSpecification={"Containers": [{"Image": image, "ModelDataUrl": f"s3://{bucket}/model.tar.gz"}],
                                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})["ModelPackageArn"])
    for i, arn in enumerate(packages):
        sm.create_model(ModelName=f"{group}-m{i}", ExecutionRoleArn=role, Containers=[{"ModelPackageName": arn}])
        sm.create_endpoint_config(EndpointConfigName=f"{group}-c{i}", ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": f"{group}-m{i}", "InstanceType": "ml.m5.large", "InitialInstanceCount": 2}])
    model = sm.describe_model(ModelName=f"{group}-m0")
    check("hosting model names its package; ARN lower-cased", model["Containers"][0]["ModelPackageName"] == packages[0]
          and model["ModelArn"].endswith(":model/" + f"{group}-m0".lower()), model)
    sm.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=f"{group}-c0")
    waiter = sm.get_waiter("endpoint_in_service")
    waiter.wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    check("hosting boto3's own waiter sees InService", sm.describe_endpoint(EndpointName=endpoint_name)["EndpointStatus"] == "InService")
    expect_client_error("hosting duplicate endpoint is a ValidationException", "ValidationException",
                        lambda: sm.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=f"{group}-c0"),
                        "Cannot create already existing endpoint")
    sm.update_endpoint(EndpointName=endpoint_name, EndpointConfigName=f"{group}-c1", DeploymentConfig={
        "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600,
                                                                  "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}}},
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": endpoint_name + "-5xx"}]}})
    updating = sm.describe_endpoint(EndpointName=endpoint_name)
    check("hosting an update keeps the old configuration in force and names the new one pending",
          updating["EndpointStatus"] == "Updating" and updating["EndpointConfigName"] == f"{group}-c0"
          and updating["PendingDeploymentSummary"]["EndpointConfigName"] == f"{group}-c1", updating)
    expect_client_error("hosting no update while updating", "ValidationException",
                        lambda: sm.update_endpoint(EndpointName=endpoint_name, EndpointConfigName=f"{group}-c0"),
                        "Cannot update in-progress endpoint")
    cw.set_alarm_state(AlarmName=endpoint_name + "-5xx", StateValue="ALARM", StateReason="fired by boto3")
    waiter.wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    rolled = sm.describe_endpoint(EndpointName=endpoint_name)
    check("hosting an alarm during the bake rolls the update back to the old configuration",
          rolled["EndpointConfigName"] == f"{group}-c0" and "ALARM" in rolled.get("FailureReason", ""), rolled)
    card = sm.create_model_card(ModelCardName="boto3-h-" + tag, ModelCardStatus="Draft", Content='{"intended_uses":{"risk_rating":"Low"}}')
    sm.update_model_card(ModelCardName="boto3-h-" + tag, ModelCardStatus="Approved")
    described = sm.describe_model_card(ModelCardName=card["ModelCardArn"])
    check("model card status updated in place", described["ModelCardStatus"] == "Approved" and described["ModelCardVersion"] == 1, described)
    expect_client_error("unknown model card is ResourceNotFound", "ResourceNotFound",
                        lambda: sm.describe_model_card(ModelCardName="boto3-none-" + tag))


def sqs_checks(endpoint):
    sqs = client(endpoint, "sqs")
    name = "boto3-check-" + uuid.uuid4().hex[:8]
    dlq = sqs.create_queue(QueueName=name + "-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    check("sqs queue arn", dlq_arn == "arn:aws:sqs:us-east-1:123456789012:" + name + "-dlq", dlq_arn)
    url = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": "0",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})})["QueueUrl"]
    check("sqs queue url", url.endswith("/123456789012/" + name), url)
    sent = sqs.send_message(QueueUrl=url, MessageBody="registry event")
    check("sqs send digest", sent["MD5OfMessageBody"] == hashlib.md5(b"registry event").hexdigest(), sent)
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                              MessageSystemAttributeNames=["All"]).get("Messages", [])
    check("sqs receive", len(got) == 1 and got[0]["Body"] == "registry event"
          and got[0]["Attributes"]["ApproximateReceiveCount"] == "1", got)
    again = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", [])
    check("sqs over maxReceiveCount: not returned", again == [], again)
    moved = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=1).get("Messages", [])
    check("sqs redriven to the dead-letter queue", len(moved) == 1 and moved[0]["MessageId"] == sent["MessageId"], moved)
    sqs.delete_message(QueueUrl=dlq, ReceiptHandle=moved[0]["ReceiptHandle"])
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    check("sqs deleted", attributes["ApproximateNumberOfMessages"] == "0"
          and attributes["ApproximateNumberOfMessagesNotVisible"] == "0", attributes)
    expect_client_error("sqs unknown queue carries the query-compatible code", "AWS.SimpleQueueService.NonExistentQueue",
                        lambda: sqs.get_queue_url(QueueName="boto3-none"))


if __name__ == "__main__":
    main()
