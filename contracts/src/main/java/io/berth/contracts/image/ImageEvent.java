package io.berth.contracts.image;

import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.WireType;
import io.berth.contracts.types.Digest;
import java.time.Instant;
import java.util.List;

/**
 * What happens in the local image store (aggregate type image, one aggregate per store: id {@code local}). The
 * image id is the config digest, as in Docker. References are canonical ({@code docker.io/library/busybox:latest}).
 * Owner: image-service. An image is stored only after every blob it references is in the content store.
 */
public sealed interface ImageEvent extends Event {
    Digest imageId();

    /** A complete image entered the store (import, load, pull, commit or build); appended once per image id. */
    @WireType(name = "image.stored", version = 1)
    record ImageStored(Digest imageId, Digest manifestDigest, String manifestMediaType, long manifestSize,
                       List<LayerRef> layers, long size, Instant created, String source) implements ImageEvent {
    }

    @WireType(name = "image.tagged", version = 1)
    record ImageTagged(Digest imageId, String reference) implements ImageEvent {
    }

    @WireType(name = "image.untagged", version = 1)
    record ImageUntagged(Digest imageId, String reference) implements ImageEvent {
    }

    /**
     * The image is known in a registry under this digest ({@code 127.0.0.1:5000/demo@sha256:…}), after a push or
     * a pull: Docker's RepoDigests. A new digest for the same repository replaces the old one.
     */
    @WireType(name = "image.repo-digest-recorded", version = 1)
    record ImageRepoDigestRecorded(Digest imageId, String repoDigest) implements ImageEvent {
    }

    /** The image is gone from the store (its blobs may stay while other images share them). */
    @WireType(name = "image.deleted", version = 1)
    record ImageDeleted(Digest imageId) implements ImageEvent {
    }
}
