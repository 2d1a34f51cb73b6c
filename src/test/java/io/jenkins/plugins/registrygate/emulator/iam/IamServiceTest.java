package io.jenkins.plugins.registrygate.emulator.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class IamServiceTest extends ServiceTestSupport {

    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    IamClient iam;

    @BeforeEach
    void client() {
        iam = EmulatorClients.iam(emu);
    }

    @AfterEach
    void close() {
        iam.close();
    }

    private Role create(String name) {
        return iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(TRUST)).role();
    }

    @Test
    void createRoleAnswersTheRoleWithItsArnIdAndCreationDate() {
        Role role = iam.createRole(b -> b.roleName("sagemaker-exec").path("/ml/").assumeRolePolicyDocument(TRUST)
                .description("runs endpoints")).role();

        assertEquals("arn:aws:iam::123456789012:role/ml/sagemaker-exec", role.arn());
        assertEquals("/ml/", role.path());
        assertTrue(role.roleId().matches("AROA[A-Z2-7]{17}"), role.roleId());
        assertEquals(T0, role.createDate());
        assertEquals("runs endpoints", role.description());
    }

    @Test
    void getRoleAnswersTheTrustPolicyUrlEncodedAndTheSessionDuration() {
        create("sagemaker-exec");

        Role role = iam.getRole(b -> b.roleName("sagemaker-exec")).role();

        assertNotEquals(TRUST, role.assumeRolePolicyDocument(), "IAM returns policies URL-encoded");
        assertEquals(TRUST, URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(3600, role.maxSessionDuration());
    }

    @Test
    void roleNamesAreUniqueWithoutRegardToCase() {
        create("Deployer");

        EntityAlreadyExistsException e = assertThrows(EntityAlreadyExistsException.class, () -> create("deployer"));

        assertEquals("EntityAlreadyExists", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertEquals("Role with name deployer already exists.", e.awsErrorDetails().errorMessage());
        assertEquals("Deployer", iam.getRole(b -> b.roleName("DEPLOYER")).role().roleName());
    }

    @Test
    void anUnknownRoleIsNoSuchEntityWithARequestId() {
        NoSuchEntityException e = assertThrows(NoSuchEntityException.class, () -> iam.getRole(b -> b.roleName("ghost")));

        assertEquals("NoSuchEntity", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertEquals("The role with name ghost cannot be found.", e.awsErrorDetails().errorMessage());
        assertFalse(e.requestId() == null || e.requestId().isEmpty());
    }

    @Test
    void deleteRoleRemovesItAndARecreatedRoleGetsANewId() {
        String first = create("deployer").roleId();

        iam.deleteRole(b -> b.roleName("deployer"));

        assertThrows(NoSuchEntityException.class, () -> iam.getRole(b -> b.roleName("deployer")));
        assertThrows(NoSuchEntityException.class, () -> iam.deleteRole(b -> b.roleName("deployer")));
        assertNotEquals(first, create("deployer").roleId());
    }

    @Test
    void aTrustPolicyThatIsNotJsonIsMalformedPolicyDocument() {
        MalformedPolicyDocumentException e = assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.createRole(b -> b.roleName("r").assumeRolePolicyDocument("{not json")));

        assertEquals("MalformedPolicyDocument", e.awsErrorDetails().errorCode());
    }

    @Test
    void constraintViolationsAreValidationErrorsInIamWords() {
        IamException e = assertThrows(IamException.class,
                () -> iam.createRole(b -> b.roleName("bad name!").assumeRolePolicyDocument(TRUST)));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith(
                "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint"),
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void sessionDurationOutsideTheModelsRangeIsRefused() {
        IamException e = assertThrows(IamException.class, () -> iam.createRole(b -> b.roleName("r")
                .assumeRolePolicyDocument(TRUST).maxSessionDuration(60)));

        assertTrue(e.awsErrorDetails().errorMessage().contains("Member must have value greater than or equal to 3600"),
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void listRolesPagesInOrderOfName() {
        create("b-role");
        create("a-role");
        create("c-role");

        var first = iam.listRoles(b -> b.maxItems(2));
        var second = iam.listRoles(b -> b.maxItems(2).marker(first.marker()));

        assertEquals(java.util.List.of("a-role", "b-role"), first.roles().stream().map(Role::roleName).toList());
        assertTrue(first.isTruncated());
        assertEquals(java.util.List.of("c-role"), second.roles().stream().map(Role::roleName).toList());
        assertFalse(second.isTruncated());
        assertEquals(3, iam.listRolesPaginator(b -> b.maxItems(1)).roles().stream().count());
    }

    @Test
    void tagsGivenAtCreationAreReturned() {
        iam.createRole(b -> b.roleName("r").assumeRolePolicyDocument(TRUST).tags(t -> t.key("team").value("ml")));

        assertEquals("ml", iam.getRole(b -> b.roleName("r")).role().tags().get(0).value());
    }

    @Test
    void aDeniedActionIsAccessDeniedNamingTheRole() {
        create("deployer");
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "iam:GetRole");

        try (IamClient asBob = EmulatorClients.iam(emu, EmulatorClients.credentials(bob))) {
            IamException e = assertThrows(IamException.class, () -> asBob.getRole(b -> b.roleName("deployer")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:GetRole on "
                    + "resource: role deployer because no identity-based policy allows the iam:GetRole action",
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void answersAreQueryProtocolXml() {
        create("deployer");

        var call = emu.calls("iam", "CreateRole").get(0);

        assertEquals("CreateRole", call.form().get("Action"));
        assertEquals("2010-05-08", call.form().get("Version"));
        assertTrue(call.responseBody().startsWith("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<CreateRoleResult><Role>"), call.responseBody());
        assertTrue(call.responseBody().endsWith("<ResponseMetadata><RequestId>" + call.requestId()
                + "</RequestId></ResponseMetadata></CreateRoleResponse>"), call.responseBody());
    }
}
