package io.berth.image.archive;

import io.berth.tar.SafeTarReader;
import io.berth.tar.TarPolicy;
import io.berth.tar.Compression;
import io.berth.tar.Streams;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * One read of a layer blob (plain or compressed): every member validated under the policy, and the digests of the
 * blob as stored and of its uncompressed tar (the diffID) computed on the way. Used for archive layers and for
 * pulled layers alike, so a layer from anywhere passes the same checks before an image may use it.
 */
public record LayerCheck(Digest blobDigest, Digest diffId, long uncompressedSize) {
    public static LayerCheck read(InputStream raw, TarPolicy policy, String label) throws IOException {
        DigestingInputStream blob = new DigestingInputStream(raw);
        DigestingInputStream tar = new DigestingInputStream(Compression.decompress(blob, label));
        SafeTarReader reader = SafeTarReader.uncompressed(tar, policy, label);
        while (reader.next() != null) {
            // validation is the point; next() reads past each member's content
        }
        reader.drainRemainder();
        Streams.drain(blob);
        return new LayerCheck(blob.digest(), tar.digest(), tar.count());
    }
}
