package io.berth.image.application;

import io.berth.contracts.types.Digest;
import io.berth.image.archive.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The uncompressed digest (diffID) and size of a stored layer blob, read once. */
record LayerMeasure(Digest diffId, long uncompressedSize) {
    static LayerMeasure of(InputStream blob, String what) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (InputStream in = Compression.decompress(blob, what)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                size += n;
            }
        }
        return new LayerMeasure(Digest.sha256(sha.digest()), size);
    }
}
