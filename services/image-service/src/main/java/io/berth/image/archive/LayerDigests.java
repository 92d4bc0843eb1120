package io.berth.image.archive;

import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.Digest;

/**
 * What one pass over a layer yields.
 *
 * @param diffId           sha256 of the uncompressed tar (what an image config's rootfs.diff_ids lists)
 * @param compressedDigest sha256 of the gzip blob (what a manifest and the registry address)
 * @param compressedSize   bytes of the gzip blob
 * @param uncompressedSize bytes of the uncompressed tar
 */
public record LayerDigests(Digest diffId, Digest compressedDigest, long compressedSize, long uncompressedSize) {
    public LayerRef toLayerRef(String mediaType) {
        return new LayerRef(compressedDigest, diffId, compressedSize, uncompressedSize, mediaType);
    }
}
