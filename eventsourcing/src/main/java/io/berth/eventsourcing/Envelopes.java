package io.berth.eventsourcing;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.envelope.MessageType;
import java.time.Instant;
import java.util.UUID;

/** Makes new envelopes with fresh ids; the only place ids and times are minted. */
public final class Envelopes {
    private Envelopes() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A new command that starts its own correlation chain. */
    public static <C extends Command> Envelope<C> command(AggregateType type, String aggregateId, String actor, String host, C command) {
        String id = newId();
        return new Envelope<>(id, MessageType.of(command.getClass()), type, aggregateId, 0, Instant.now(), id, null, actor, host, command);
    }

    /** A message outside any aggregate's stream and any request (container output on {@code berth.logs}). */
    public static <M extends Message> Envelope<M> notice(AggregateType type, String aggregateId, String actor, String host, M message) {
        String id = newId();
        return new Envelope<>(id, MessageType.of(message.getClass()), type, aggregateId, 0, Instant.now(), id, null, actor, host, message);
    }

    /** The event number {@code sequence} of an aggregate, caused by {@code cause}. */
    public static <E extends Event> Envelope<E> event(Envelope<? extends Command> cause, long sequence, E event) {
        return new Envelope<>(newId(), MessageType.of(event.getClass()), cause.aggregateType(), cause.aggregateId(), sequence,
                Instant.now(), cause.correlationId(), cause.id(), cause.actor(), cause.host(), event);
    }

    /** A reply to {@code cause}, keyed by its correlation id. */
    public static <M extends Message> Envelope<M> reply(Envelope<? extends Command> cause, M outcome) {
        return new Envelope<>(newId(), MessageType.of(outcome.getClass()), cause.aggregateType(), cause.aggregateId(), 0,
                Instant.now(), cause.correlationId(), cause.id(), cause.actor(), cause.host(), outcome);
    }
}
