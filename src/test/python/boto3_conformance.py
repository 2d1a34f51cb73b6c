#!/usr/bin/env python3
"""Cross-checks the SageMaker emulator with boto3 (a second, independent AWS SDK).

Start the emulator first, from the project root:
    mvn -B -q test-compile exec:java -Dexec.mainClass=io.jenkins.plugins.registrygate.emulator.SageMakerEmulatorMain \
        -Dexec.args="--port 8799"
then, in another shell (Debian: apt-get install python3-boto3):
    python3 src/test/python/boto3_conformance.py http://127.0.0.1:8799

Uses placeholder credentials and region us-east-1; talks to nothing but the given endpoint. Exits 0 when every
check passes. Not part of the Maven build (it needs boto3).
"""
import datetime
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


def expect_client_error(label, code, call, message_part=None):
    try:
        call()
    except ClientError as e:
        err = e.response["Error"]
        meta = e.response["ResponseMetadata"]
        ok = (err["Code"] == code and meta["HTTPStatusCode"] == 400 and meta.get("RequestId")
              and (message_part is None or message_part in err["Message"]))
        check(label, ok, f"{err} {meta.get('HTTPStatusCode')} {meta.get('RequestId')}")
        return e
    check(label, False, "no error raised")
    return None


def main():
    endpoint = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SAGEMAKER_EMULATOR_ENDPOINT")
    if not endpoint:
        sys.exit("usage: boto3_conformance.py http://127.0.0.1:<port>")
    sm = boto3.client(
        "sagemaker",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="EMULATORACCESSKEY",
        aws_secret_access_key="emulator-secret-not-a-real-key",
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )
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

    expect_client_error("group with versions cannot be deleted", "ConflictException",
                        lambda: sm.delete_model_package_group(ModelPackageGroupName=group))
    sm.delete_model_package(ModelPackageName=p1)
    sm.delete_model_package(ModelPackageName=p2)
    sm.delete_model_package_group(ModelPackageGroupName=group)
    expect_client_error("deleted group does not exist", "ValidationException",
                        lambda: sm.describe_model_package_group(ModelPackageGroupName=group), "does not exist")

    failed = [label for label, ok in CHECKS if not ok]
    print(f"{len(CHECKS) - len(failed)}/{len(CHECKS)} checks passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
