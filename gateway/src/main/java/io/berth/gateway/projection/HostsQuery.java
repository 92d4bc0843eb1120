package io.berth.gateway.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads the hosts view, with liveness derived at the time of the read. */
@ApplicationScoped
public class HostsQuery {
    private final Mutiny.SessionFactory sessions;
    private final int missedHeartbeats;

    public HostsQuery(Mutiny.SessionFactory sessions,
                      @ConfigProperty(name = "berth.hosts.down-after-missed-heartbeats", defaultValue = "3") int missedHeartbeats) {
        this.sessions = sessions;
        this.missedHeartbeats = missedHeartbeats;
    }

    public Uni<List<Host>> all() {
        Instant now = Instant.now();
        return sessions.withSession(s -> s.createSelectionQuery("from HostView order by hostId", HostView.class).getResultList())
                .map(rows -> rows.stream().map(v -> Host.of(v, HostStatus.of(v, now, missedHeartbeats))).toList());
    }

    public Uni<Host> one(String hostId) {
        Instant now = Instant.now();
        return sessions.withSession(s -> s.find(HostView.class, hostId))
                .map(v -> v == null ? null : Host.of(v, HostStatus.of(v, now, missedHeartbeats)));
    }

    /** A host as the API shows it. */
    public record Host(String id, String status, boolean cordoned, String hostname, String kernelVersion, String cgroupVersion,
                       int cpus, long memoryBytes, String operatingSystem, String architecture, Instant firstJoinedAt,
                       Instant joinedAt, Instant lastSeenAt, int joins, long heartbeatIntervalMillis, String apiUrl) {
        static Host of(HostView v, HostStatus status) {
            return new Host(v.hostId, status.wire(), v.cordoned, v.hostname, v.kernelVersion, v.cgroupVersion, v.cpus,
                    v.memoryBytes, v.operatingSystem, v.architecture, v.firstJoinedAt, v.joinedAt, v.lastSeenAt, v.joins,
                    v.heartbeatIntervalMillis, v.apiUrl);
        }

        public boolean up() {
            return status.equals(HostStatus.UP.wire());
        }
    }
}
