package io.berth.contracts.registry;

import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.WireType;
import io.berth.contracts.types.Digest;
import java.util.List;

/**
 * What happens to one repository of Berth's registry (aggregate type repository, id = repository name, e.g.
 * {@code library/busybox}). Owner: image-service, the only writer. The bytes live in image-service's content
 * store; these events say which of them a repository holds, because the distribution API scopes every blob,
 * manifest and tag to a repository.
 */
public sealed interface RepositoryEvent extends Event {
    String repository();

    /** A blob was uploaded to, or mounted into, the repository; it may now be fetched and referenced there. */
    @WireType(name = "registry.blob-linked", version = 1)
    record BlobLinked(String repository, Digest digest, long size) implements RepositoryEvent {
    }

    /**
     * A manifest or index was pushed. {@code references} are the blobs (and, for an index, the manifests) it needs,
     * all present in the repository when it was stored.
     */
    @WireType(name = "registry.manifest-stored", version = 1)
    record ManifestStored(String repository, Digest digest, String mediaType, long size, List<Digest> references)
            implements RepositoryEvent {
        public ManifestStored {
            references = List.copyOf(references);
        }
    }

    /** The tag now names the manifest; moving a tag is just another tag-set. */
    @WireType(name = "registry.tag-set", version = 1)
    record TagSet(String repository, String tag, Digest digest) implements RepositoryEvent {
    }

    /** The tag, which named {@code digest}, is gone; the manifest stays. */
    @WireType(name = "registry.tag-deleted", version = 1)
    record TagDeleted(String repository, String tag, Digest digest) implements RepositoryEvent {
    }

    /** The manifest is gone from the repository, and with it every tag that named it. */
    @WireType(name = "registry.manifest-deleted", version = 1)
    record ManifestDeleted(String repository, Digest digest) implements RepositoryEvent {
    }

    /** The blob can no longer be fetched through this repository (its bytes may stay while others use them). */
    @WireType(name = "registry.blob-unlinked", version = 1)
    record BlobUnlinked(String repository, Digest digest) implements RepositoryEvent {
    }
}
