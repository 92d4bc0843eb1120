package io.berth.image.registry.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** At most {@code length} bytes of a stream, reporting the running count (for upload progress). */
final class SliceInputStream extends FilterInputStream {
    private final long length;
    private final LongConsumer onRead;
    private long read;

    SliceInputStream(InputStream in, long length, LongConsumer onRead) {
        super(in);
        this.length = length;
        this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (read >= length) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, length - read));
        if (n > 0) {
            read += n;
            onRead.accept(read);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return 0; // only read sequentially by the HTTP client
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), length - read);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
