package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentitiesTest {

    private final Identities ids = new Identities("123456789012");
    private final Principal bob = ids.user("bob").principal();
    private final Principal alice = ids.user("alice").principal();

    @Test
    void anActionDeniedOnEveryResourceIsDeniedOnEachOne() {
        ids.deny(bob, "s3:GetObject");

        assertTrue(ids.isDenied(bob, "s3:GetObject"));
        assertTrue(ids.isDenied(bob, "s3:GetObject", "arn:aws:s3:::models/m"));
        assertFalse(ids.isDenied(alice, "s3:GetObject", "arn:aws:s3:::models/m"));
        assertFalse(ids.isDenied(bob, "s3:PutObject", "arn:aws:s3:::models/m"));
    }

    @Test
    void anActionDeniedOnSomeResourcesIsDeniedOnlyThere() {
        ids.deny(bob, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k1");
        ids.deny(bob, "s3:GetObject", "arn:aws:s3:::models/fraud/*");

        assertTrue(ids.isDenied(bob, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k1"));
        assertFalse(ids.isDenied(bob, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k2"));
        assertFalse(ids.isDenied(bob, "kms:Decrypt"), "not on every resource");
        assertTrue(ids.isDenied(bob, "s3:GetObject", "arn:aws:s3:::models/fraud/1/model.tar.gz"));
        assertFalse(ids.isDenied(bob, "s3:GetObject", "arn:aws:s3:::models/churn/1/model.tar.gz"));
    }

    @Test
    void actionsMatchWildcardsAndIgnoreCaseButResourcesKeepCase() {
        ids.deny(bob, "cloudwatch:Describe*");
        ids.deny(alice, "s3:*", "arn:aws:s3:::Models/*");

        assertTrue(ids.isDenied(bob, "cloudwatch:DescribeAlarms"));
        assertTrue(ids.isDenied(bob, "CloudWatch:describealarms"));
        assertFalse(ids.isDenied(bob, "cloudwatch:SetAlarmState"));
        assertTrue(ids.isDenied(alice, "s3:GetObject", "arn:aws:s3:::Models/m"));
        assertFalse(ids.isDenied(alice, "s3:GetObject", "arn:aws:s3:::models/m"));
    }

    @Test
    void allowLiftsBothKindsOfRefusal() {
        ids.deny(bob, "kms:Decrypt");
        ids.deny(bob, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k1");

        ids.allow(bob, "kms:Decrypt");

        assertFalse(ids.isDenied(bob, "kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k1"));
    }

    @Test
    void aStarRefusesEveryAction() {
        ids.deny(bob, "*");

        assertTrue(ids.isDenied(bob, "sagemaker:DescribeModelPackage"));
        assertTrue(ids.isDenied(bob, "iam:GetRole", "arn:aws:iam::123456789012:role/r"));
    }

    @Test
    void aGrantScopedToSomeResourcesRefusesTheActionOnAnyOtherIncludingStar() {
        ids.allowOnlyOn(bob, "cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-*");

        assertFalse(ids.isDenied(bob, "cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-5xx"));
        assertTrue(ids.isDenied(bob, "cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-5xx"));
        assertTrue(ids.isDenied(bob, "cloudwatch:DescribeAlarms", "*"));
        assertFalse(ids.isDenied(bob, "cloudwatch:SetAlarmState", "*"), "other actions are not scoped");
        ids.allow(bob, "cloudwatch:DescribeAlarms");
        assertFalse(ids.isDenied(bob, "cloudwatch:DescribeAlarms", "*"));
    }
}
