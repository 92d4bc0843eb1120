package io.berth.image.registry.client;

import io.berth.contracts.types.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image ready to push: its blobs (layers and config, in the order progress should list them) and its manifest,
 * sent as-is so that its digest is preserved. The manifest goes to the target's tag, or to its digest if it has none.
 */
public record ImageToPush(ImageReference target, RegistryCredentials credentials, List<BlobToPush> blobs,
        byte[] manifest, String manifestMediaType) {
    public ImageToPush {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestMediaType, "manifestMediaType");
        credentials = credentials == null ? RegistryCredentials.ANONYMOUS : credentials;
        blobs = List.copyOf(blobs);
    }
}
