package io.berth.gateway.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row per host, folded from {@code berth.host.events}. Liveness is derived from {@code lastSeenAt} at read time. */
@Entity
@Table(name = "host_view")
public class HostView {
    @Id
    @Column(name = "host_id", length = 63)
    public String hostId;
    public String hostname;
    public String kernelVersion;
    public String cgroupVersion;
    public int cpus;
    public long memoryBytes;
    public String operatingSystem;
    public String architecture;
    public long heartbeatIntervalMillis;
    /** The host's runtime-service over HTTP (bulk reads of its containers); null for a host that never announced it. */
    public String apiUrl;
    /** Time of the first join ever; never changes after that. */
    public Instant firstJoinedAt;
    /** Time of the latest join (a restart of the host's runtime-service). */
    public Instant joinedAt;
    /** Time of the latest event from the host: join, heartbeat or leave. */
    public Instant lastSeenAt;
    public int joins;
    @Column(name = "has_left")
    public boolean left;
    public boolean cordoned;
}
