package io.berth.eventsourcing.serde;

/** Bytes on a topic that are not a valid envelope of a type this build knows. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
