package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.util.Objects;

/** A blob a manifest points at: what the OCI spec calls a descriptor, reduced to what transfer needs. */
public record BlobRef(Digest digest, long size, String mediaType) {
    public BlobRef {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("blob size must not be negative: " + size);
        }
    }
}
