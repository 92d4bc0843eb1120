package io.berth.image.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.registry.RepositoryCommand;
import io.berth.contracts.registry.RepositoryCommand.DeleteManifest;
import io.berth.contracts.registry.RepositoryCommand.DeleteTag;
import io.berth.contracts.registry.RepositoryCommand.LinkBlob;
import io.berth.contracts.registry.RepositoryCommand.SetTag;
import io.berth.contracts.registry.RepositoryCommand.StoreManifest;
import io.berth.contracts.registry.RepositoryCommand.UnlinkBlob;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.contracts.registry.RepositoryEvent.BlobLinked;
import io.berth.contracts.registry.RepositoryEvent.BlobUnlinked;
import io.berth.contracts.registry.RepositoryEvent.ManifestDeleted;
import io.berth.contracts.registry.RepositoryEvent.ManifestStored;
import io.berth.contracts.registry.RepositoryEvent.TagDeleted;
import io.berth.contracts.registry.RepositoryEvent.TagSet;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.testing.GivenWhenThen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryDeciderTest {
    private static final String REPO = "demo/app";
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final Digest CONFIG = digest('c');
    private static final Digest LAYER = digest('1');
    private static final Digest MANIFEST = digest('e');
    private static final Digest OTHER = digest('f');

    private static Digest digest(char hex) {
        return Digest.parse("sha256:" + String.valueOf(hex).repeat(64));
    }

    private static GivenWhenThen<RepositoryCommand, RepositoryEvent, RepositoryState> fixture() {
        return GivenWhenThen.of(new RepositoryDecider());
    }

    private static BlobLinked linked(Digest d) {
        return new BlobLinked(REPO, d, 10);
    }

    private static ManifestStored stored(Digest d) {
        return new ManifestStored(REPO, d, OCI, 400, List.of(CONFIG, LAYER));
    }

    private static StoreManifest store(Digest d, String tag) {
        return new StoreManifest(REPO, d, OCI, 400, List.of(CONFIG, LAYER), tag);
    }

    @Test
    void givenNothing_whenLinkBlob_thenBlobLinked() {
        fixture().when(new LinkBlob(REPO, LAYER, 10)).then(linked(LAYER));
    }

    @Test
    void givenLinked_whenLinkedAgain_thenNothingNew() {
        fixture().given(linked(LAYER)).when(new LinkBlob(REPO, LAYER, 10)).then();
    }

    @Test
    void whenTheNameBreaksTheGrammar_thenNameInvalidNamingIt() {
        for (String bad : List.of("Demo", "demo//app", "-demo", "demo-", "demo/", "a..b", "a___b", "x".repeat(256))) {
            String message = fixture().when(new LinkBlob(bad, LAYER, 10)).thenRejected(RepositoryDecider.NAME_INVALID);
            assertTrue(message.contains(bad), message);
        }
    }

    @Test
    void namesOfTheSpecsGrammarAreValid() {
        for (String good : List.of("a", "library/busybox", "a.b_c__d---e/f0/9", "x".repeat(255))) {
            assertTrue(RepositoryNames.isValidName(good), good);
        }
    }

    @Test
    void givenConfigAndLayer_whenStoreManifestByTag_thenStoredAndTaggedInOneDecision() {
        fixture().given(linked(CONFIG), linked(LAYER)).when(store(MANIFEST, "1"))
                .then(stored(MANIFEST), new TagSet(REPO, "1", MANIFEST));
    }

    @Test
    void givenOnlyTheConfig_whenStoreManifest_thenManifestBlobUnknownNamingTheLayer() {
        String message = fixture().given(linked(CONFIG)).when(store(MANIFEST, "1")).thenRejected(RepositoryDecider.MANIFEST_BLOB_UNKNOWN);
        assertTrue(message.contains(LAYER.toString()), message);
    }

    @Test
    void givenStoredAndTagged_whenPushedAgain_thenNothingNew() {
        fixture().given(linked(CONFIG), linked(LAYER), stored(MANIFEST), new TagSet(REPO, "1", MANIFEST))
                .when(store(MANIFEST, "1")).then();
    }

    @Test
    void givenATagOnOneManifest_whenAnotherIsPushedWithIt_thenTheTagMoves() {
        fixture().given(linked(CONFIG), linked(LAYER), stored(MANIFEST), new TagSet(REPO, "1", MANIFEST))
                .when(store(OTHER, "1")).then(stored(OTHER), new TagSet(REPO, "1", OTHER));
    }

    @Test
    void givenItsManifests_whenAnIndexIsStored_thenStored() {
        fixture().given(linked(CONFIG), linked(LAYER), stored(MANIFEST))
                .when(new StoreManifest(REPO, OTHER, INDEX, 300, List.of(MANIFEST), "multi"))
                .then(new ManifestStored(REPO, OTHER, INDEX, 300, List.of(MANIFEST)), new TagSet(REPO, "multi", OTHER));
    }

    @Test
    void givenNothing_whenAnIndexReferencesAnUnknownManifest_thenManifestBlobUnknown() {
        fixture().when(new StoreManifest(REPO, OTHER, INDEX, 300, List.of(MANIFEST), null))
                .thenRejected(RepositoryDecider.MANIFEST_BLOB_UNKNOWN);
    }

    @Test
    void whenATagBreaksTheGrammar_thenTagInvalid() {
        for (String bad : List.of(".hidden", "-x", "a/b", "x".repeat(129), "t@g")) {
            fixture().given(linked(CONFIG), linked(LAYER)).when(store(MANIFEST, bad)).thenRejected(RepositoryDecider.TAG_INVALID);
        }
        assertTrue(RepositoryNames.isValidTag("_" + "x".repeat(127)));
        assertTrue(RepositoryNames.isValidTag("v1.2-rc_3"));
    }

    @Test
    void givenAManifest_whenSetTag_thenTagSet_andAgainNothing() {
        RepositoryState after = fixture().given(linked(CONFIG), linked(LAYER), stored(MANIFEST))
                .when(new SetTag(REPO, "latest", MANIFEST)).then(new TagSet(REPO, "latest", MANIFEST));
        assertEquals(Map.of("latest", MANIFEST), after.tags());
        fixture().given(stored(MANIFEST), new TagSet(REPO, "latest", MANIFEST)).when(new SetTag(REPO, "latest", MANIFEST)).then();
    }

    @Test
    void givenNothing_whenSetTag_thenManifestUnknown() {
        fixture().when(new SetTag(REPO, "latest", MANIFEST)).thenRejected(RepositoryDecider.MANIFEST_UNKNOWN);
    }

    @Test
    void givenATag_whenDeleteTag_thenTagDeletedAndTheManifestStays() {
        RepositoryState after = fixture().given(stored(MANIFEST), new TagSet(REPO, "1", MANIFEST))
                .when(new DeleteTag(REPO, "1")).then(new TagDeleted(REPO, "1", MANIFEST));
        assertTrue(after.tags().isEmpty());
        assertTrue(after.manifests().containsKey(MANIFEST));
    }

    @Test
    void givenNoSuchTag_whenDeleteTag_thenManifestUnknown() {
        fixture().when(new DeleteTag(REPO, "1")).thenRejected(RepositoryDecider.MANIFEST_UNKNOWN);
    }

    @Test
    void givenATaggedManifest_whenDeleteManifest_thenItAndItsTagsAreGone() {
        RepositoryState after = fixture().given(stored(MANIFEST), stored(OTHER), new TagSet(REPO, "1", MANIFEST),
                        new TagSet(REPO, "2", MANIFEST), new TagSet(REPO, "keep", OTHER))
                .when(new DeleteManifest(REPO, MANIFEST)).then(new ManifestDeleted(REPO, MANIFEST));
        assertEquals(Map.of("keep", OTHER), after.tags());
        assertFalse(after.manifests().containsKey(MANIFEST));
    }

    @Test
    void givenNoSuchManifest_whenDeleteManifest_thenManifestUnknown() {
        fixture().when(new DeleteManifest(REPO, MANIFEST)).thenRejected(RepositoryDecider.MANIFEST_UNKNOWN);
    }

    @Test
    void givenALinkedBlob_whenUnlinked_thenBlobUnlinked_andUnknownAfterwards() {
        RepositoryState after = fixture().given(linked(LAYER)).when(new UnlinkBlob(REPO, LAYER)).then(new BlobUnlinked(REPO, LAYER));
        assertTrue(after.isEmpty());
        fixture().given(linked(LAYER), new BlobUnlinked(REPO, LAYER)).when(new UnlinkBlob(REPO, LAYER))
                .thenRejected(RepositoryDecider.BLOB_UNKNOWN);
    }
}
