package io.berth.image.archive;

import io.berth.contracts.types.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes (sha256) and counts every byte written through it. Closing it does not close the sink. */
final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Sha256.newDigest();
    private long count;

    DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    Digest digest() {
        return Digest.sha256(sha256.digest());
    }

    long count() {
        return count;
    }
}
