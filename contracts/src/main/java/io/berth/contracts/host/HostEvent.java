package io.berth.contracts.host;

import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.WireType;

/** Everything that happens to a host aggregate; the aggregate id is the host id. Owner: runtime-service on that host. */
public sealed interface HostEvent extends Event {
    String hostId();

    /** The runtime-service of a host started and announced itself (again after every restart). */
    @WireType(name = "host.joined", version = 1)
    record HostJoined(String hostId, HostFacts facts, long heartbeatIntervalMillis) implements HostEvent {
    }

    /** The host is alive; a host whose heartbeats stop is shown as down. */
    @WireType(name = "host.heartbeat", version = 1)
    record HostHeartbeat(String hostId) implements HostEvent {
    }

    /** The runtime-service shut down cleanly. */
    @WireType(name = "host.left", version = 1)
    record HostLeft(String hostId, String reason) implements HostEvent {
    }

    /** No new containers are placed on the host until it is uncordoned. */
    @WireType(name = "host.cordoned", version = 1)
    record HostCordoned(String hostId, String reason) implements HostEvent {
    }

    @WireType(name = "host.uncordoned", version = 1)
    record HostUncordoned(String hostId) implements HostEvent {
    }
}
