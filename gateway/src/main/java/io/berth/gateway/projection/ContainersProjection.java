package io.berth.gateway.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerCreated;
import io.berth.contracts.container.ContainerEvent.ContainerExited;
import io.berth.contracts.container.ContainerEvent.ContainerRemovalStarted;
import io.berth.contracts.container.ContainerEvent.ContainerRemoved;
import io.berth.contracts.container.ContainerEvent.ContainerRenamed;
import io.berth.contracts.container.ContainerEvent.ContainerRestartScheduled;
import io.berth.contracts.container.ContainerEvent.ContainerStartFailed;
import io.berth.contracts.container.ContainerEvent.ContainerStarted;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.serde.MessageSerde;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Folds container events into {@link ContainerView} rows, one per container, gone once the container is removed. */
@ApplicationScoped
public class ContainersProjection implements Projection {
    public static final String NAME = "gateway.containers";

    private final ContainerChanges changes;

    public ContainersProjection(ContainerChanges changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.CONTAINER_EVENTS);
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, Envelope<Message> event) {
        if (!(event.payload() instanceof ContainerEvent e)) {
            return Uni.createFrom().voidItem();
        }
        changes.applied(event);
        if (e instanceof ContainerCreated c) {
            return session.persist(created(c)); // a container's first event: the runner applies it once, so no row exists
        }
        if (e instanceof ContainerRemoved) {
            // Flush first: a row inserted earlier in this batch must not be written after the delete.
            return session.flush().chain(() -> session.createMutationQuery("delete from ContainerView where containerId = :id")
                    .setParameter("id", e.containerId()).executeUpdate()).invoke(session::clear).replaceWithVoid();
        }
        return session.find(ContainerView.class, e.containerId()).invoke(v -> {
            if (v != null) {
                evolve(v, e);
            }
        }).replaceWithVoid();
    }

    private static ContainerView created(ContainerCreated c) {
        ContainerView v = new ContainerView();
        v.containerId = c.containerId();
        v.name = c.name();
        v.hostId = c.hostId();
        v.image = c.config().image();
        v.imageId = c.config().imageId() == null ? null : c.config().imageId().toString();
        v.config = json(c.config());
        v.hostSettings = json(c.hostSettings());
        v.status = "created";
        v.error = "";
        v.ports = "[]";
        v.created = c.created();
        return v;
    }

    /** Docker's state transitions, as {@code docker inspect} shows them. */
    static void evolve(ContainerView v, ContainerEvent e) {
        if (e instanceof ContainerStarted s) {
            v.status = "running";
            v.pid = s.pid();
            v.startedAt = s.startedAt();
            v.ports = json(s.ports());
            v.restartCount = s.restartCount();
            v.runs++;
            v.startFailed = false;
            v.exitCode = 0;
            v.error = "";
            v.oomKilled = false;
        } else if (e instanceof ContainerStartFailed f) {
            // The process never ran: a created container stays created, as Docker shows it.
            if (!v.status.equals("created")) {
                v.status = "exited";
            }
            v.exitCode = f.exitCode();
            v.error = f.error();
            v.startFailed = true;
        } else if (e instanceof ContainerExited x) {
            v.status = "exited";
            v.pid = 0;
            v.exitCode = x.exitCode();
            v.oomKilled = x.oomKilled();
            v.finishedAt = x.finishedAt();
            v.ports = "[]";
        } else if (e instanceof ContainerRestartScheduled r) {
            v.status = "restarting";
            v.restartCount = r.restartCount();
        } else if (e instanceof ContainerRenamed r) {
            v.name = r.newName();
        } else if (e instanceof ContainerRemovalStarted) {
            v.status = "removing";
        }
        // stop-requested and restart-declined change nothing a reader sees
    }

    @Override
    public Uni<Void> reset(Mutiny.Session session) {
        return session.createMutationQuery("delete from ContainerView").executeUpdate().replaceWithVoid();
    }

    static String json(Object value) {
        try {
            return MessageSerde.standard().json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
