package io.berth.image.application;

import io.berth.image.archive.LayerDigests;
import io.berth.image.content.ContentStore;
import io.berth.image.content.Ingest;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a layer blob straight into the content store as it is produced (validated tar in, gzip out): the blob
 * becomes visible only if the whole layer was valid and its digest and size check out; otherwise the ingest is gone.
 */
final class LayerIngest {
    /** Produces a layer into {@code out} and says what it produced. */
    @FunctionalInterface
    interface LayerWriter {
        LayerDigests write(OutputStream out) throws IOException;
    }

    private LayerIngest() {
    }

    static LayerDigests store(ContentStore content, LayerWriter writer) throws IOException {
        Ingest ingest = content.begin();
        try {
            LayerDigests digests = writer.write(ingest.outputStream());
            ingest.commit(digests.compressedDigest(), digests.compressedSize());
            return digests;
        } catch (IOException | RuntimeException e) {
            ingest.abort();
            throw e;
        }
    }
}
