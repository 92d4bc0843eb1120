package io.berth.image.archive;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.util.List;

/**
 * One image in a {@code docker save} archive: its config as stored (whose digest is the image ID), the tags it
 * carries and its layers bottom-up. The config array is not copied; treat it as read-only.
 */
public record ArchiveImage(Digest imageId, byte[] config, List<ImageReference> repoTags, List<ArchiveLayer> layers) {
    public ArchiveImage {
        if (!Sha256.of(config).equals(imageId)) {
            throw new IllegalArgumentException("image ID " + imageId + " is not the digest of the config");
        }
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }

    public static ArchiveImage of(byte[] config, List<ImageReference> repoTags, List<ArchiveLayer> layers) {
        return new ArchiveImage(Sha256.of(config), config, repoTags, layers);
    }

    /** How messages name the image: its first tag, else its short ID. */
    String label() {
        return repoTags.isEmpty() ? imageId.shortHex() : repoTags.get(0).familiar();
    }
}
