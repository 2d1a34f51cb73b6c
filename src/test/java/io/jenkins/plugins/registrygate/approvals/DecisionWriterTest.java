package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Read, write, read back and compare: what the writer concludes from each answer the registry can give. */
class DecisionWriterTest {

    final RegistryFixture fx = new RegistryFixture();
    final DecisionWriter writer = new DecisionWriter();

    @AfterEach
    void close() {
        fx.close();
    }

    ModelPackageRef registered() {
        RegistrationRequest r = RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).metrics(Map.of("auc", "0.9")).build();
        return new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "churn#41", "dave")).ref();
    }

    static DecisionWriter.Intent decision(String status, String at) {
        Map<String, String> keys = Map.of(MetadataKeys.APPROVED_AT, at, MetadataKeys.APPROVED_BY, "alice",
                MetadataKeys.APPROVAL_PATH, "Jenkins");
        return new DecisionWriter.Intent(status, status + " by Jenkins user alice", keys,
                Map.of(MetadataKeys.APPROVED_AT, at, MetadataKeys.APPROVED_BY, "alice"), status + " by alice");
    }

    DecisionWriter.Outcome write(ModelPackageRef ref, DecisionWriter.Intent intent) {
        return writer.write(fx.registry(), ref.arn(), current -> intent);
    }

    List<String> operations() {
        return fx.emulator.calls().stream().map(c -> c.operation() + (c.succeeded() ? "" : "!")).toList();
    }

    @Test
    void aWriteIsReadBeforeAndAfter() {
        ModelPackageRef ref = registered();
        fx.emulator.clearCalls();

        var out = assertInstanceOf(DecisionWriter.Written.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));

        assertEquals("Approved", out.readBack().ref().approvalStatus());
        assertEquals(List.of(), out.changes());
        assertEquals(List.of("DescribeModelPackage", "UpdateModelPackage", "DescribeModelPackage"), operations());
    }

    @Test
    void anAnswerLostAfterTheServiceAppliedTheWriteStillCountsAsWritten() {
        ModelPackageRef ref = registered();
        fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();

        assertInstanceOf(DecisionWriter.Written.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));
    }

    @Test
    void aServerErrorAfterTheServiceAppliedTheWriteStillCountsAsWritten() {
        ModelPackageRef ref = registered();
        fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().internalError();

        assertInstanceOf(DecisionWriter.Written.class, write(ref, decision("Rejected", "2026-03-15T09:00:00Z")));
    }

    @Test
    void aWriteLostBeforeTheServiceSawItIsNotWrittenAndMayBeTriedAgain() {
        ModelPackageRef ref = registered();
        fx.emulator.faults().on("UpdateModelPackage").every().dropConnection();

        var out = assertInstanceOf(DecisionWriter.NotWritten.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));

        assertTrue(out.retryable());
        assertEquals("PendingManualApproval", fx.registry().describe(ref.arn()).ref().approvalStatus());
    }

    @Test
    void aWriteTheServiceRefusedIsNotWrittenNorReadBack() {
        ModelPackageRef ref = registered();
        fx.emulator.faults().on("UpdateModelPackage").every().error(400, "AccessDeniedException", "not authorized");
        fx.emulator.clearCalls();

        var out = assertInstanceOf(DecisionWriter.NotWritten.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));

        assertFalse(out.retryable());
        assertEquals(List.of("DescribeModelPackage", "UpdateModelPackage!"), operations());
    }

    @Test
    void whenTheReadBackFailsTooTheWriteIsUnconfirmedUntilReadAgain() {
        ModelPackageRef ref = registered();
        fx.emulator.faults().on("UpdateModelPackage").every().afterApplying().dropConnection();
        // The first read works; the read-back fails on each of the SDK's attempts.
        fx.emulator.faults().on("DescribeModelPackage").calls(2, 4).internalError();

        var out = assertInstanceOf(DecisionWriter.Unconfirmed.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));

        assertInstanceOf(DecisionWriter.Written.class, writer.confirm(fx.registry(), ref.arn(), out));
    }

    @Test
    void aVersionAlreadyDecidedInTheRegistryIsNotWritten() {
        ModelPackageRef ref = registered();
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Rejected"));
        fx.emulator.clearCalls();

        assertInstanceOf(DecisionWriter.AlreadyDecided.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));
        assertEquals(0, fx.calls("UpdateModelPackage"));
    }

    @Test
    void anotherDecisionSeenInTheReadBackSupersedesTheWrite() {
        ModelPackageRef ref = registered();
        io.jenkins.plugins.registrygate.testing.ClientHooks hooks = new io.jenkins.plugins.registrygate.testing.ClientHooks();
        var hooked = new io.jenkins.plugins.registrygate.registry.ModelRegistry(hooks.wrap(fx.clients.clientFor(fx.settings(), fx.lookup())));
        // The risk officer rejects in the console right after Jenkins' write, before its read-back.
        hooks.after("UpdateModelPackage", 1,
                () -> fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).modelApprovalStatus("Rejected")));

        var out = writer.write(hooked, ref.arn(), current -> decision("Approved", "2026-03-15T09:00:00Z"));

        var superseded = assertInstanceOf(DecisionWriter.Superseded.class, out);
        assertTrue(superseded.written());
        assertTrue(superseded.change().contains("Jenkins wrote Approved by alice, and the registry now says Rejected"), superseded.change());
        assertTrue(superseded.change().contains(fx.consolePrincipal().arn()), superseded.change());
    }

    @Test
    void anApprovalOfAVersionThatIsNotCompletedIsDeclinedButARejectionIsWritten() {
        fx.emulator.backend().completionDelay(Duration.ofHours(1));
        ModelPackageRef ref = registered();

        var declined = assertInstanceOf(DecisionWriter.Declined.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));
        assertTrue(declined.reason().contains("InProgress"), declined.reason());
        assertInstanceOf(DecisionWriter.Written.class, write(ref, decision("Rejected", "2026-03-15T09:00:01Z")));
    }

    @Test
    void theCompleteMapIsSentSoAServiceThatReplacesItKeepsTheMetrics() {
        fx.emulator.backend().metadataUpdates(ModelPackageRegistry.MetadataUpdates.REPLACE);
        ModelPackageRef ref = registered();

        write(ref, decision("Approved", "2026-03-15T09:00:00Z"));

        Map<String, String> md = fx.registry().describe(ref.arn()).customerMetadata();
        assertEquals("0.9", md.get("metric:auc"));
        assertEquals("dave", md.get("jenkins:registered-by"));
        assertEquals("alice", md.get(MetadataKeys.APPROVED_BY));
    }

    @Test
    void aWriteThatWouldExceedFiftyEntriesIsDeclined() {
        ModelPackageRef ref = registered();
        Map<String, String> many = new LinkedHashMap<>();
        int have = fx.registry().describe(ref.arn()).customerMetadata().size();
        for (int i = have; i < 49; i++) {
            many.put("team:key-" + i, "v");
        }
        fx.console().updateModelPackage(b -> b.modelPackageArn(ref.arn()).customerMetadataProperties(many));
        fx.emulator.clearCalls();

        var out = assertInstanceOf(DecisionWriter.Declined.class, write(ref, decision("Approved", "2026-03-15T09:00:00Z")));

        assertTrue(out.reason().contains("would leave 52"), out.reason());
        assertEquals(0, fx.calls("UpdateModelPackage"));
    }
}
