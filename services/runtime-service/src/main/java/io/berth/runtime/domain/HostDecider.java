package io.berth.runtime.domain;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.host.HostCommand;
import io.berth.contracts.host.HostCommand.CordonHost;
import io.berth.contracts.host.HostCommand.JoinHost;
import io.berth.contracts.host.HostCommand.LeaveHost;
import io.berth.contracts.host.HostCommand.RecordHeartbeat;
import io.berth.contracts.host.HostCommand.UncordonHost;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.host.HostEvent.HostCordoned;
import io.berth.contracts.host.HostEvent.HostHeartbeat;
import io.berth.contracts.host.HostEvent.HostJoined;
import io.berth.contracts.host.HostEvent.HostLeft;
import io.berth.contracts.host.HostEvent.HostUncordoned;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Rejection;
import java.util.List;

/**
 * The host aggregate. Every start of a runtime-service is a new {@code host.joined} (its facts may have changed);
 * heartbeats need a joined host; leaving or (un)cordoning twice changes nothing.
 */
public final class HostDecider implements Decider<HostCommand, HostEvent, HostState> {
    @Override
    public AggregateType aggregateType() {
        return AggregateType.HOST;
    }

    @Override
    public String aggregateId(HostCommand command) {
        return command.hostId();
    }

    @Override
    public HostState initialState() {
        return HostState.UNKNOWN;
    }

    @Override
    public List<HostEvent> decide(HostCommand command, HostState state) {
        if (command instanceof JoinHost j) {
            return List.of(new HostJoined(j.hostId(), j.facts(), j.heartbeatIntervalMillis()));
        }
        if (command instanceof RecordHeartbeat h) {
            requireJoined(state, h.hostId(), "record a heartbeat");
            return List.of(new HostHeartbeat(h.hostId()));
        }
        if (command instanceof LeaveHost l) {
            return state.joined() && !state.left() ? List.of(new HostLeft(l.hostId(), l.reason())) : List.of();
        }
        if (command instanceof CordonHost c) {
            requireKnown(state, c.hostId(), "cordon");
            return state.cordoned() ? List.of() : List.of(new HostCordoned(c.hostId(), c.reason()));
        }
        UncordonHost u = (UncordonHost) command;
        requireKnown(state, u.hostId(), "uncordon");
        return state.cordoned() ? List.of(new HostUncordoned(u.hostId())) : List.of();
    }

    @Override
    public HostState evolve(HostState state, HostEvent event) {
        if (event instanceof HostJoined j) {
            return new HostState(true, false, state.cordoned(), j.facts());
        }
        if (event instanceof HostLeft) {
            return new HostState(state.joined(), true, state.cordoned(), state.facts());
        }
        if (event instanceof HostCordoned) {
            return new HostState(state.joined(), state.left(), true, state.facts());
        }
        if (event instanceof HostUncordoned) {
            return new HostState(state.joined(), state.left(), false, state.facts());
        }
        return state; // a heartbeat changes nothing the aggregate decides on
    }

    private static void requireKnown(HostState state, String hostId, String action) {
        if (!state.joined()) {
            throw new Rejection("host.unknown", "cannot " + action + ": host " + hostId + " has never joined");
        }
    }

    private static void requireJoined(HostState state, String hostId, String action) {
        requireKnown(state, hostId, action);
        if (state.left()) {
            throw new Rejection("host.left", "cannot " + action + ": host " + hostId + " has left");
        }
    }
}
