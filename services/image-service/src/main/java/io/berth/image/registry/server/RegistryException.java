package io.berth.image.registry.server;

import java.util.List;

/**
 * A request the registry refuses, with the {@link RegistryError} to answer. {@code message} replaces the table's
 * message when the situation has a more precise one (as registry 2.8 does for OCI content negotiation);
 * {@code detail} is any JSON value, typically naming the offending digest, tag or name.
 */
public final class RegistryException extends RuntimeException {
    /** One entry of the {@code errors} array. */
    public record Entry(RegistryError error, String message, Object detail) {
    }

    private final List<Entry> entries;

    public RegistryException(RegistryError error, Object detail) {
        this(List.of(new Entry(error, error.message(), detail)));
    }

    public RegistryException(RegistryError error, String message, Object detail) {
        this(List.of(new Entry(error, message, detail)));
    }

    /** Several errors of one kind at once, e.g. every blob a manifest references that is missing. */
    public RegistryException(List<Entry> entries) {
        super(entries.get(0).error().code() + ": " + entries.get(0).message() + " " + entries.get(0).detail(), null, false, false);
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The HTTP status of the answer: that of the first error. */
    public int status() {
        return entries.get(0).error().status();
    }
}
