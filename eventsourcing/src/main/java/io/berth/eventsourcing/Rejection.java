package io.berth.eventsourcing;

/**
 * A command refused by its aggregate. {@code code} is stable for programs (e.g. {@code host.unknown}),
 * the message is for people. The mechanism publishes it as a {@code command.rejected.v1} outcome.
 */
public class Rejection extends RuntimeException {
    private final String code;

    public Rejection(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
