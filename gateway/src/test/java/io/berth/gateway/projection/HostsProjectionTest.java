package io.berth.gateway.projection;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.host.HostFacts;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.testing.ProjectionSuite;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class HostsProjectionTest extends ProjectionSuite {
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    @Inject
    HostsProjection projection;

    @Override
    protected Projection projection() {
        return projection;
    }

    @Override
    protected List<Envelope<?>> history(String hostId) {
        HostFacts facts = new HostFacts(hostId, "6.1.0", CgroupVersion.V2, 4, 8L << 30, "Debian", "amd64", "http://127.0.0.1:28081");
        return List.of(
                event(hostId, 1, new HostEvent.HostJoined(hostId, facts, 3000)),
                event(hostId, 2, new HostEvent.HostHeartbeat(hostId)),
                event(hostId, 3, new HostEvent.HostCordoned(hostId, "disk")),
                event(hostId, 4, new HostEvent.HostLeft(hostId, "stop")),
                event(hostId, 5, new HostEvent.HostJoined(hostId, facts, 3000)),
                event(hostId, 6, new HostEvent.HostHeartbeat(hostId)));
    }

    @Override
    protected Envelope<?> staleEvent(String hostId) {
        HostFacts other = new HostFacts("renamed", "1.0", CgroupVersion.V1, 64, 1L << 40, "Other", "arm64");
        return event(hostId, 2, new HostEvent.HostJoined(hostId, other, 1));
    }

    @Override
    protected Uni<Object> read(Mutiny.Session session, String hostId) {
        return session.find(HostView.class, hostId).map(v -> v == null ? null : List.of(v.hostname, v.kernelVersion, v.cgroupVersion,
                v.cpus, v.memoryBytes, v.heartbeatIntervalMillis, v.firstJoinedAt, v.joinedAt, v.lastSeenAt, v.joins, v.left, v.cordoned,
                String.valueOf(v.apiUrl)));
    }

    private static Envelope<?> event(String hostId, long sequence, HostEvent e) {
        return new Envelope<>(UUID.randomUUID().toString(), MessageType.of(e.getClass()), AggregateType.HOST, hostId, sequence,
                T0.plusSeconds(sequence), "test", null, "test", hostId, e);
    }
}
