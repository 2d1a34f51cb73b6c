package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ListModelPackagesResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

class ListModelPackagesTest extends EmulatorTestSupport {

    /** churn 1..5 (2 and 4 approved, 5 rejected) one second apart, fraud 1, and an unversioned package. */
    @BeforeEach
    void registry() {
        createGroup("churn");
        createGroup("fraud");
        for (int i = 1; i <= 5; i++) {
            ModelApprovalStatus s = i == 2 || i == 4 ? ModelApprovalStatus.APPROVED
                    : i == 5 ? ModelApprovalStatus.REJECTED : ModelApprovalStatus.PENDING_MANUAL_APPROVAL;
            createVersion("churn", b -> b.modelApprovalStatus(s));
            tick();
        }
        createVersion("fraud");
        tick();
        sm.createModelPackage(versionOf(null).modelPackageName("legacy-churn").build());
    }

    @Test
    void groupFilterListsThatGroupsVersionsOldestFirst() {
        assertEquals(List.of(1, 2, 3, 4, 5), versions(sm.listModelPackages(b -> b.modelPackageGroupName("churn"))));
    }

    @Test
    void groupFilterAcceptsTheGroupArn() {
        assertEquals(List.of(1), versions(sm.listModelPackages(b -> b.modelPackageGroupName(groupArn("fraud")))));
    }

    @Test
    void approvalFilterKeepsOnlyThatStatus() {
        assertEquals(List.of(2, 4), versions(sm.listModelPackages(b -> b.modelPackageGroupName("churn")
                .modelApprovalStatus(ModelApprovalStatus.APPROVED))));
    }

    @Test
    void latestApprovedIsOneDescendingCall() {
        ListModelPackagesResponse r = sm.listModelPackages(b -> b.modelPackageGroupName("churn")
                .modelApprovalStatus(ModelApprovalStatus.APPROVED).sortBy("CreationTime")
                .sortOrder(SortOrder.DESCENDING).maxResults(1));

        assertEquals(packageArn("churn", 4), r.modelPackageSummaryList().get(0).modelPackageArn());
        assertNotNull(r.nextToken());
    }

    @Test
    void summariesOfVersionsCarryGroupVersionAndStatus() {
        ModelPackageSummary s = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(1))
                .modelPackageSummaryList().get(0);

        assertEquals("churn", s.modelPackageGroupName());
        assertEquals(1, s.modelPackageVersion());
        assertEquals(packageArn("churn", 1), s.modelPackageArn());
        assertEquals(T0, s.creationTime());
        assertEquals("Completed", s.modelPackageStatusAsString());
        assertEquals(ModelApprovalStatus.PENDING_MANUAL_APPROVAL, s.modelApprovalStatus());
    }

    @Test
    void withoutGroupTheDefaultTypeIsUnversioned() {
        List<String> arns = arns(sm.listModelPackages(b -> { }));

        assertEquals(List.of("arn:aws:sagemaker:us-east-1:123456789012:model-package/legacy-churn"), arns);
    }

    @Test
    void typeBothListsVersionedAndUnversioned() {
        assertEquals(7, sm.listModelPackages(b -> b.modelPackageType(ModelPackageType.BOTH).maxResults(100))
                .modelPackageSummaryList().size());
    }

    @Test
    void nameContainsMatchesGroupOrPackageName() {
        assertEquals(6, sm.listModelPackages(b -> b.modelPackageType(ModelPackageType.BOTH).nameContains("CHURN"))
                .modelPackageSummaryList().size());
    }

    @Test
    void creationTimeFiltersAreExclusive() {
        assertEquals(List.of(2, 3), versions(sm.listModelPackages(b -> b.modelPackageGroupName("churn")
                .creationTimeAfter(T0).creationTimeBefore(T0.plusSeconds(3)))));
    }

    @Test
    void sortByNameDescendingOrdersGroupsThenVersions() {
        List<String> arns = arns(sm.listModelPackages(b -> b.modelPackageType(ModelPackageType.VERSIONED)
                .sortBy("Name").sortOrder(SortOrder.DESCENDING).maxResults(3)));

        assertEquals(List.of(packageArn("fraud", 1), packageArn("churn", 5), packageArn("churn", 4)), arns);
    }

    @Test
    void nextTokenIsAbsentOnTheLastPage() {
        ListModelPackagesResponse p1 = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(3));
        ListModelPackagesResponse p2 = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(3)
                .nextToken(p1.nextToken()));

        assertEquals(List.of(1, 2, 3), versions(p1));
        assertEquals(List.of(4, 5), versions(p2));
        assertNull(p2.nextToken());
    }

    @Test
    void paginatorCollectsEveryVersionAcrossPages() {
        List<Integer> all = sm.listModelPackagesPaginator(b -> b.modelPackageGroupName("churn").maxResults(2))
                .modelPackageSummaryList().stream().map(ModelPackageSummary::modelPackageVersion).toList();

        assertEquals(List.of(1, 2, 3, 4, 5), all);
        assertEquals(3, emu.callCount("ListModelPackages"));
    }

    @Test
    void deletingAListedVersionBetweenPagesSkipsNothingElse() {
        ListModelPackagesResponse p1 = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(2));
        sm.deleteModelPackage(b -> b.modelPackageName(packageArn("churn", 2)));

        ListModelPackagesResponse p2 = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(2)
                .nextToken(p1.nextToken()));

        assertEquals(List.of(3, 4), versions(p2));
    }

    @Test
    void tokenReusedWithOtherFiltersIsValidationException() {
        String token = sm.listModelPackages(b -> b.modelPackageGroupName("churn").maxResults(2)).nextToken();

        expectError("ValidationException", () -> sm.listModelPackages(b -> b.modelPackageGroupName("fraud").nextToken(token)));
    }

    @Test
    void unknownGroupListsNothing() {
        assertEquals(List.of(), versions(sm.listModelPackages(b -> b.modelPackageGroupName("ghost"))));
    }

    private static List<Integer> versions(ListModelPackagesResponse r) {
        return r.modelPackageSummaryList().stream().map(ModelPackageSummary::modelPackageVersion).toList();
    }

    private static List<String> arns(ListModelPackagesResponse r) {
        return r.modelPackageSummaryList().stream().map(ModelPackageSummary::modelPackageArn).toList();
    }
}
