package io.berth.eventsourcing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.Envelope;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TopicAdmin;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.projection.ProjectionRunner;
import io.berth.eventsourcing.projection.Projections;
import io.berth.eventsourcing.serde.MessageSerde;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every projection runs, against the real broker and PostgreSQL: replay from zero gives the
 * same read model, a duplicate delivery changes nothing, an older event never overwrites a newer one, and lag is
 * reported while events wait and returns to zero. Each test uses a fresh topic and fresh aggregate ids, and a
 * runner whose checkpoints are kept apart from the service's own runner.
 *
 * <p>A subclass is a {@code @QuarkusTest} that supplies the projection, sample events and a read of its model; the
 * session factory, Kafka settings and the service's projections are injected here. Rebuilding resets the
 * projection's tables, so the service's own runner for it is rebuilt after each test.
 */
public abstract class ProjectionSuite {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MessageSerde serde = MessageSerde.standard();
    private String topic;
    private String runnerName;
    private ProjectionRunner runner;
    private KafkaProducer<String, byte[]> producer;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    KafkaSettings kafka;

    @Inject
    Projections projections;

    /** The projection bean under test. */
    protected abstract Projection projection();

    /** A valid history for a new aggregate, sequences 1..n, covering the event types the projection reads (n ≥ 2). */
    protected abstract List<Envelope<?>> history(String aggregateId);

    /** An event with an old sequence (≤ the history's last) whose application would visibly change the read model. */
    protected abstract Envelope<?> staleEvent(String aggregateId);

    /** The read model's content for one aggregate, comparable with {@code equals}; null when absent. */
    protected abstract Uni<Object> read(Mutiny.Session session, String aggregateId);

    @BeforeEach
    void startRunner() {
        topic = "suite." + projection().name() + "." + UUID.randomUUID();
        TopicAdmin.ensureTopics(kafka, Map.of(topic, 3));
        producer = new KafkaProducer<>(kafka.producer());
        runnerName = "suite-" + UUID.randomUUID();
        runner = new ProjectionRunner(projection(), runnerName, List.of(topic), sessions, kafka, serde).start();
    }

    @AfterEach
    void stopRunner() throws Exception {
        runner.close();
        producer.close();
        projections.get(projection().name()).rebuild() /* the service's own runner: the suite reset its tables */.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void replayFromZeroRebuildsTheSameReadModel() throws Throwable {
        List<String> ids = List.of(newId(), newId(), newId());
        for (String id : ids) {
            publish(history(id));
        }
        caughtUp();
        List<Object> live = readAll(ids);
        live.forEach(row -> assertNotEquals(null, row, "every aggregate is in the read model"));

        runner.rebuild().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        caughtUp();
        assertEquals(live, readAll(ids), "replaying the log from offset 0 gives the same read model");
    }

    @Test
    void duplicateDeliveryChangesNothing() throws Throwable {
        String id = newId();
        List<Envelope<?>> h = history(id);
        publish(h);
        caughtUp();
        Object once = readAll(List.of(id)).get(0);
        publish(h); // the very same envelopes again, as a redelivery would bring them
        caughtUp();
        assertEquals(once, readAll(List.of(id)).get(0));
    }

    @Test
    void anOlderEventNeverOverwritesANewerOne() throws Throwable {
        String id = newId();
        publish(history(id));
        caughtUp();
        Object current = readAll(List.of(id)).get(0);
        publish(List.of(staleEvent(id)));
        caughtUp();
        assertEquals(current, readAll(List.of(id)).get(0), "an event with an old sequence is skipped");
    }

    @Test
    void aRestartedRunnerContinuesFromItsStoredOffsetsAndSequences() throws Throwable {
        List<String> ids = List.of(newId(), newId(), newId(), newId()); // spread over the topic's partitions
        for (String id : ids) {
            publish(history(id));
        }
        caughtUp();
        List<Object> live = readAll(ids);
        runner.close();

        runner = new ProjectionRunner(projection(), runnerName, List.of(topic), sessions, kafka, serde).start();
        for (String id : ids) {
            publish(List.of(staleEvent(id))); // only the stored sequences can tell that these are old
        }
        caughtUp();
        assertEquals(0, runner.status().applied(), "nothing is applied again: " + runner.status());
        assertEquals(ids.size(), runner.status().skipped(), "only the new records are read (a replay from zero would skip the histories too): "
                + runner.status());
        assertEquals(live, readAll(ids));
    }

    @Test
    void lagIsReportedWhileEventsWaitAndReturnsToZero() throws Throwable {
        caughtUp();
        runner.pause(true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String id = newId();
        List<Envelope<?>> h = history(id);
        publish(h);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.status().lag() < h.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(runner.status().lag() >= h.size(), "lag counts the waiting events: " + runner.status());
        runner.pause(false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        caughtUp();
        assertEquals(0, runner.status().lag());
        assertNotEquals(null, readAll(List.of(id)).get(0));
    }

    private void publish(List<Envelope<?>> events) throws Exception {
        for (Envelope<?> e : events) {
            producer.send(new ProducerRecord<>(topic, e.aggregateId(), serde.serialize(e))).get(10, TimeUnit.SECONDS);
        }
    }

    private void caughtUp() throws Exception {
        runner.caughtUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<Object> readAll(List<String> ids) throws Throwable {
        List<Object> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(s -> read(s, id))));
        }
        return rows;
    }

    private static String newId() {
        return "agg-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
