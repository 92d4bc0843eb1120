package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.IOException;

/** The blob source does not have the blob (image-service answered 404): retrying will not help. */
public final class BlobNotFoundException extends IOException {
    private final transient Digest digest;

    public BlobNotFoundException(Digest digest, String detail) {
        super("blob " + digest + " not found: " + detail);
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
