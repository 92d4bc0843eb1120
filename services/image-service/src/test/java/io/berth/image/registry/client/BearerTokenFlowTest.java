package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Docker token flow against {@link FakeTokenRegistry}: real HTTPS sockets, no mocks. */
class BearerTokenFlowTest {
    private static final RegistryCredentials USER = RegistryCredentials.basic("testuser", "testpassword");

    private FakeTokenRegistry fake;
    private final MutableClock clock = new MutableClock();
    private RegistryClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeTokenRegistry();
        client = new RegistryClient(RegistryAccessPolicy.loopbackOnly(), RegistryClientSettings.defaults(), clock,
                System::nanoTime);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void login_fetchesATokenWithBasicCredentialsAndRetriesWithIt() throws Exception {
        client.login(fake.registry(), USER);

        assertEquals(1, fake.tokenRequests.size());
        assertTrue(fake.tokenAuthorizations.get(0).startsWith("Basic "));
        assertEquals(List.of(FakeTokenRegistry.SERVICE), fake.tokenRequests.get(0).get("service"));
        assertEquals(List.of("", "Bearer t1"), fake.registryAuthorizations, "anonymous ping, then the token");
    }

    @Test
    void login_wrongPassword_isUnauthorizedWithTheTokenServersMessage() {
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> client.login(fake.registry(), RegistryCredentials.basic("testuser", "nope")));
        assertTrue(e.getMessage().endsWith("but failed because: incorrect username or password"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Tried to get a bearer token for " + fake.registry()), e.getMessage());
    }

    @Test
    void token_isCachedPerScopeUntilItExpires() throws Exception {
        fake.expiresIn = 120;
        client.listTags(fake.registry(), "demo", USER);
        client.listTags(fake.registry(), "demo", USER);
        assertEquals(1, fake.tokenRequests.size(), "one token serves both listings, all their pages");
        assertEquals(List.of("repository:demo:pull"), fake.tokenRequests.get(0).get("scope"));

        clock.advance(Duration.ofSeconds(120));
        client.listTags(fake.registry(), "demo", USER);
        assertEquals(2, fake.tokenRequests.size(), "an expired token is fetched again");
    }

    @Test
    void token_inAccessTokenField_isAccepted() throws Exception {
        fake.tokenField = "access_token";
        assertEquals(fake.tags, client.listTags(fake.registry(), "demo", USER));
    }

    @Test
    void anonymous_getsATokenWithoutCredentials() throws Exception {
        assertEquals(fake.tags, client.listTags(fake.registry(), "demo", RegistryCredentials.ANONYMOUS));
        assertEquals(List.of(""), fake.tokenAuthorizations);
    }

    @Test
    void identityToken_usesTheRefreshTokenGrant() throws Exception {
        client.listTags(fake.registry(), "demo", new RegistryCredentials(null, null, FakeTokenRegistry.IDENTITY_TOKEN));
        assertEquals(List.of("refresh_token"), fake.tokenRequests.get(0).get("grant_type"));
        assertEquals(List.of("repository:demo:pull"), fake.tokenRequests.get(0).get("scope"));
        assertEquals(List.of(""), fake.tokenAuthorizations, "the identity token travels in the form, not as Basic");
    }

    @Test
    void rejectedToken_isRenewedOnce() throws Exception {
        client.listTags(fake.registry(), "demo", USER);
        fake.revokeTokens();
        int requestsBefore = fake.registryAuthorizations.size();

        assertEquals(fake.tags, client.listTags(fake.registry(), "demo", USER));
        assertEquals(2, fake.tokenRequests.size());
        assertEquals(5, fake.registryAuthorizations.size() - requestsBefore,
                "ping, page 1 rejected and retried once, then pages 2 and 3");
    }

    @Test
    void rejectedToken_afterTheRetry_isUnauthorized() {
        fake.rejectAllTokens = true;
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> client.listTags(fake.registry(), "demo", USER));
        assertEquals("Tried to list tags of " + fake.registry() + "/demo but failed because: authentication required",
                e.getMessage());
        assertEquals(3, fake.registryAuthorizations.size(), "the ping, the request and exactly one retry");
    }

    @Test
    void tags_followTheLinkHeaderAcrossPages() throws Exception {
        RegistryClient paging = new RegistryClient(RegistryAccessPolicy.loopbackOnly(),
                RegistryClientSettings.defaults().withTagPageSize(2));
        assertEquals(List.of("1", "2", "3", "4", "5"), paging.listTags(fake.registry(), "demo", USER));
    }

    @Test
    void plainHttpRealm_onASecureHost_isRefusedBeforeCredentialsLeave() {
        fake.realmOverride = "http://auth.example.com/token";
        RegistryException e = assertThrows(RegistryException.class, () -> client.login(fake.registry(), USER));
        assertTrue(e.getMessage().contains("refusing plain HTTP to auth.example.com"), e.getMessage());
        assertTrue(fake.tokenRequests.isEmpty());
    }

    @Test
    void pull_blobRedirectedToStorage_dropsCredentialsAndVerifies() throws Exception {
        TestImages.Image image = publish(TestImages.image("redirected".getBytes(StandardCharsets.UTF_8)));
        MemorySink sink = new MemorySink();

        client.pull(toPull(sink), ProgressListener.IGNORE);

        for (TestImages.Blob blob : image.blobs()) {
            assertArrayEquals(blob.bytes(), sink.blobs.get(blob.ref().digest()));
        }
        assertEquals(List.of("", ""), fake.storageAuthorizations, "storage is another origin: no Authorization");
        assertTrue(fake.registryAuthorizations.stream().filter(a -> a.startsWith("Bearer")).count() >= 3);
    }

    @Test
    void pull_corruptedBlob_failsAndKeepsNothing() throws Exception {
        publish(TestImages.image("corrupted".getBytes(StandardCharsets.UTF_8)));
        fake.corruptStorage = true;
        MemorySink sink = new MemorySink();

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.pull(toPull(sink), ProgressListener.IGNORE));

        assertTrue(e.getMessage().contains("but failed because: digest mismatch: expected sha256:"), e.getMessage());
        assertTrue(sink.blobs.isEmpty());
        assertTrue(sink.aborts.get() >= 1);
        assertFalse(sink.commits.get() > 0);
    }

    @Test
    void push_underBearerAuth_followsRelativeLocationsAndKeepsTheirState() throws Exception {
        byte[] noise = new byte[3000];
        new Random(7).nextBytes(noise);
        TestImages.Image image = TestImages.image(noise, "small".getBytes(StandardCharsets.UTF_8));
        RegistryClient chunking = new RegistryClient(RegistryAccessPolicy.loopbackOnly(),
                RegistryClientSettings.defaults().withUploadChunkSize(1000), clock, System::nanoTime);
        RecordingListener progress = new RecordingListener();

        PushResult result = chunking.push(new ImageToPush(ImageReference.parse(fake.registry() + "/demo:pushed"), USER,
                image.blobs().stream().map(TestImages.Blob::toPush).toList(), image.manifest(),
                ManifestMediaTypes.DOCKER_MANIFEST), progress);

        assertEquals(image.manifestDigest(), result.digest());
        for (TestImages.Blob blob : image.blobs()) {
            assertArrayEquals(blob.bytes(), fake.blobs.get(blob.ref().digest()));
            assertEquals(List.of("Preparing", "Pushing", "Pushed"), progress.statuses(blob.progressId()));
        }
        long bigLayer = image.layers().get(0).ref().size();
        assertEquals((bigLayer + 999) / 1000, fake.contentRanges.size(), "one PATCH per chunk of the big layer only");
        assertEquals("0-999", fake.contentRanges.get(0));
        assertEquals((bigLayer - 1) / 1000 * 1000 + "-" + (bigLayer - 1),
                fake.contentRanges.get(fake.contentRanges.size() - 1));
        assertEquals(List.of("repository:demo:pull,push"), fake.tokenRequests.get(0).get("scope"));
        assertArrayEquals(image.manifest(), fake.manifests.get("pushed"));
    }

    @Test
    void push_anonymous_getsAPullOnlyTokenAndIsUnauthorized() {
        TestImages.Image image = TestImages.image("denied".getBytes(StandardCharsets.UTF_8));
        ImageToPush anonymous = new ImageToPush(ImageReference.parse(fake.registry() + "/demo:x"),
                RegistryCredentials.ANONYMOUS, image.blobs().stream().map(TestImages.Blob::toPush).toList(),
                image.manifest(), ManifestMediaTypes.DOCKER_MANIFEST);
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> client.push(anonymous, ProgressListener.IGNORE));
        assertTrue(e.getMessage().contains("but failed because: authentication required"), e.getMessage());
    }

    @Test
    void pull_manifestOver4MiB_isRefused() {
        RegistryException e = assertThrows(RegistryException.class, () -> client.pull(new ImageToPull(
                ImageReference.parse(fake.registry() + "/demo:" + FakeTokenRegistry.HUGE_TAG), USER,
                TestImages::chooseAmd64, TestImages::manifestBlobs, new MemorySink()), ProgressListener.IGNORE));
        assertEquals("Tried to pull manifest for " + fake.registry() + "/demo:huge but failed because: the manifest has "
                + ((4 << 20) + 1) + " bytes, more than the 4194304 accepted", e.getMessage());
    }

    @Test
    void redirects_areBounded() {
        HttpSender sender = new HttpSender(RegistryAccessPolicy.loopbackOnly(), RegistryClientSettings.defaults());
        IOException e = assertThrows(IOException.class, () -> sender.send(HttpCall.of("GET",
                URI.create("https://" + fake.registry() + "/loop"), Map.of(), Duration.ofSeconds(10),
                1024)));
        assertEquals("more than 5 redirects from https://" + fake.registry() + "/loop", e.getMessage());
    }

    private TestImages.Image publish(TestImages.Image image) {
        fake.manifests.put("1", image.manifest());
        fake.manifests.put(image.manifestDigest().toString(), image.manifest());
        image.blobs().forEach(blob -> fake.blobs.put(blob.ref().digest(), blob.bytes()));
        return image;
    }

    private ImageToPull toPull(BlobSink sink) {
        return new ImageToPull(ImageReference.parse(fake.registry() + "/demo:1"), USER, TestImages::chooseAmd64,
                TestImages::manifestBlobs, sink);
    }
}
