package io.berth.image.archive;

import io.berth.contracts.types.Digest;
import java.util.Objects;

/**
 * One layer of an image in a {@code docker save} archive.
 *
 * @param diffId digest of the uncompressed tar
 * @param size   bytes of the uncompressed tar, or -1 if not known (the writer then measures it first)
 * @param tar    opens the uncompressed tar
 */
public record ArchiveLayer(Digest diffId, long size, TarSource tar) {
    public ArchiveLayer {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(tar, "tar");
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or at least 0");
        }
    }
}
