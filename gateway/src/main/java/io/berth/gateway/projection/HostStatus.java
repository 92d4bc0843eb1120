package io.berth.gateway.projection;

import java.time.Duration;
import java.time.Instant;

/** A host's liveness as the gateway sees it: {@code up}, {@code down} (heartbeats stopped) or {@code left} (shut down cleanly). */
public enum HostStatus {
    UP, DOWN, LEFT;

    /** Down once {@code missed} heartbeat intervals have passed without any event from the host. */
    public static HostStatus of(HostView v, Instant now, int missed) {
        if (v.left) {
            return LEFT;
        }
        Duration silent = Duration.between(v.lastSeenAt, now);
        return silent.toMillis() > v.heartbeatIntervalMillis * missed ? DOWN : UP;
    }

    public String wire() {
        return name().toLowerCase();
    }
}
