package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What to pull and where to put it. Manifest interpretation stays with the caller (the OCI model lives elsewhere):
 *
 * @param platformChooser given an index's bytes, the digest of the manifest to pull, or null if none fits
 * @param manifestBlobs given a manifest's bytes, the blobs it references: config first, then the layers
 * @param sink where blobs go; blobs it already has are skipped
 */
public record ImageToPull(ImageReference reference, RegistryCredentials credentials,
        Function<byte[], Digest> platformChooser, Function<byte[], List<BlobRef>> manifestBlobs, BlobSink sink) {
    public ImageToPull {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(platformChooser, "platformChooser");
        Objects.requireNonNull(manifestBlobs, "manifestBlobs");
        Objects.requireNonNull(sink, "sink");
        credentials = credentials == null ? RegistryCredentials.ANONYMOUS : credentials;
    }
}
