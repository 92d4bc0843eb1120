package io.berth.eventsourcing;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Event;
import java.util.List;

/**
 * An aggregate's behaviour as two pure functions: {@code evolve} folds one event into the state, {@code decide}
 * answers a command with the events it causes, or throws {@link Rejection}. No framework types, no I/O: the
 * mechanism ({@link io.berth.eventsourcing.command.AggregateRepository}) loads, folds, appends and replies.
 *
 * <p>Returning no events is a valid answer (the command changes nothing), which is how repeated requests
 * such as "start a running container" stay harmless.
 */
public interface Decider<C extends Command, E extends Event, S> {
    AggregateType aggregateType();

    String aggregateId(C command);

    S initialState();

    List<E> decide(C command, S state);

    S evolve(S state, E event);
}
