package io.berth.image.content;

import java.io.IOException;

/**
 * An ingest holds a different number of bytes than the writer promised, typically a truncated upload.
 * Unlike a digest mismatch this is recoverable, so the ingest stays open: the writer may append the
 * missing bytes and commit again, or abort.
 */
public class SizeMismatchException extends IOException {
    private final long expected;
    private final long actual;

    public SizeMismatchException(String ingestId, long expected, long actual) {
        super("ingest " + ingestId + " holds " + actual + " bytes, expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
