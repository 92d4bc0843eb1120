package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where layer blobs come from (image-service in production, a map in tests). The stream is the blob as stored,
 * possibly compressed, and unverified: {@link LayerStore} checks the digest itself.
 */
@FunctionalInterface
public interface BlobSource {
    /**
     * Opens the blob; the caller closes the stream.
     *
     * @throws BlobNotFoundException if the source has no such blob
     */
    InputStream open(Digest digest) throws IOException;
}
