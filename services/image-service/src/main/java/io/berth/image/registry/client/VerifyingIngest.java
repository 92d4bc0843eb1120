package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * Hashes and counts bytes on their way into a sink's ingest, and commits only if the blob has exactly the expected
 * size and digest; anything else aborts the ingest. Synchronized because a timed-out download may still deliver a
 * last chunk on an HTTP client thread while the caller aborts.
 */
final class VerifyingIngest implements BlobSink.Ingest {
    private final Digest expected;
    private final long expectedSize;
    private final BlobSink.Ingest delegate;
    private final MessageDigest hasher;
    private long received;
    private boolean closed;

    VerifyingIngest(Digest expected, long expectedSize, BlobSink.Ingest delegate) {
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.delegate = delegate;
        this.hasher = Digests.newHasher(expected.algorithm());
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("blob " + expected + " is no longer being received");
        }
        received += length;
        if (received > expectedSize) {
            throw new IOException("blob " + expected + " is larger than the expected " + expectedSize + " bytes");
        }
        hasher.update(bytes, offset, length);
        delegate.write(bytes, offset, length);
    }

    synchronized long received() {
        return received;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (closed) {
            throw new IOException("blob " + expected + " is no longer being received");
        }
        if (received != expectedSize) {
            abort();
            throw new IOException("blob " + expected + " has " + received + " bytes, expected " + expectedSize);
        }
        Digest actual = Digests.finish(expected.algorithm(), hasher);
        if (!actual.equals(expected)) {
            abort();
            throw new IOException("digest mismatch: expected " + expected + ", got " + actual);
        }
        closed = true;
        delegate.commit();
    }

    @Override
    public synchronized void abort() {
        if (!closed) {
            closed = true;
            delegate.abort();
        }
    }
}
