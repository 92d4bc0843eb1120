package io.berth.contracts.image;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.WireType;
import io.berth.contracts.types.Digest;
import java.time.Instant;
import java.util.List;

/** Commands to the local image store; handled by image-service (topic {@code berth.image.commands}). */
public sealed interface ImageCommand extends Command {
    /** The id of the one local store aggregate. */
    String STORE = "local";

    /** Record an image whose blobs are all stored, and point {@code tags} at it (moving them from other images). */
    @WireType(name = "image.store", version = 1)
    record StoreImage(Digest imageId, Digest manifestDigest, String manifestMediaType, long manifestSize,
                      List<LayerRef> layers, long size, Instant created, String source, List<String> tags) implements ImageCommand {
    }

    /** Point {@code reference} at the image, moving it from the image that had it. */
    @WireType(name = "image.tag", version = 1)
    record TagImage(Digest imageId, String reference) implements ImageCommand {
    }

    /** Remember that a registry holds the image under {@code repoDigest} ({@code repo@sha256:…}). */
    @WireType(name = "image.record-repo-digest", version = 1)
    record RecordRepoDigest(Digest imageId, String repoDigest) implements ImageCommand {
    }

    /**
     * {@code docker rmi}: {@code reference} is the tag the user named, or null when they named the image by id.
     * {@code runningContainers} and {@code stoppedContainers} are the short ids of containers using the image,
     * as the caller saw them: a running one blocks even a forced removal, a stopped one blocks unless forced.
     */
    @WireType(name = "image.remove", version = 1)
    record RemoveImage(Digest imageId, String reference, boolean force, List<String> runningContainers,
                       List<String> stoppedContainers) implements ImageCommand {
    }
}
