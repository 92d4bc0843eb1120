package io.berth.image.registry.client;

import java.util.List;

/**
 * A registry operation failed. Messages say what was tried and why it failed ("Tried to check blob exists for
 * 127.0.0.1:5000/demo with digest sha256:… but failed because: …"). Subclasses mark the cases a caller decides on:
 * {@link RegistryUnauthorizedException} and {@link RegistryNotFoundException}; everything else (network, timeouts,
 * digest mismatches, other statuses) is this class.
 */
public class RegistryException extends Exception {
    private final int statusCode;
    private final List<RegistryError> errors;

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.statusCode = 0;
        this.errors = List.of();
    }

    public RegistryException(String message, int statusCode, List<RegistryError> errors) {
        super(message);
        this.statusCode = statusCode;
        this.errors = List.copyOf(errors);
    }

    /** "Tried to {action} but failed because: {reason}". */
    static String describe(String action, String reason) {
        return "Tried to " + action + " but failed because: " + reason;
    }

    /** The HTTP status the registry answered with, or 0 if there was no answer. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry's error entries, possibly empty. */
    public List<RegistryError> errors() {
        return errors;
    }
}
