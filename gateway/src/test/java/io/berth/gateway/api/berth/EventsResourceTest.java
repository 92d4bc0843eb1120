package io.berth.gateway.api.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.host.HostFacts;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The SSE event stream over real HTTP, fed from the real broker: replay, resume without loss or duplicates, filters. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class EventsResourceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/api/v1/events")
    URL events;

    @Inject
    KafkaSettings kafka;

    @Test
    void replaysFromTheStartThenResumesAfterLastEventIdWithoutLossOrDuplicates() throws Exception {
        String host = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> firstIds = publish(host, 1, 4);
        List<SseClient.Event> seen;
        try (SseClient sse = new SseClient(URI.create(events + "?aggregateType=host"), null)) {
            seen = sse.await(e -> e.data().contains(host), 4, WAIT);
        }
        assertEquals(firstIds, ids(seen), "replay from the start delivers every event once, in order");
        String resumeFrom = seen.get(1).id(); // the client got two events, then lost its connection

        List<String> moreIds = publish(host, 5, 6);
        try (SseClient sse = new SseClient(URI.create(events.toString()), resumeFrom)) {
            List<SseClient.Event> resumed = sse.await(e -> e.data().contains(host), 4, WAIT);
            List<String> expected = new ArrayList<>(firstIds.subList(2, 4));
            expected.addAll(moreIds);
            assertEquals(expected, ids(resumed), "resuming delivers exactly the events after Last-Event-ID");
            assertEquals(List.of(), sse.await(e -> e.data().contains(host), 1, Duration.ofSeconds(1)), "and nothing more");
        }
    }

    @Test
    void filtersByEventTypeAndStartsAtATime() throws Exception {
        String host = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        publish(host, 1, 3);
        Instant between = Instant.now();
        Thread.sleep(20);
        List<String> later = publish(host, 4, 5);
        try (SseClient sse = new SseClient(URI.create(events + "?type=host.heartbeat&since=" + between), null)) {
            List<SseClient.Event> got = sse.await(e -> e.data().contains(host), 2, WAIT);
            assertEquals(later, ids(got));
            got.forEach(e -> assertEquals("host.heartbeat.v1", e.name()));
        }
    }

    /** Publishes a joined event at {@code from} if it is 1, heartbeats otherwise; returns the event ids. */
    private List<String> publish(String host, int from, int to) throws Exception {
        MessageSerde serde = MessageSerde.standard();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer())) {
            for (int seq = from; seq <= to; seq++) {
                HostEvent e = seq == 1
                        ? new HostEvent.HostJoined(host, new HostFacts(host, "6.1", CgroupVersion.V2, 1, 1L << 30, "Debian", "amd64"), 3000)
                        : new HostEvent.HostHeartbeat(host);
                var env = new Envelope<>(UUID.randomUUID().toString(), MessageType.of(e.getClass()), AggregateType.HOST, host, seq,
                        Instant.now(), "test", null, "test", host, e);
                producer.send(new ProducerRecord<>(Topics.HOST_EVENTS, host, serde.serialize(env))).get(10, TimeUnit.SECONDS);
                ids.add(env.id());
            }
        }
        return ids;
    }

    private static List<String> ids(List<SseClient.Event> events) {
        MessageSerde serde = MessageSerde.standard();
        return events.stream().map(e -> serde.deserialize(e.data().getBytes()).id()).toList();
    }
}
