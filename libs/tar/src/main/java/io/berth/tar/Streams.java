package io.berth.tar;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small stream helpers the JDK lacks (shared by the tar reader and image-service's archive code). */
public final class Streams {
    public static final int BUFFER = 64 * 1024;

    private Streams() {
    }

    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    public static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    public static long drain(InputStream in) throws IOException {
        return skipByReading(in, Long.MAX_VALUE);
    }

    /** Reads a small file-like stream whole, refusing more than {@code max} bytes. */
    public static byte[] readBounded(InputStream in, int max, String what) throws IOException {
        byte[] data = in.readNBytes(max + 1);
        if (data.length > max) {
            throw new InvalidArchiveException(what + " is larger than " + max + " bytes");
        }
        return data;
    }

    /** Keeps a wrapper's close() from closing the caller's stream. */
    public static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
