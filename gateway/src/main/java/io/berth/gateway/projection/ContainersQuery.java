package io.berth.gateway.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.PublishedPort;
import io.berth.eventsourcing.serde.MessageSerde;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads the containers view and resolves what users type for a container, in Docker's order: the full id, then
 * the name (with or without the leading {@code /}), then a unique id prefix. Every read first waits for the
 * {@link ContainersViewBarrier}: it sees whatever the gateway has already answered.
 */
@ApplicationScoped
public class ContainersQuery {
    private final Mutiny.SessionFactory sessions;
    private final ContainersViewBarrier barrier;

    public ContainersQuery(Mutiny.SessionFactory sessions, ContainersViewBarrier barrier) {
        this.sessions = sessions;
        this.barrier = barrier;
    }

    /** Every container, newest first. */
    public Uni<List<Container>> all() {
        return barrier.settled().chain(() -> sessions.withSession(s -> s.createSelectionQuery(
                        "from ContainerView order by created desc, containerId", ContainerView.class).getResultList()))
                .map(rows -> rows.stream().map(Container::of).toList());
    }

    /** The container {@code reference} names; empty when none does; a failure when an id prefix is ambiguous. */
    public Uni<Optional<Container>> resolve(String reference) {
        String name = reference.startsWith("/") ? reference.substring(1) : reference;
        String prefix = reference.matches("[a-f0-9]{1,64}") ? reference + "%" : "-";
        return barrier.settled().chain(() -> sessions.withSession(s -> s.createSelectionQuery(
                                "from ContainerView where containerId = :id or name = :name or containerId like :prefix", ContainerView.class)
                        .setParameter("id", reference).setParameter("name", name).setParameter("prefix", prefix).getResultList()))
                .map(rows -> pick(rows.stream().map(Container::of).toList(), reference));
    }

    static Optional<Container> pick(List<Container> candidates, String reference) {
        String name = reference.startsWith("/") ? reference.substring(1) : reference;
        for (Container c : candidates) {
            if (c.id().equals(reference)) {
                return Optional.of(c);
            }
        }
        for (Container c : candidates) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        List<Container> byPrefix = candidates.stream().filter(c -> !reference.isEmpty() && c.id().startsWith(reference)).toList();
        if (byPrefix.size() > 1) {
            throw new AmbiguousPrefixException(reference);
        }
        return byPrefix.stream().findFirst();
    }

    /** The container using {@code name}, if any: the name-conflict check of create and rename. */
    public Uni<Optional<Container>> byName(String name) {
        return barrier.settled().chain(() -> sessions.withSession(s -> s.createSelectionQuery(
                        "from ContainerView where name = :name", ContainerView.class).setParameter("name", name).getResultList()))
                .map(rows -> rows.stream().map(Container::of).findFirst());
    }

    /** Containers per host id: what placement balances. */
    public Uni<Map<String, Long>> countByHost() {
        return barrier.settled().chain(() -> sessions.withSession(s -> s.createSelectionQuery(
                        "select hostId, count(*) from ContainerView group by hostId", Object[].class).getResultList()))
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** Docker's error for a prefix that matches more than one container. */
    public static class AmbiguousPrefixException extends RuntimeException {
        public AmbiguousPrefixException(String prefix) {
            super("Multiple IDs found with provided prefix: " + prefix, null, false, false);
        }
    }

    /** A container as the gateway shows it. */
    public record Container(String id, String name, String hostId, String image, String imageId, ContainerConfig config,
                            HostSettings hostSettings, String status, long pid, int exitCode, String error, boolean oomKilled,
                            Instant startedAt, Instant finishedAt, int restartCount, int runs, boolean startFailed,
                            List<PublishedPort> ports, Instant created) {
        private static final ObjectMapper JSON = MessageSerde.standard().json();

        static Container of(ContainerView v) {
            try {
                return new Container(v.containerId, v.name, v.hostId, v.image, v.imageId,
                        JSON.readValue(v.config, ContainerConfig.class), JSON.readValue(v.hostSettings, HostSettings.class),
                        v.status, v.pid, v.exitCode, v.error == null ? "" : v.error, v.oomKilled, v.startedAt, v.finishedAt,
                        v.restartCount, v.runs, v.startFailed,
                        JSON.readValue(v.ports == null ? "[]" : v.ports, new TypeReference<List<PublishedPort>>() { }), v.created);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String shortId() {
            return id.substring(0, 12);
        }

        /** Docker's State.Running: true while the process runs, and during a restart policy's delay. */
        public boolean running() {
            return status.equals("running") || status.equals("restarting");
        }
    }
}
