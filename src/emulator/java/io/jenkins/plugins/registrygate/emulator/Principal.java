package io.jenkins.plugins.registrygate.emulator;

import java.util.Objects;

/**
 * Who a request acts as, as AWS reports it: an IAM user ({@code arn:aws:iam::<account>:user/<name>}, principal id
 * {@code AIDA…}) or an assumed-role session ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>}, principal id
 * {@code AROA…:<session>}). STS {@code GetCallerIdentity} answers these three values, and SageMaker's
 * {@code CreatedBy}/{@code LastModifiedBy} carry them as {@code IamIdentity{Arn, PrincipalId}}.
 *
 * @param arn         the principal's ARN as AWS prints it
 * @param principalId the unique id ({@code UserId} in GetCallerIdentity)
 * @param account     the 12-digit account
 * @param roleArn     for an assumed-role session, the IAM role's ARN; "" for a user
 */
public record Principal(String arn, String principalId, String account, String roleArn) {

    public Principal {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(roleArn, "roleArn");
    }

    public boolean isAssumedRole() {
        return !roleArn.isEmpty();
    }

    /** The user name or the role session name: the last segment of the ARN. */
    public String name() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
