package io.berth.eventsourcing.reply;

/** A command's owner did not answer before the caller's deadline; the command may still be handled later. */
public class NoReplyException extends RuntimeException {
    public NoReplyException(String message) {
        super(message);
    }
}
