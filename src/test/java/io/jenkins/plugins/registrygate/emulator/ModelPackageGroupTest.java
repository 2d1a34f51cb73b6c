package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageGroupResponse;
import software.amazon.awssdk.services.sagemaker.model.ListModelPackageGroupsResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

class ModelPackageGroupTest extends EmulatorTestSupport {

    @Test
    void createReturnsGroupArnKeepingTheNameCase() {
        assertEquals(groupArn("Churn-Model"), createGroup("Churn-Model"));
    }

    @Test
    void describeReturnsWhatCreateStored() {
        sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn").modelPackageGroupDescription("Churn models"));

        DescribeModelPackageGroupResponse d = sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn"));

        assertEquals("churn", d.modelPackageGroupName());
        assertEquals(groupArn("churn"), d.modelPackageGroupArn());
        assertEquals("Churn models", d.modelPackageGroupDescription());
        assertEquals(T0, d.creationTime());
        assertEquals(ModelPackageGroupStatus.COMPLETED, d.modelPackageGroupStatus());
        assertEquals(emu.identities().resolve(EmulatorClients.ACCESS_KEY_ID).arn(), d.createdBy().iamIdentity().arn());
    }

    @Test
    void describeAcceptsTheGroupArnAndAnyCaseOfTheName() {
        createGroup("Churn");

        assertEquals("Churn", sm.describeModelPackageGroup(b -> b.modelPackageGroupName(groupArn("Churn"))).modelPackageGroupName());
        assertEquals("Churn", sm.describeModelPackageGroup(b -> b.modelPackageGroupName("cHURN")).modelPackageGroupName());
    }

    @Test
    void describeOfUnknownGroupIsValidationExceptionDoesNotExist() {
        SageMakerException e = expectError("ValidationException",
                () -> sm.describeModelPackageGroup(b -> b.modelPackageGroupName("nope")));
        assertEquals("ModelPackageGroup " + groupArn("nope") + " does not exist.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void duplicateCreateIsValidationExceptionAlreadyExists() {
        createGroup("churn");

        SageMakerException e = expectError("ValidationException", () -> createGroup("churn"));
        assertTrue(e.awsErrorDetails().errorMessage().contains("Model Package Group already exists"), e::getMessage);
    }

    @Test
    void duplicateCheckIgnoresCase() {
        createGroup("churn");

        expectError("ValidationException", () -> createGroup("CHURN"));
    }

    @Test
    void twoConcurrentCreatesOfOneGroupGiveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            return createGroup(name);
                        } catch (SageMakerException e) {
                            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
                        }
                    }));
                }
                go.countDown();
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : results) {
                    outcomes.add(f.get());
                }
                assertEquals(1, outcomes.stream().filter(groupArn(name)::equals).count(), outcomes::toString);
                assertEquals(1, outcomes.stream().filter(o -> o.startsWith("ValidationException: Model Package Group already exists")).count(),
                        outcomes::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, emu.backend().modelPackageGroupNames().size());
    }

    @Test
    void listSortsByCreationTimeAscendingByDefault() {
        createGroup("b");
        tick();
        createGroup("c");
        tick();
        createGroup("a");

        assertEquals(List.of("b", "c", "a"), names(sm.listModelPackageGroups(b -> { })));
    }

    @Test
    void listSortsByNameDescending() {
        createGroup("b");
        createGroup("c");
        createGroup("a");

        assertEquals(List.of("c", "b", "a"),
                names(sm.listModelPackageGroups(b -> b.sortBy("Name").sortOrder(SortOrder.DESCENDING))));
    }

    @Test
    void listFiltersByNameContainsIgnoringCase() {
        createGroup("churn-xgb");
        createGroup("fraud");
        createGroup("Churn-lgbm");

        assertEquals(List.of("churn-xgb", "Churn-lgbm"), names(sm.listModelPackageGroups(b -> b.nameContains("CHURN"))));
    }

    @Test
    void listFiltersByCreationTimeWindowExclusive() {
        createGroup("g0");
        tick();
        createGroup("g1");
        tick();
        createGroup("g2");

        assertEquals(List.of("g1"), names(sm.listModelPackageGroups(b -> b
                .creationTimeAfter(T0).creationTimeBefore(T0.plusSeconds(2)))));
    }

    @Test
    void listPagesWithNextTokenOnlyWhileMoreRemain() {
        IntStream.range(0, 5).forEach(i -> createGroup("g" + i));

        ListModelPackageGroupsResponse p1 = sm.listModelPackageGroups(b -> b.maxResults(2));
        ListModelPackageGroupsResponse p2 = sm.listModelPackageGroups(b -> b.maxResults(2).nextToken(p1.nextToken()));
        ListModelPackageGroupsResponse p3 = sm.listModelPackageGroups(b -> b.maxResults(2).nextToken(p2.nextToken()));

        assertEquals(List.of("g0", "g1"), names(p1));
        assertEquals(List.of("g2", "g3"), names(p2));
        assertEquals(List.of("g4"), names(p3));
        assertNull(p3.nextToken());
    }

    @Test
    void listDefaultPageSizeIsTen() {
        IntStream.range(0, 12).forEach(i -> createGroup("g" + i));

        ListModelPackageGroupsResponse first = sm.listModelPackageGroups(b -> { });

        assertEquals(10, first.modelPackageGroupSummaryList().size());
        assertTrue(first.nextToken() != null);
    }

    @Test
    void paginatorVisitsEveryGroupOnce() {
        IntStream.range(0, 7).forEach(i -> createGroup("g" + i));

        List<String> all = sm.listModelPackageGroupsPaginator(b -> b.maxResults(3)).modelPackageGroupSummaryList()
                .stream().map(ModelPackageGroupSummary::modelPackageGroupName).toList();

        assertEquals(List.of("g0", "g1", "g2", "g3", "g4", "g5", "g6"), all);
        assertEquals(3, emu.callCount("ListModelPackageGroups"));
    }

    @Test
    void crossAccountFilterListsNothing() {
        createGroup("mine");

        assertEquals(List.of(), names(sm.listModelPackageGroups(b -> b.crossAccountFilterOption("CrossAccount"))));
    }

    @Test
    void deleteRemovesAnEmptyGroup() {
        createGroup("churn");

        sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("churn"));

        assertEquals(List.of(), emu.backend().modelPackageGroupNames());
        expectError("ValidationException", () -> sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn")));
    }

    @Test
    void deleteOfAGroupWithVersionsIsConflict() {
        createGroup("churn");
        createVersion("churn");

        ConflictException e = org.junit.jupiter.api.Assertions.assertThrows(ConflictException.class,
                () -> sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("churn")));
        assertEquals("ConflictException", e.awsErrorDetails().errorCode());
        assertEquals(List.of("churn"), emu.backend().modelPackageGroupNames());
    }

    @Test
    void deleteOfUnknownGroupIsValidationException() {
        expectError("ValidationException", () -> sm.deleteModelPackageGroup(b -> b.modelPackageGroupName("nope")));
    }

    private static List<String> names(ListModelPackageGroupsResponse r) {
        return r.modelPackageGroupSummaryList().stream().map(ModelPackageGroupSummary::modelPackageGroupName).toList();
    }
}
