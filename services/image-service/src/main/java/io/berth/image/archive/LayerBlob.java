package io.berth.image.archive;

import io.berth.tar.SafeTarReader;
import io.berth.tar.TarPolicy;
import io.berth.tar.Streams;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Turns an uncompressed layer tar into a gzip blob in one pass: every member is validated, the tar bytes are
 * digested (the diffID) and compressed, and the compressed bytes are digested and counted as they are written.
 * The tar bytes are kept exactly as given, so the diffID is that of the input.
 *
 * <p>The gzip is deterministic: no mtime, no file name, OS byte 255 ("unknown", as Go writes), level 6. The same
 * tar therefore gives the same blob digest on every import, as long as the JDK's zlib does not change.
 */
public final class LayerBlob {
    private LayerBlob() {
    }

    /**
     * Validates and compresses {@code uncompressedTar} into {@code out}, which is flushed but not closed.
     * If this throws, what was written to {@code out} is garbage: write into a private temporary location and
     * publish it only after this returns.
     */
    public static LayerDigests write(InputStream uncompressedTar, TarPolicy policy, OutputStream out) throws IOException {
        return write(uncompressedTar, policy, out, "layer");
    }

    static LayerDigests write(InputStream uncompressedTar, TarPolicy policy, OutputStream out, String context)
            throws IOException {
        DigestingOutputStream compressed = new DigestingOutputStream(out);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(compressed, deterministicGzip());
        // Tar headers arrive 512 bytes at a time; batching them spares the deflater many tiny calls.
        BufferedOutputStream batched = new BufferedOutputStream(gzip, Streams.BUFFER);
        DigestingInputStream tarBytes = new DigestingInputStream(uncompressedTar, batched);
        // Not closed: that would close the caller's stream; the reader holds nothing else.
        SafeTarReader reader = SafeTarReader.uncompressed(tarBytes, policy, context);
        while (reader.next() != null) {
            // next() reads past each member's content, so all of it flows through the digest and the gzip.
        }
        reader.drainRemainder();
        batched.flush();
        gzip.finish();
        compressed.flush();
        return new LayerDigests(tarBytes.digest(), compressed.digest(), compressed.count(), tarBytes.count());
    }

    static GzipParameters deterministicGzip() {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
        parameters.setModificationTime(0);
        parameters.setOS(GzipParameters.OS.UNKNOWN);
        parameters.setBufferSize(Streams.BUFFER);
        return parameters;
    }
}
