package io.berth.contracts.image;

import io.berth.contracts.types.Digest;

/**
 * One layer of an image: the blob as stored and transferred ({@code digest}, {@code size}, {@code mediaType},
 * usually gzip-compressed) and the digest of its uncompressed tar ({@code diffId}, what the config's rootfs lists).
 */
public record LayerRef(Digest digest, Digest diffId, long size, long uncompressedSize, String mediaType) {
}
