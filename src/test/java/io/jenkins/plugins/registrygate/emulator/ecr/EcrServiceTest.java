package io.jenkins.plugins.registrygate.emulator.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class EcrServiceTest extends ServiceTestSupport {

    /** A Docker v2 schema 2 manifest with two layers. */
    static String manifest(String config) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1469,"
                + "\"digest\":\"sha256:" + config + "\"},\"layers\":["
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":1000,\"digest\":\"sha256:aa\"},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":234,\"digest\":\"sha256:bb\"}]}";
    }

    static final String M1 = manifest("1111");
    static final String M2 = manifest("2222");

    EcrClient ecr;

    @BeforeEach
    void client() {
        ecr = EmulatorClients.ecr(emu);
    }

    @AfterEach
    void close() {
        ecr.close();
    }

    static String sha256(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String push(String repo, String manifest, String tag) {
        return ecr.putImage(b -> b.repositoryName(repo).imageManifest(manifest).imageTag(tag)).image().imageId().imageDigest();
    }

    @Test
    void createRepositoryAnswersItsArnAndUri() {
        var repo = ecr.createRepository(b -> b.repositoryName("ml/churn")).repository();

        assertEquals("arn:aws:ecr:us-east-1:123456789012:repository/ml/churn", repo.repositoryArn());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/churn", repo.repositoryUri());
        assertEquals("123456789012", repo.registryId());
        assertEquals(T0, repo.createdAt());
        assertEquals("MUTABLE", repo.imageTagMutabilityAsString());
    }

    @Test
    void theDigestOfAnImageIsTheSha256OfItsManifestBytes() throws Exception {
        ecr.createRepository(b -> b.repositoryName("churn"));

        String digest = push("churn", M1, "1.4.2");

        assertEquals(sha256(M1), digest);
        assertEquals(EcrService.digestOf(M1), digest);
    }

    @Test
    void describeImagesFindsAnImageByTagOrDigest() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        String digest = push("churn", M1, "1.4.2");
        clock.advance(java.time.Duration.ofMinutes(1));

        ImageDetail byTag = ecr.describeImages(b -> b.repositoryName("churn").imageIds(i -> i.imageTag("1.4.2")))
                .imageDetails().get(0);
        ImageDetail byDigest = ecr.describeImages(b -> b.repositoryName("churn").imageIds(i -> i.imageDigest(digest)))
                .imageDetails().get(0);

        assertEquals(digest, byTag.imageDigest());
        assertEquals(byTag, byDigest);
        assertEquals(List.of("1.4.2"), byTag.imageTags());
        assertEquals(1234L, byTag.imageSizeInBytes(), "the sum of the layer sizes");
        assertEquals(T0, byTag.imagePushedAt());
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", byTag.imageManifestMediaType());
    }

    @Test
    void describeImagesOfAnUnknownImageIsImageNotFound() {
        ecr.createRepository(b -> b.repositoryName("churn"));

        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> ecr.describeImages(b -> b.repositoryName("churn").imageIds(i -> i.imageTag("latest"))));

        assertEquals("ImageNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals("The image with imageId {imageDigest:'null', imageTag:'latest'} does not exist within the "
                + "repository with name 'churn' in the registry with id '123456789012'", e.awsErrorDetails().errorMessage());
    }

    @Test
    void anUnknownRepositoryIsRepositoryNotFound() {
        RepositoryNotFoundException e = assertThrows(RepositoryNotFoundException.class,
                () -> ecr.describeImages(b -> b.repositoryName("ghost")));

        assertEquals("The repository with name 'ghost' does not exist in the registry with id '123456789012'",
                e.awsErrorDetails().errorMessage());
        assertThrows(RepositoryNotFoundException.class, () -> push("ghost", M1, "1"));
    }

    @Test
    void batchGetImageReturnsTheManifestAndListsMissingImagesAsFailures() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        String digest = push("churn", M1, "1.4.2");

        var r = ecr.batchGetImage(b -> b.repositoryName("churn")
                .imageIds(i -> i.imageDigest(digest), i -> i.imageTag("missing")));

        assertEquals(1, r.images().size());
        assertEquals(M1, r.images().get(0).imageManifest());
        assertEquals(digest, r.images().get(0).imageId().imageDigest());
        assertEquals(1, r.failures().size());
        assertEquals(ImageFailureCode.IMAGE_NOT_FOUND, r.failures().get(0).failureCode());
        assertEquals("Requested image not found", r.failures().get(0).failureReason());
        assertEquals("missing", r.failures().get(0).imageId().imageTag());
    }

    @Test
    void batchGetImageReportsATagThatIsOnAnotherDigest() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        push("churn", M1, "1.4.2");
        String other = push("churn", M2, "1.4.3");

        var r = ecr.batchGetImage(b -> b.repositoryName("churn").imageIds(i -> i.imageTag("1.4.2").imageDigest(other)));

        assertEquals(ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST, r.failures().get(0).failureCode());
    }

    @Test
    void aTagMovesToTheNewImageInAMutableRepository() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        push("churn", M1, "latest");
        String second = push("churn", M2, "latest");

        assertEquals(second, ecr.describeImages(b -> b.repositoryName("churn").imageIds(i -> i.imageTag("latest")))
                .imageDetails().get(0).imageDigest());
        assertEquals(2, ecr.describeImages(b -> b.repositoryName("churn")).imageDetails().size());
        assertEquals(1, ecr.describeImages(b -> b.repositoryName("churn").filter(f -> f.tagStatus("UNTAGGED")))
                .imageDetails().size());
    }

    @Test
    void anImmutableRepositoryRefusesToMoveATag() {
        ecr.createRepository(b -> b.repositoryName("churn").imageTagMutability("IMMUTABLE"));
        push("churn", M1, "1.4.2");

        ImageTagAlreadyExistsException e = assertThrows(ImageTagAlreadyExistsException.class, () -> push("churn", M2, "1.4.2"));

        assertTrue(e.awsErrorDetails().errorMessage().contains("'1.4.2'"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void pushingTheSameManifestAndTagAgainIsImageAlreadyExists() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        push("churn", M1, "1.4.2");

        assertThrows(ImageAlreadyExistsException.class, () -> push("churn", M1, "1.4.2"));
        push("churn", M1, "stable");
        assertEquals(List.of("1.4.2", "stable"), ecr.describeImages(b -> b.repositoryName("churn")).imageDetails().get(0)
                .imageTags());
    }

    @Test
    void aDigestThatDoesNotMatchTheManifestIsRefused() {
        ecr.createRepository(b -> b.repositoryName("churn"));

        EcrException e = assertThrows(EcrException.class, () -> ecr.putImage(b -> b.repositoryName("churn")
                .imageManifest(M1).imageDigest("sha256:" + "0".repeat(64))));

        assertEquals("ImageDigestDoesNotMatchException", e.awsErrorDetails().errorCode());
    }

    @Test
    void aManifestThatIsNotJsonIsInvalidParameter() {
        ecr.createRepository(b -> b.repositoryName("churn"));

        assertThrows(InvalidParameterException.class, () -> push("churn", "not json", "1"));
    }

    @Test
    void constraintViolationsAreInvalidParameterInEcrWords() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ecr.createRepository(b -> b.repositoryName("Churn")));

        assertEquals("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular "
                + "expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void imageUrisWithTagsAndDigestsAreLookedUpForSageMaker() {
        ecr.createRepository(b -> b.repositoryName("ml/churn"));
        String digest = push("ml/churn", M1, "1.4.2");
        String repo = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/churn";

        assertTrue(emu.neighbours().imageExists(repo + ":1.4.2"));
        assertTrue(emu.neighbours().imageExists(repo + "@" + digest));
        assertFalse(emu.neighbours().imageExists(repo + ":1.4.3"));
        assertFalse(emu.neighbours().imageExists(repo + "@sha256:" + "0".repeat(64)));
        assertFalse(emu.neighbours().imageExists(repo), "no tag means latest, which does not exist");
        assertFalse(emu.neighbours().imageExists("999999999999.dkr.ecr.us-east-1.amazonaws.com/ml/churn:1.4.2"));
    }

    @Test
    void accessDeniedNamesTheRepository() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "ecr:DescribeImages");
        try (EcrClient asBob = EmulatorClients.ecr(emu, EmulatorClients.credentials(bob))) {
            EcrException e = assertThrows(EcrException.class, () -> asBob.describeImages(b -> b.repositoryName("churn")));

            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertEquals("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: ecr:DescribeImages on "
                    + "resource: arn:aws:ecr:us-east-1:123456789012:repository/churn because no identity-based policy "
                    + "allows the ecr:DescribeImages action", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void listImagesAndPaginators() {
        ecr.createRepository(b -> b.repositoryName("churn"));
        push("churn", M1, "1");
        push("churn", M2, "2");

        assertEquals(2, ecr.listImagesPaginator(b -> b.repositoryName("churn").maxResults(1)).imageIds().stream().count());
        assertEquals(2, ecr.describeImagesPaginator(b -> b.repositoryName("churn").maxResults(1)).imageDetails().stream()
                .count());
    }
}
