package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A blob sink in memory that counts commits and aborts. */
final class MemorySink implements BlobSink {
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();

    @Override
    public boolean has(Digest digest) {
        return blobs.containsKey(digest);
    }

    @Override
    public Ingest begin(Digest digest, long size) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new Ingest() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                buffer.write(bytes, offset, length);
            }

            @Override
            public void commit() {
                blobs.put(digest, buffer.toByteArray());
                commits.incrementAndGet();
            }

            @Override
            public void abort() {
                aborts.incrementAndGet();
            }
        };
    }
}
