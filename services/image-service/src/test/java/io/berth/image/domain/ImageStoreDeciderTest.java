package io.berth.image.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageCommand.RecordRepoDigest;
import io.berth.contracts.image.ImageCommand.RemoveImage;
import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.ImageCommand.TagImage;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.image.ImageEvent.ImageDeleted;
import io.berth.contracts.image.ImageEvent.ImageRepoDigestRecorded;
import io.berth.contracts.image.ImageEvent.ImageStored;
import io.berth.contracts.image.ImageEvent.ImageTagged;
import io.berth.contracts.image.ImageEvent.ImageUntagged;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.testing.GivenWhenThen;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageStoreDeciderTest {
    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    private static final Digest MANIFEST = Digest.parse("sha256:" + "c".repeat(64));
    private static final String BUSYBOX = "docker.io/library/busybox:latest";
    private static final String DEMO = "docker.io/library/demo:1";
    private static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

    private static ImageStored stored(Digest id) {
        return new ImageStored(id, MANIFEST, "application/vnd.oci.image.manifest.v1+json", 400, List.of(), 100, T, "import");
    }

    private static StoreImage store(Digest id, String... tags) {
        return new StoreImage(id, MANIFEST, "application/vnd.oci.image.manifest.v1+json", 400, List.of(), 100, T, "import", List.of(tags));
    }

    private static GivenWhenThen<ImageCommand, ImageEvent, ImageStoreState> fixture() {
        return GivenWhenThen.of(new ImageStoreDecider());
    }

    private static RemoveImage rmi(Digest id, String ref, boolean force, List<String> running, List<String> stopped) {
        return new RemoveImage(id, ref, force, running, stopped);
    }

    @Test
    void givenNothing_whenStoreWithATag_thenStoredAndTaggedCanonically() {
        fixture().when(store(A, "busybox")).then(stored(A), new ImageTagged(A, BUSYBOX));
    }

    @Test
    void givenStored_whenStoredAgain_thenNothingNew() {
        fixture().given(stored(A), new ImageTagged(A, BUSYBOX)).when(store(A, "busybox:latest")).then();
    }

    @Test
    void givenATagOnA_whenTheTagIsPutOnB_thenItMovesInOneDecision() {
        fixture().given(stored(A), new ImageTagged(A, BUSYBOX), stored(B))
                .when(new TagImage(B, "busybox")).then(new ImageUntagged(A, BUSYBOX), new ImageTagged(B, BUSYBOX));
    }

    @Test
    void givenNothing_whenTag_thenUnknown() {
        fixture().when(new TagImage(A, "busybox")).thenRejected(ImageStoreDecider.UNKNOWN);
    }

    @Test
    void whenTagIsInvalid_thenRejectedNamingIt() {
        String message = fixture().given(stored(A)).when(new TagImage(A, "Bad:Name")).thenRejected(ImageStoreDecider.INVALID);
        assertEquals(true, message.contains("invalid reference format"), message);
    }

    @Test
    void givenTwoTags_whenRemovingOne_thenOnlyUntagged() {
        fixture().given(stored(A), new ImageTagged(A, BUSYBOX), new ImageTagged(A, DEMO))
                .when(rmi(A, "demo:1", false, List.of(), List.of())).then(new ImageUntagged(A, DEMO));
    }

    @Test
    void givenTheLastTag_whenRemovingIt_thenUntaggedAndDeleted() {
        fixture().given(stored(A), new ImageTagged(A, DEMO))
                .when(rmi(A, "demo:1", false, List.of(), List.of())).then(new ImageUntagged(A, DEMO), new ImageDeleted(A));
    }

    @Test
    void givenTwoReferences_whenRemovingById_thenConflictUnlessForced() {
        var given = fixture().given(stored(A), new ImageTagged(A, BUSYBOX), new ImageTagged(A, DEMO));
        String message = given.when(rmi(A, null, false, List.of(), List.of())).thenRejected(ImageStoreDecider.CONFLICT);
        assertEquals("conflict: unable to delete aaaaaaaaaaaa (must be forced) - image is referenced in multiple repositories", message);
        fixture().given(stored(A), new ImageTagged(A, BUSYBOX), new ImageTagged(A, DEMO))
                .when(rmi(A, null, true, List.of(), List.of()))
                .then(new ImageUntagged(A, BUSYBOX), new ImageUntagged(A, DEMO), new ImageDeleted(A));
    }

    @Test
    void givenAStoppedContainer_whenRemovingTheLastReference_thenMustForce() {
        String message = fixture().given(stored(A), new ImageTagged(A, DEMO))
                .when(rmi(A, "demo:1", false, List.of(), List.of("ab011cd7f403"))).thenRejected(ImageStoreDecider.CONFLICT);
        assertEquals("conflict: unable to remove repository reference \"demo:1\" (must force) - container ab011cd7f403 is using its referenced image aaaaaaaaaaaa", message);
        fixture().given(stored(A), new ImageTagged(A, DEMO))
                .when(rmi(A, "demo:1", true, List.of(), List.of("ab011cd7f403"))).then(new ImageUntagged(A, DEMO));
    }

    @Test
    void givenARunningContainer_whenRemovingById_thenCannotBeForced() {
        String message = fixture().given(stored(A), new ImageTagged(A, DEMO))
                .when(rmi(A, null, true, List.of("d78d50a9a7ae"), List.of())).thenRejected(ImageStoreDecider.CONFLICT);
        assertEquals("conflict: unable to delete aaaaaaaaaaaa (cannot be forced) - image is being used by running container d78d50a9a7ae", message);
    }

    @Test
    void givenATagOfAnotherImage_whenRemovingItFromThisOne_thenNoSuchImage() {
        fixture().given(stored(A), stored(B), new ImageTagged(B, DEMO))
                .when(rmi(A, "demo:1", false, List.of(), List.of())).thenRejected(ImageStoreDecider.UNKNOWN);
    }

    @Test
    void givenAnImage_whenARepoDigestIsRecordedTwice_thenOneEvent_andAnotherDigestOfTheRepoReplacesIt() {
        String first = "127.0.0.1:5000/demo@sha256:" + "d".repeat(64);
        String second = "127.0.0.1:5000/demo@sha256:" + "e".repeat(64);
        fixture().given(stored(A)).when(new RecordRepoDigest(A, first)).then(new ImageRepoDigestRecorded(A, first));
        fixture().given(stored(A), new ImageRepoDigestRecorded(A, first)).when(new RecordRepoDigest(A, first)).then();
        ImageStoreState after = fixture().given(stored(A), new ImageRepoDigestRecorded(A, first))
                .when(new RecordRepoDigest(A, second)).then(new ImageRepoDigestRecorded(A, second));
        assertEquals(List.of(second), after.images().get(A).repoDigests());
        fixture().given(stored(A)).when(new RecordRepoDigest(A, "demo:1")).thenRejected(ImageStoreDecider.INVALID);
    }

    @Test
    void givenADanglingImage_whenRemovingById_thenDeleted() {
        fixture().given(stored(A)).when(rmi(A, null, false, List.of(), List.of())).then(new ImageDeleted(A));
    }
}
