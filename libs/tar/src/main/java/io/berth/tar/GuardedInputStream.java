package io.berth.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the stream a parser reads from. It remembers whether that stream itself failed, so the parser's own
 * exceptions (bad data: {@link InvalidArchiveException}) can be told apart from I/O failures underneath (which
 * pass through unchanged). It also counts bytes and enforces an optional bound.
 */
final class GuardedInputStream extends FilterInputStream {
    private final long limit;
    private final String limitMessage;
    private boolean failed;
    private boolean ended;
    private long count;

    GuardedInputStream(InputStream in) {
        this(in, Long.MAX_VALUE, null);
    }

    GuardedInputStream(InputStream in, long limit, String limitMessage) {
        super(in);
        this.limit = limit;
        this.limitMessage = limitMessage;
    }

    boolean failed() {
        return failed;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (InvalidArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        if (n < 0) {
            ended = true;
        } else if (n > 0) {
            count += n;
            if (count > limit) {
                throw new InvalidArchiveException(limitMessage);
            }
        }
        return n;
    }

    /** Reads instead of skipping so that every byte passes through (callers may be hashing below us). */
    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /**
     * Turns an exception thrown by a parser reading from {@code source} into the right kind: the source's own
     * failures stay as they are, anything else means the data is bad.
     */
    static IOException classify(GuardedInputStream source, IOException e, String what) {
        if (e instanceof InvalidArchiveException || source.failed()) {
            return e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The data ran out and then the parser complained: the input was cut short.
        if (e instanceof java.io.EOFException || source.ended) {
            return new InvalidArchiveException(what + " is truncated (" + detail + ")", e);
        }
        return new InvalidArchiveException(what + " is malformed: " + detail, e);
    }
}
