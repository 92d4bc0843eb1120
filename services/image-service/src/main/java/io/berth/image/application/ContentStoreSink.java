package io.berth.image.application;

import io.berth.contracts.types.Digest;
import io.berth.image.content.ContentStore;
import io.berth.image.registry.client.BlobSink;
import java.io.IOException;

/** Pulled blobs go straight into the content store, through an ingest that is committed only when verified. */
final class ContentStoreSink implements BlobSink {
    private final ContentStore content;

    ContentStoreSink(ContentStore content) {
        this.content = content;
    }

    @Override
    public boolean has(Digest digest) {
        return content.exists(digest);
    }

    @Override
    public BlobSink.Ingest begin(Digest digest, long size) throws IOException {
        io.berth.image.content.Ingest ingest = content.begin(); // qualified: BlobSink.Ingest shadows the name here
        return new BlobSink.Ingest() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ingest.write(bytes, offset, length);
            }

            @Override
            public void commit() throws IOException {
                ingest.commit(digest, size); // the store checks digest and size once more
            }

            @Override
            public void abort() {
                try {
                    ingest.abort();
                } catch (IOException ignored) {
                    // an ingest that cannot be removed is swept later
                }
            }
        };
    }
}
