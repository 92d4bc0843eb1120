package io.berth.eventsourcing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Event;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Rejection;
import java.util.List;

/**
 * Given events, when a command, then events (or a rejection): the domain test of a {@link Decider}. Pure: the
 * state is folded with the decider's own {@code evolve}, so the test checks exactly what the owner will do.
 *
 * <pre>{@code
 * GivenWhenThen.of(new HostDecider())
 *     .given(new HostJoined(...))
 *     .when(new CordonHost("a", "maintenance"))
 *     .then(new HostCordoned("a", "maintenance"));
 * }</pre>
 */
public final class GivenWhenThen<C extends Command, E extends Event, S> {
    private final Decider<C, E, S> decider;
    private S state;

    private GivenWhenThen(Decider<C, E, S> decider) {
        this.decider = decider;
        this.state = decider.initialState();
    }

    public static <C extends Command, E extends Event, S> GivenWhenThen<C, E, S> of(Decider<C, E, S> decider) {
        return new GivenWhenThen<>(decider);
    }

    @SafeVarargs
    public final GivenWhenThen<C, E, S> given(E... history) {
        for (E e : history) {
            state = decider.evolve(state, e);
        }
        return this;
    }

    public When when(C command) {
        return new When(command);
    }

    public final class When {
        private final C command;

        private When(C command) {
            this.command = command;
        }

        /** The command yields exactly these events, in this order (none: it changes nothing). */
        @SafeVarargs
        public final S then(E... expected) {
            List<E> actual;
            try {
                actual = decider.decide(command, state);
            } catch (Rejection r) {
                throw new AssertionError("expected events " + List.of(expected) + " but " + command + " was rejected: "
                        + r.code() + ": " + r.getMessage(), r);
            }
            assertEquals(List.of(expected), actual, "events decided for " + command);
            S after = state;
            for (E e : actual) {
                after = decider.evolve(after, e);
            }
            return after;
        }

        /** The command is rejected with this code; returns the message for further checks. */
        public String thenRejected(String code) {
            try {
                List<E> actual = decider.decide(command, state);
                fail("expected rejection " + code + " but " + command + " yielded " + actual);
                return null;
            } catch (Rejection r) {
                assertEquals(code, r.code(), "rejection code; message was: " + r.getMessage());
                return r.getMessage();
            }
        }
    }
}
