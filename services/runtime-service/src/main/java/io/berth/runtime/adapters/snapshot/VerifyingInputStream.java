package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes every byte read through it, so a blob is verified while it streams into the unpacker instead of being
 * stored first and read twice. {@link #verify()} is meaningful only once the stream has been read to its end.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final MessageDigest hash;

    VerifyingInputStream(InputStream in, Digest expected) {
        super(in);
        this.expected = expected;
        this.hash = newHash(expected.algorithm());
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
            hash.update(b, off, n);
        }
        return n;
    }

    /** Reads instead of skipping, so skipped bytes are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        return io.berth.tar.Streams.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    void verify() throws DigestMismatchException {
        Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(hash.digest()));
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(expected, actual);
        }
    }

    private static MessageDigest newHash(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha256" -> "SHA-256";
                case "sha512" -> "SHA-512";
                default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
