package io.berth.gateway.projection;

import static io.berth.gateway.projection.ContainerHistories.created;
import static io.berth.gateway.projection.ContainerHistories.event;
import static io.berth.gateway.projection.ContainerHistories.exited;
import static io.berth.gateway.projection.ContainerHistories.started;

import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.envelope.Envelope;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.testing.ProjectionSuite;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The containers view under the projection suite. The suite's aggregate id is turned into a container id; the
 * history covers start, failure, exit, restart, rename and the start of a removal (a removed container has no row).
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class ContainersProjectionTest extends ProjectionSuite {
    @Inject
    ContainersProjection projection;

    @Override
    protected Projection projection() {
        return projection;
    }

    @Override
    protected List<Envelope<?>> history(String aggregate) {
        String id = aggregate;
        return List.of(
                event(id, 1, created(id, "c-" + aggregate, Map.of("app", "web"))),
                event(id, 2, new ContainerEvent.ContainerStartFailed(id, 127, "exec: \"nope\": executable file not found in $PATH")),
                event(id, 3, started(id, 0)),
                event(id, 4, exited(id, 1)),
                event(id, 5, new ContainerEvent.ContainerRestartScheduled(id, 1, 100, "on-failure")),
                event(id, 6, started(id, 1)),
                event(id, 7, new ContainerEvent.ContainerStopRequested(id, "SIGTERM", 10)),
                event(id, 8, exited(id, 137)),
                event(id, 9, new ContainerEvent.ContainerRestartDeclined(id, "manual stop")),
                event(id, 10, new ContainerEvent.ContainerRenamed(id, "c-" + aggregate, "renamed-" + aggregate)),
                event(id, 11, new ContainerEvent.ContainerRemovalStarted(id)));
    }

    @Override
    protected Envelope<?> staleEvent(String aggregate) {
        return event(aggregate, 6, started(aggregate, 99));
    }

    @Override
    protected Uni<Object> read(Mutiny.Session session, String aggregate) {
        return session.find(ContainerView.class, aggregate).map(v -> v == null ? null : Arrays.asList(v.name, v.hostId, v.image, v.imageId,
                v.config, v.hostSettings, v.status, v.pid, v.exitCode, v.error, v.oomKilled, v.startedAt, v.finishedAt, v.restartCount,
                v.runs, v.startFailed, v.ports, v.created));
    }
}
