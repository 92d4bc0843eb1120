package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingIngestTest {
    private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digests.sha256(CONTENT);

    private final MemorySink sink = new MemorySink();

    @Test
    void commit_rightBytes_reachesTheSink() throws IOException {
        VerifyingIngest ingest = new VerifyingIngest(DIGEST, CONTENT.length, sink.begin(DIGEST, CONTENT.length));
        ingest.write(CONTENT, 0, 5);
        ingest.write(CONTENT, 5, CONTENT.length - 5);
        ingest.commit();
        assertArrayEquals(CONTENT, sink.blobs.get(DIGEST));
    }

    @Test
    void commit_otherBytesOfTheSameSize_isADigestMismatchAndKeepsNothing() throws IOException {
        byte[] other = CONTENT.clone();
        other[0] ^= 1;
        VerifyingIngest ingest = new VerifyingIngest(DIGEST, CONTENT.length, sink.begin(DIGEST, CONTENT.length));
        ingest.write(other, 0, other.length);

        IOException e = assertThrows(IOException.class, ingest::commit);

        assertEquals("digest mismatch: expected " + DIGEST + ", got " + Digests.sha256(other), e.getMessage());
        assertTrue(sink.blobs.isEmpty());
        assertEquals(1, sink.aborts.get());
    }

    @Test
    void write_beyondTheExpectedSize_failsAtOnce() throws IOException {
        VerifyingIngest ingest = new VerifyingIngest(DIGEST, 3, sink.begin(DIGEST, 3));
        assertThrows(IOException.class, () -> ingest.write(CONTENT, 0, CONTENT.length));
        ingest.abort();
        assertTrue(sink.blobs.isEmpty());
    }

    @Test
    void commit_shortBlob_isRefused() throws IOException {
        VerifyingIngest ingest = new VerifyingIngest(DIGEST, CONTENT.length, sink.begin(DIGEST, CONTENT.length));
        ingest.write(CONTENT, 0, 4);
        IOException e = assertThrows(IOException.class, ingest::commit);
        assertTrue(e.getMessage().contains("has 4 bytes, expected " + CONTENT.length), e.getMessage());
        assertTrue(sink.blobs.isEmpty());
    }

    @Test
    void abort_afterCommit_changesNothing() throws IOException {
        VerifyingIngest ingest = new VerifyingIngest(DIGEST, CONTENT.length, sink.begin(DIGEST, CONTENT.length));
        ingest.write(CONTENT, 0, CONTENT.length);
        ingest.commit();
        ingest.abort();
        assertEquals(0, sink.aborts.get());
        assertEquals(1, sink.commits.get());
    }
}
