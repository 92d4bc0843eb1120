package io.berth.image.content;

import io.berth.contracts.types.Digest;
import java.io.IOException;

/** The bytes of an ingest do not hash to the digest the writer promised; the ingest has been deleted. */
public class DigestMismatchException extends IOException {
    private final transient Digest expected;
    private final transient Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("content digest " + actual + " does not match the expected digest " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
