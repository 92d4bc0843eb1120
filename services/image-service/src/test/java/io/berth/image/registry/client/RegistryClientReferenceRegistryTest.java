package io.berth.image.registry.client;

import io.berth.testing.registry.ReferenceRegistry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push, pull, login and tags against the real reference registry (distribution 2.8) over loopback. */
class RegistryClientReferenceRegistryTest {
    @RegisterExtension
    static final ReferenceRegistry REGISTRY = new ReferenceRegistry();

    private static final RegistryCredentials USER =
            RegistryCredentials.basic(ReferenceRegistry.USERNAME, ReferenceRegistry.PASSWORD);

    private final RegistryClient client = new RegistryClient(RegistryAccessPolicy.loopbackOnly());

    @Test
    void login_rightPassword_succeeds() throws Exception {
        client.login(REGISTRY.registry(), USER);
    }

    @Test
    void login_localhostName_isInsecureToo() throws Exception {
        client.login("localhost:" + REGISTRY.port(), USER);
    }

    @Test
    void login_wrongPassword_isUnauthorizedWithTheRegistrysMessage() {
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> client.login(REGISTRY.registry(), RegistryCredentials.basic("testuser", "wrongpassword")));
        assertEquals("Tried to log in to " + REGISTRY.registry() + " but failed because: authentication required",
                e.getMessage());
        assertEquals(401, e.statusCode());
        assertEquals("UNAUTHORIZED", e.errors().get(0).code());
    }

    @Test
    void push_newImage_uploadsBlobsThenManifest() throws Exception {
        TestImages.Image image = TestImages.image(bytes("hello"), bytes("world"));
        RecordingListener progress = new RecordingListener();

        PushResult result = client.push(toPush("push-new", "1", image), progress);

        assertEquals(image.manifestDigest(), result.digest());
        assertEquals(image.manifest().length, result.size());
        for (TestImages.Blob blob : image.blobs()) {
            assertEquals(List.of("Preparing", "Pushing", "Pushed"), progress.statuses(blob.progressId()));
            List<ProgressEvent> counts = progress.withBytes(blob.progressId());
            assertEquals(blob.ref().size(), counts.get(counts.size() - 1).current());
            assertEquals(blob.ref().size(), counts.get(0).total());
        }
    }

    @Test
    void push_again_skipsEveryBlob() throws Exception {
        TestImages.Image image = TestImages.image(bytes("again"));
        client.push(toPush("push-again", "1", image), ProgressListener.IGNORE);
        RecordingListener progress = new RecordingListener();

        PushResult second = client.push(toPush("push-again", "2", image), progress);

        assertEquals(image.manifestDigest(), second.digest());
        for (TestImages.Blob blob : image.blobs()) {
            assertEquals(List.of("Preparing", "Layer already exists"), progress.statuses(blob.progressId()));
        }
    }

    @Test
    void push_toSecondRepository_mountsFromTheFirst() throws Exception {
        TestImages.Image image = TestImages.image(bytes("mount me"));
        client.push(toPush("mount-source", "1", image), ProgressListener.IGNORE);
        List<BlobToPush> blobs = image.blobs().stream().map(b -> b.toPush().withMountFrom("mount-source")).toList();
        RecordingListener progress = new RecordingListener();

        client.push(new ImageToPush(ImageReference.parse(REGISTRY.registry() + "/mount-target:1"), USER, blobs,
                image.manifest(), ManifestMediaTypes.DOCKER_MANIFEST), progress);

        for (TestImages.Blob blob : image.blobs()) {
            assertEquals(List.of("Preparing", "Mounted from mount-source"), progress.statuses(blob.progressId()));
        }
        assertEquals(List.of("1"), client.listTags(REGISTRY.registry(), "mount-target", USER));
    }

    @Test
    void push_mountFromARepositoryWithoutTheBlob_uploadsInstead() throws Exception {
        TestImages.Image image = TestImages.image(bytes("not mountable"));
        List<BlobToPush> blobs = image.blobs().stream().map(b -> b.toPush().withMountFrom("nowhere")).toList();
        RecordingListener progress = new RecordingListener();

        client.push(new ImageToPush(ImageReference.parse(REGISTRY.registry() + "/mount-fallback:1"), USER, blobs,
                image.manifest(), ManifestMediaTypes.DOCKER_MANIFEST), progress);

        for (TestImages.Blob blob : image.blobs()) {
            assertEquals(List.of("Preparing", "Pushing", "Pushed"), progress.statuses(blob.progressId()));
        }
    }

    @Test
    void push_largeBlob_goesUpInPatchChunks() throws Exception {
        byte[] noise = new byte[5000];
        new Random(42).nextBytes(noise); // incompressible, so the gzip layer stays over 4 KiB
        TestImages.Image image = TestImages.image(noise);
        RegistryClient chunking = new RegistryClient(RegistryAccessPolicy.loopbackOnly(),
                RegistryClientSettings.defaults().withUploadChunkSize(1024));

        chunking.push(toPush("chunked", "1", image), ProgressListener.IGNORE);

        long patches = REGISTRY.log().lines().filter(l -> l.contains("\"PATCH /v2/chunked/blobs/uploads/")).count();
        long expected = (image.layers().get(0).ref().size() + 1023) / 1024;
        assertEquals(expected, patches);
        MemorySink sink = new MemorySink();
        client.pull(toPull("chunked:1", sink), ProgressListener.IGNORE);
        assertArrayEquals(image.layers().get(0).bytes(), sink.blobs.get(image.layers().get(0).ref().digest()));
    }

    @Test
    void pull_byTagAndByDigest_returnsThePushedBytes() throws Exception {
        TestImages.Image image = TestImages.image(bytes("pull me"), bytes("and me"));
        PushResult pushed = client.push(toPush("pull", "1", image), ProgressListener.IGNORE);
        MemorySink sink = new MemorySink();
        RecordingListener progress = new RecordingListener();

        PullResult byTag = client.pull(toPull("pull:1", sink), progress);

        assertEquals(pushed.digest(), byTag.digest());
        assertArrayEquals(image.manifest(), byTag.manifest().bytes());
        assertEquals(ManifestMediaTypes.DOCKER_MANIFEST, byTag.manifest().mediaType());
        assertNull(byTag.index());
        assertEquals(3, byTag.blobsDownloaded());
        for (TestImages.Blob blob : image.blobs()) {
            assertArrayEquals(blob.bytes(), sink.blobs.get(blob.ref().digest()));
            assertEquals(List.of("Pulling fs layer", "Downloading", "Verifying Checksum", "Download complete"),
                    progress.statuses(blob.ref().digest().shortHex()));
        }

        MemorySink fresh = new MemorySink();
        PullResult byDigest = client.pull(toPull("pull@" + pushed.digest(), fresh), ProgressListener.IGNORE);
        assertEquals(pushed.digest(), byDigest.manifest().digest());
        assertEquals(sink.blobs.keySet(), fresh.blobs.keySet());
    }

    @Test
    void pull_whenSinkHasEverything_downloadsNothing() throws Exception {
        TestImages.Image image = TestImages.image(bytes("present"));
        client.push(toPush("pull-present", "1", image), ProgressListener.IGNORE);
        MemorySink sink = new MemorySink();
        client.pull(toPull("pull-present:1", sink), ProgressListener.IGNORE);
        RecordingListener progress = new RecordingListener();

        PullResult again = client.pull(toPull("pull-present:1", sink), progress);

        assertEquals(0, again.blobsDownloaded());
        for (TestImages.Blob blob : image.blobs()) {
            assertEquals(List.of("Already exists"), progress.statuses(blob.ref().digest().shortHex()));
        }
    }

    @Test
    void pull_index_asksTheChooserAndPullsItsChoice() throws Exception {
        TestImages.Image image = TestImages.image(bytes("multi-arch"));
        PushResult amd64 = client.push(toPush("multi", "amd64", image), ProgressListener.IGNORE);
        byte[] index = TestImages.index(amd64.digest(), amd64.size(), amd64.digest());
        client.push(new ImageToPush(ImageReference.parse(REGISTRY.registry() + "/multi:latest"), USER, List.of(),
                index, ManifestMediaTypes.OCI_INDEX), ProgressListener.IGNORE);
        MemorySink sink = new MemorySink();

        PullResult result = client.pull(toPull("multi:latest", sink), ProgressListener.IGNORE);

        assertNotNull(result.index());
        assertEquals(Digests.sha256(index), result.digest());
        assertEquals(ManifestMediaTypes.OCI_INDEX, result.index().mediaType());
        assertEquals(amd64.digest(), result.manifest().digest());
        assertEquals(2, sink.blobs.size());

        RegistryNotFoundException none = assertThrows(RegistryNotFoundException.class, () -> client.pull(
                new ImageToPull(ImageReference.parse(REGISTRY.registry() + "/multi:latest"), USER,
                        TestImages::chooseNothing, TestImages::manifestBlobs, new MemorySink()),
                ProgressListener.IGNORE));
        assertTrue(none.getMessage().contains("no matching manifest"), none.getMessage());
    }

    @Test
    void pull_unknownTag_isNotFoundWithTheRegistrysMessage() {
        RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class,
                () -> client.pull(toPull("pull:nosuchtag", new MemorySink()), ProgressListener.IGNORE));
        assertEquals("Tried to pull manifest for " + REGISTRY.registry()
                + "/pull:nosuchtag but failed because: manifest unknown", e.getMessage());
        assertEquals("MANIFEST_UNKNOWN", e.errors().get(0).code());
    }

    @Test
    void listTags_returnsEveryPushedTag() throws Exception {
        TestImages.Image image = TestImages.image(bytes("tags"));
        for (String tag : List.of("a", "b", "c")) {
            client.push(toPush("tags", tag, image), ProgressListener.IGNORE);
        }
        List<String> tags = client.listTags(REGISTRY.registry(), "tags", USER);
        assertEquals(List.of("a", "b", "c"), tags.stream().sorted().toList());
    }

    @Test
    void listTags_unknownRepository_isNotFound() {
        RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class,
                () -> client.listTags(REGISTRY.registry(), "nosuchrepo", USER));
        assertEquals("NAME_UNKNOWN", e.errors().get(0).code());
    }

    @Test
    void push_anonymous_isUnauthorized() {
        TestImages.Image image = TestImages.image(bytes("anonymous"));
        ImageToPush anonymous = new ImageToPush(ImageReference.parse(REGISTRY.registry() + "/anon:1"),
                RegistryCredentials.ANONYMOUS, image.blobs().stream().map(TestImages.Blob::toPush).toList(),
                image.manifest(), ManifestMediaTypes.DOCKER_MANIFEST);
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> client.push(anonymous, ProgressListener.IGNORE));
        assertTrue(e.getMessage().startsWith("Tried to check blob exists for " + REGISTRY.registry()
                + "/anon with digest sha256:"), e.getMessage());
    }

    private static ImageToPush toPush(String repository, String tag, TestImages.Image image) {
        return new ImageToPush(ImageReference.parse(REGISTRY.registry() + "/" + repository + ":" + tag), USER,
                image.blobs().stream().map(TestImages.Blob::toPush).toList(), image.manifest(),
                ManifestMediaTypes.DOCKER_MANIFEST);
    }

    private static ImageToPull toPull(String repositoryAndReference, BlobSink sink) {
        return new ImageToPull(ImageReference.parse(REGISTRY.registry() + "/" + repositoryAndReference), USER,
                TestImages::chooseAmd64, TestImages::manifestBlobs, sink);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
