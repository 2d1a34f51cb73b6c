package io.jenkins.plugins.registrygate.emulator.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

class KmsServiceTest extends ServiceTestSupport {

    KmsClient kms;

    @BeforeEach
    void client() {
        kms = EmulatorClients.kms(emu);
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private KeyMetadata create() {
        return kms.createKey(b -> b.description("model artifacts")).keyMetadata();
    }

    @Test
    void aNewKeyIsAnEnabledSymmetricCustomerManagedKey() {
        KeyMetadata k = create();

        assertTrue(k.keyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), k.keyId());
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/" + k.keyId(), k.arn());
        assertEquals(KeyState.ENABLED, k.keyState());
        assertTrue(k.enabled());
        assertEquals(KeyManagerType.CUSTOMER, k.keyManager());
        assertEquals("SYMMETRIC_DEFAULT", k.keySpecAsString());
        assertEquals(T0, k.creationDate());
        assertEquals("model artifacts", k.description());
    }

    @Test
    void describeKeyFindsAKeyByIdArnAliasAndAliasArn() {
        KeyMetadata k = create();
        kms.createAlias(b -> b.aliasName("alias/models").targetKeyId(k.keyId()));

        for (String named : new String[] {k.keyId(), k.arn(), "alias/models",
                "arn:aws:kms:us-east-1:123456789012:alias/models"}) {
            assertEquals(k.arn(), kms.describeKey(b -> b.keyId(named)).keyMetadata().arn(), named);
        }
    }

    @Test
    void disableKeyAndEnableKeyMoveTheKeyState() {
        KeyMetadata k = create();

        kms.disableKey(b -> b.keyId(k.keyId()));
        KeyMetadata disabled = kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata();
        kms.enableKey(b -> b.keyId(k.arn()));

        assertEquals(KeyState.DISABLED, disabled.keyState());
        assertFalse(disabled.enabled());
        assertEquals(KeyState.ENABLED, kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata().keyState());
        assertEquals("Enabled", emu.kms().find(k.keyId()).orElseThrow().state());
    }

    @Test
    void aKeyPendingDeletionCanNeitherBeEnabledNorDisabled() {
        KeyMetadata k = create();
        var scheduled = kms.scheduleKeyDeletion(b -> b.keyId(k.keyId()).pendingWindowInDays(7));

        assertEquals(KeyState.PENDING_DELETION, scheduled.keyState());
        assertEquals(T0.plusSeconds(7 * 86400), scheduled.deletionDate());
        KmsInvalidStateException e = assertThrows(KmsInvalidStateException.class, () -> kms.enableKey(b -> b.keyId(k.keyId())));
        assertEquals("KMSInvalidStateException", e.awsErrorDetails().errorCode());
        assertEquals(k.arn() + " is pending deletion.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void anUnknownKeyIsNotFoundWordedAsKmsWordsIt() {
        String id = "1234abcd-12ab-34cd-56ef-1234567890ab";

        NotFoundException byId = assertThrows(NotFoundException.class, () -> kms.describeKey(b -> b.keyId(id)));
        NotFoundException byAlias = assertThrows(NotFoundException.class, () -> kms.describeKey(b -> b.keyId("alias/none")));

        assertEquals("Key 'arn:aws:kms:us-east-1:123456789012:key/" + id + "' does not exist",
                byId.awsErrorDetails().errorMessage());
        assertEquals("Alias arn:aws:kms:us-east-1:123456789012:alias/none is not found.",
                byAlias.awsErrorDetails().errorMessage());
        assertEquals("Invalid keyId 'nonsense'", assertThrows(NotFoundException.class,
                () -> kms.describeKey(b -> b.keyId("nonsense"))).awsErrorDetails().errorMessage());
    }

    @Test
    void aliasesAreUniqueAndAwsPrefixedOnesAreReserved() {
        KeyMetadata k = create();
        kms.createAlias(b -> b.aliasName("alias/models").targetKeyId(k.keyId()));

        assertThrows(AlreadyExistsException.class, () -> kms.createAlias(b -> b.aliasName("alias/models").targetKeyId(k.keyId())));
        KmsException reserved = assertThrows(KmsException.class,
                () -> kms.createAlias(b -> b.aliasName("alias/aws/mine").targetKeyId(k.keyId())));
        assertEquals("InvalidAliasNameException", reserved.awsErrorDetails().errorCode());
    }

    @Test
    void theAwsManagedS3KeyIsCreatedOnFirstUse() {
        KmsService.KeyView s3Key = emu.kms().awsManagedKey("aws/s3");

        KeyMetadata k = kms.describeKey(b -> b.keyId("alias/aws/s3")).keyMetadata();

        assertEquals(s3Key.arn(), k.arn());
        assertEquals(KeyManagerType.AWS, k.keyManager());
        assertEquals(s3Key, emu.kms().awsManagedKey("aws/s3"));
    }

    @Test
    void aDeniedActionIsAccessDeniedExceptionNamingTheKey() {
        KeyMetadata k = create();
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "kms:DescribeKey", k.arn());
        try (KmsClient asBob = EmulatorClients.kms(emu, EmulatorClients.credentials(bob))) {
            KmsException e = assertThrows(KmsException.class, () -> asBob.describeKey(b -> b.keyId("alias/none")
                    .keyId(k.keyId())));

            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("kms:DescribeKey on resource: " + k.arn()),
                    e.awsErrorDetails().errorMessage());
            asBob.createKey(b -> { });
        }
    }
}
