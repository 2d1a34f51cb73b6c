package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.util.ListBoxModel;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

/**
 * The Snippet Generator's credentials drop-down lists credentials only to users who may configure the job (or use
 * its credentials); anyone else sees the value already chosen and nothing more. Offline, listing itself needs a
 * running Jenkins (the credentials store), so the tests stop at whether the list is looked up.
 */
class CredentialsIdChoiceTest {

    /** A job on which the current (anonymous) user has {@code granted} and what those imply. */
    static Item jobGranting(Set<Permission> granted) {
        ACL acl = ACL.lambda2((who, p) -> {
            for (Permission q = p; q != null; q = q.impliedBy) {
                if (granted.contains(q)) {
                    return true;
                }
            }
            return false;
        });
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("getACL")) {
                return acl;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("getFullName")) {
                return "churn";
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return (Item) Proxy.newProxyInstance(CredentialsIdChoiceTest.class.getClassLoader(), new Class<?>[] {Item.class}, h);
    }

    static List<String> values(ListBoxModel m) {
        return m.stream().map(o -> o.name + "=" + o.value).toList();
    }

    @Test
    void aReaderOfTheJobSeesOnlyTheValueAlreadyChosen() {
        ListBoxModel m = RegistryStep.credentialsIdItems(jobGranting(Set.of(Item.READ)), "aws-ml");

        assertEquals(List.of("- current -=aws-ml"), values(m));
    }

    @Test
    void aReaderWithNothingChosenSeesOnlyTheEmptyChoice() {
        assertEquals(List.of("- none -="), values(RegistryStep.credentialsIdItems(jobGranting(Set.of(Item.READ)), "")));
    }

    @Test
    void someoneWhoMayConfigureTheJobGetsTheCredentialsLookedUpAsTheJobsBuildsWould() {
        // Reaching the credentials store is the point: offline the lookup is not available and says so.
        assertThrows(UnsupportedOperationException.class,
                () -> RegistryStep.credentialsIdItems(jobGranting(Set.of(Item.CONFIGURE)), "aws-ml"));
    }

    @Test
    void everyStepOffersTheSameChoice() {
        Item reader = jobGranting(Set.of(Item.READ));
        List<String> expected = List.of("- current -=aws-ml");

        assertEquals(expected, values(new RegisterModelStep.DescriptorImpl().doFillCredentialsIdItems(reader, "aws-ml")));
        assertEquals(expected, values(new AwaitApprovalStep.DescriptorImpl().doFillCredentialsIdItems(reader, "aws-ml")));
        assertEquals(expected, values(new DeployApprovedStep.DescriptorImpl().doFillCredentialsIdItems(reader, "aws-ml")));
    }

    @Test
    void everyStepsDropDownAnswersOnlyPost() throws NoSuchMethodException {
        // The list names credentials: a GET from another site must not fetch it (CSRF protection).
        for (Class<?> d : List.of(RegisterModelStep.DescriptorImpl.class, AwaitApprovalStep.DescriptorImpl.class,
                DeployApprovedStep.DescriptorImpl.class)) {
            assertTrue(d.getMethod("doFillCredentialsIdItems", Item.class, String.class).isAnnotationPresent(POST.class), d.getName());
        }
    }

    @Test
    void theDeployApprovedDropDownAsksTheCredentialsStoreForSomeoneWhoMayConfigureTheJob() {
        assertThrows(UnsupportedOperationException.class,
                () -> new DeployApprovedStep.DescriptorImpl().doFillCredentialsIdItems(jobGranting(Set.of(Item.CONFIGURE)), "aws-ml"));
    }
}
