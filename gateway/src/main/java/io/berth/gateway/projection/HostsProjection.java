package io.berth.gateway.projection;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.host.HostEvent.HostCordoned;
import io.berth.contracts.host.HostEvent.HostJoined;
import io.berth.contracts.host.HostEvent.HostLeft;
import io.berth.contracts.host.HostEvent.HostUncordoned;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.projection.Projection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Folds host events into {@link HostView} rows. */
@ApplicationScoped
public class HostsProjection implements Projection {
    @Override
    public String name() {
        return "gateway.hosts";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.HOST_EVENTS);
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, Envelope<Message> event) {
        if (!(event.payload() instanceof HostEvent e)) {
            return Uni.createFrom().voidItem();
        }
        return session.find(HostView.class, e.hostId()).chain(found -> {
            if (found == null && !(e instanceof HostJoined)) {
                return Uni.createFrom().voidItem(); // events before a join cannot happen; nothing to show
            }
            HostView v = found != null ? found : new HostView();
            v.lastSeenAt = event.time();
            if (e instanceof HostJoined j) {
                v.hostId = j.hostId();
                v.hostname = j.facts().hostname();
                v.kernelVersion = j.facts().kernelVersion();
                v.cgroupVersion = j.facts().cgroupVersion().wire();
                v.cpus = j.facts().cpus();
                v.memoryBytes = j.facts().memoryBytes();
                v.operatingSystem = j.facts().operatingSystem();
                v.architecture = j.facts().architecture();
                v.heartbeatIntervalMillis = j.heartbeatIntervalMillis();
                v.apiUrl = j.facts().apiUrl();
                v.firstJoinedAt = v.firstJoinedAt == null ? event.time() : v.firstJoinedAt;
                v.joinedAt = event.time();
                v.joins++;
                v.left = false;
            } else if (e instanceof HostLeft) {
                v.left = true;
            } else if (e instanceof HostCordoned) {
                v.cordoned = true;
            } else if (e instanceof HostUncordoned) {
                v.cordoned = false;
            }
            return found != null ? Uni.createFrom().voidItem() : session.persist(v);
        });
    }

    @Override
    public Uni<Void> reset(Mutiny.Session session) {
        return session.createMutationQuery("delete from HostView").executeUpdate().replaceWithVoid();
    }
}
