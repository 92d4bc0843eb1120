package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.io.IOException;

/**
 * Where pulled blobs go (the content store, in the service). A blob is written through an {@link Ingest} that stays
 * invisible until {@link Ingest#commit()}; the client verifies size and digest before committing and aborts on any
 * failure, so a sink never holds half-written or wrong content. Implementations must accept calls from several
 * threads (blobs are pulled in parallel), though each ingest is used by one thread at a time.
 */
public interface BlobSink {

    /** True if the blob is already stored: the client then skips it ("Already exists"). */
    boolean has(Digest digest) throws IOException;

    /** Starts receiving a blob of the given size. */
    Ingest begin(Digest digest, long size) throws IOException;

    /** One blob being received. */
    interface Ingest {
        void write(byte[] bytes, int offset, int length) throws IOException;

        /** Makes the blob visible; called only after its size and digest were verified. */
        void commit() throws IOException;

        /** Drops everything written; must not throw, may be called more than once. */
        void abort();
    }
}
