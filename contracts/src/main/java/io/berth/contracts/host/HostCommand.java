package io.berth.contracts.host;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.WireType;

/** Commands to a host aggregate, handled by the runtime-service pinned to that host. */
public sealed interface HostCommand extends Command {
    String hostId();

    @WireType(name = "host.join", version = 1)
    record JoinHost(String hostId, HostFacts facts, long heartbeatIntervalMillis) implements HostCommand {
    }

    @WireType(name = "host.record-heartbeat", version = 1)
    record RecordHeartbeat(String hostId) implements HostCommand {
    }

    @WireType(name = "host.leave", version = 1)
    record LeaveHost(String hostId, String reason) implements HostCommand {
    }

    @WireType(name = "host.cordon", version = 1)
    record CordonHost(String hostId, String reason) implements HostCommand {
    }

    @WireType(name = "host.uncordon", version = 1)
    record UncordonHost(String hostId) implements HostCommand {
    }
}
