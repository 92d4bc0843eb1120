package io.berth.tar;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZUtils;

/**
 * The compressions Docker accepts for {@code docker import}, {@code docker load} and layer blobs, told apart by
 * their magic bytes (like Docker's {@code DecompressStream}), never by file names or media types.
 */
public enum Compression {
    NONE, GZIP, BZIP2, XZ, ZSTD;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    static Compression detect(byte[] head) {
        if (startsWith(head, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, BZIP2_MAGIC)) {
            return BZIP2;
        }
        if (startsWith(head, XZ_MAGIC)) {
            return XZ;
        }
        if (startsWith(head, ZSTD_MAGIC)) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * Sniffs the first bytes of {@code in} and returns the decompressed data. Corrupt or truncated compressed
     * data surfaces as {@link InvalidArchiveException} naming {@code what}; failures of {@code in} itself pass
     * through unchanged. Concatenated gzip/bzip2 members are read as one stream, as Go's readers do.
     */
    public static InputStream decompress(InputStream in, String what) throws IOException {
        GuardedInputStream source = new GuardedInputStream(in);
        BufferedInputStream buffered = new BufferedInputStream(source, Streams.BUFFER);
        buffered.mark(XZ_MAGIC.length);
        byte[] head = buffered.readNBytes(XZ_MAGIC.length);
        buffered.reset();
        Compression compression = detect(head);
        try {
            return switch (compression) {
                case NONE -> buffered;
                case GZIP -> new Classified(new GzipCompressorInputStream(buffered, true), source, what);
                case BZIP2 -> new Classified(new BZip2CompressorInputStream(buffered, true), source, what);
                case XZ -> {
                    if (!XZUtils.isXZCompressionAvailable()) {
                        throw new InvalidArchiveException(what + " is xz-compressed, which this server cannot read");
                    }
                    yield new Classified(new XZCompressorInputStream(buffered, true), source, what);
                }
                case ZSTD -> throw new InvalidArchiveException(what + " is zstd-compressed, which this server cannot read");
            };
        } catch (IOException e) {
            throw GuardedInputStream.classify(source, e, what);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** A decoder whose own exceptions mean "bad data". */
    private static final class Classified extends FilterInputStream {
        private final GuardedInputStream source;
        private final String what;

        Classified(InputStream decoder, GuardedInputStream source, String what) {
            super(decoder);
            this.source = source;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw GuardedInputStream.classify(source, e, what);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw GuardedInputStream.classify(source, e, what);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return Streams.skipByReading(this, n);
        }
    }
}
