package io.berth.eventsourcing.command;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Envelope;
import io.berth.eventsourcing.log.ConsumedOffsets;
import java.util.concurrent.CompletableFuture;

/**
 * Whoever answers one aggregate type's commands from a command topic. Usually an {@link AggregateRepository};
 * a service whose commands need side effects first (runtime-service launching a process) puts its own handler in
 * front, which still appends through the repository so the outcome and the consumed offset stay in one transaction.
 */
public interface CommandHandler<C extends Command> {
    /** Completes once the outcome (and any events) are durable; {@code input} is committed with them. */
    CompletableFuture<?> handle(Envelope<C> command, ConsumedOffsets input);

    /** This process no longer owns the topic's partitions: drop cached state. */
    void forgetAll();
}
