package io.berth.tar;

import java.io.IOException;

/**
 * The input itself is bad (malformed, truncated, inconsistent or unsafe), as opposed to an I/O failure of the
 * stream or disk underneath. Callers answer it as a client error (HTTP 400); the message is meant for the user.
 */
public class InvalidArchiveException extends IOException {
    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
