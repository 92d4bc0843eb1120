package io.berth.image.registry.client;

import java.util.Objects;

/**
 * One blob of an image to push.
 *
 * @param progressId the id shown in progress events; Docker shows 12 hex characters of the layer's DiffID
 * @param mountFrom a repository on the same registry known to hold the blob (tried as a cross-repository mount), or
 *     null
 */
public record BlobToPush(BlobRef blob, String progressId, String mountFrom, BlobSource source) {
    public BlobToPush {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(progressId, "progressId");
        Objects.requireNonNull(source, "source");
    }

    /** Progress under the blob's own short digest, no mount source. */
    public static BlobToPush of(BlobRef blob, BlobSource source) {
        return new BlobToPush(blob, blob.digest().shortHex(), null, source);
    }

    public BlobToPush withMountFrom(String repository) {
        return new BlobToPush(blob, progressId, repository, source);
    }

    public BlobToPush withProgressId(String id) {
        return new BlobToPush(blob, id, mountFrom, source);
    }
}
