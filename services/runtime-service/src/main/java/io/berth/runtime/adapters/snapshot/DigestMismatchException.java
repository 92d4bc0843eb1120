package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.IOException;

/** A blob's content does not hash to the digest it was asked for by: it is refused and nothing of it is kept. */
public final class DigestMismatchException extends IOException {
    public DigestMismatchException(Digest expected, Digest actual) {
        super("blob " + expected + " has the content of " + actual + "; refused");
    }
}
