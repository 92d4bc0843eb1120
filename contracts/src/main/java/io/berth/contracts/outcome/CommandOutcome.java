package io.berth.contracts.outcome;

import io.berth.contracts.envelope.Message;
import io.berth.contracts.envelope.WireType;
import java.util.List;

/**
 * How a command ended, published by its owner on {@code berth.command.outcomes} keyed by correlation id, so the
 * caller that waits for a reply learns the result whether or not any event was appended.
 */
public sealed interface CommandOutcome extends Message {
    String commandId();

    String commandType();

    /** The command was handled; {@code eventIds} is empty when it changed nothing (e.g. a repeated command). */
    @WireType(name = "command.accepted", version = 1)
    record CommandAccepted(String commandId, String commandType, long lastSequence, List<String> eventIds)
            implements CommandOutcome {
    }

    /** The owner refused the command; {@code code} is stable for programs, {@code reason} is for people. */
    @WireType(name = "command.rejected", version = 1)
    record CommandRejected(String commandId, String commandType, String code, String reason)
            implements CommandOutcome {
    }
}
