package io.berth.eventsourcing.projection;

import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Starts a {@link ProjectionRunner} for every {@link Projection} bean of the service, and stops them on shutdown. */
@ApplicationScoped
public class Projections {
    private final Instance<Projection> projections;
    private final Mutiny.SessionFactory sessions;
    private final Pool pool;
    private final KafkaSettings settings;
    private final Map<String, ProjectionRunner> runners = new LinkedHashMap<>();

    public Projections(Instance<Projection> projections, Mutiny.SessionFactory sessions, Pool pool, KafkaSettings settings) {
        this.projections = projections;
        this.sessions = sessions;
        this.pool = pool;
        this.settings = settings;
    }

    void start(@Observes StartupEvent ev) {
        if (!projections.iterator().hasNext()) {
            return;
        }
        for (String ddl : Checkpoints.SCHEMA) {
            pool.query(ddl).execute().await().indefinitely();
        }
        for (Projection p : projections) {
            runners.put(p.name(), new ProjectionRunner(p, p.topics(), sessions, settings, MessageSerde.standard()).start());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        runners.values().forEach(ProjectionRunner::close);
    }

    public List<ProjectionStatus> statuses() {
        return runners.values().stream().map(ProjectionRunner::status).toList();
    }

    public Optional<ProjectionRunner> find(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    public ProjectionRunner get(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no projection named " + name));
    }
}
