package io.berth.image.archive;

import io.berth.tar.Streams;
import io.berth.contracts.types.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes (sha256) and counts every byte read through it, and optionally copies it to a sink as it goes. */
final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest sha256 = Sha256.newDigest();
    private final OutputStream copy;
    private long count;

    DigestingInputStream(InputStream in) {
        this(in, null);
    }

    DigestingInputStream(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
            if (copy != null) {
                copy.write(b, off, n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    Digest digest() {
        return Digest.sha256(sha256.digest());
    }

    long count() {
        return count;
    }
}
