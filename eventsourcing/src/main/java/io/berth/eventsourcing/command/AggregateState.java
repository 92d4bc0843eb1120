package io.berth.eventsourcing.command;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Event;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An aggregate's folded state, its version (the sequence of its last event) and the ids of the commands that
 * caused its most recent events, so a redelivered or resent command is recognised and appends nothing.
 */
final class AggregateState<S> {
    /** How many command ids to remember per aggregate; a resend arrives within seconds, not thousands of commands later. */
    private static final int REMEMBERED_COMMANDS = 1024;

    private final S state;
    private final long version;
    private final LinkedHashSet<String> handledCommands;

    private AggregateState(S state, long version, LinkedHashSet<String> handledCommands) {
        this.state = state;
        this.version = version;
        this.handledCommands = handledCommands;
    }

    static <S> AggregateState<S> initial(S state) {
        return new AggregateState<>(state, 0, new LinkedHashSet<>());
    }

    S state() {
        return state;
    }

    long version() {
        return version;
    }

    boolean hasHandled(String commandId) {
        return handledCommands.contains(commandId);
    }

    /** The state after {@code events}; {@code commandId} is remembered even when it caused no event. */
    <E extends Event> AggregateState<S> after(List<Envelope<E>> events, BiFunction<S, E, S> evolve, String commandId) {
        S s = state;
        long v = version;
        LinkedHashSet<String> handled = new LinkedHashSet<>(handledCommands);
        for (Envelope<E> e : events) {
            if (e.sequence() != v + 1) {
                throw new IllegalStateException("aggregate " + e.aggregateId() + " has event " + e.sequence()
                        + " after " + v + ": its stream has a gap or a duplicate");
            }
            s = evolve.apply(s, e.payload());
            v = e.sequence();
            remember(handled, e.causationId());
        }
        remember(handled, commandId);
        return new AggregateState<>(s, v, handled);
    }

    private static void remember(Set<String> handled, String commandId) {
        if (commandId == null) {
            return;
        }
        handled.add(commandId);
        if (handled.size() > REMEMBERED_COMMANDS) {
            handled.remove(handled.iterator().next());
        }
    }
}
