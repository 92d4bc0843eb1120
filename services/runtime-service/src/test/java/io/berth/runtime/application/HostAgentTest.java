package io.berth.runtime.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.host.HostCommand;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.HostId;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TopicAdmin;
import io.berth.eventsourcing.reply.CommandBus;
import io.berth.eventsourcing.reply.NoReplyException;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.adapters.linux.HostFactsProbe;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host slice end to end inside runtime-service, on the real broker: join, heartbeats, commands over the bus. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_runtime"))
class HostAgentTest {
    private static final String HOST = "runtime-test";

    @Inject
    KafkaSettings kafka;

    @Inject
    CommandBus bus;

    @Test
    void joinsWithItsFactsThenHeartbeatsWithContiguousSequences() throws Exception {
        List<Envelope<Message>> events = awaitEvents(e -> e.stream().filter(x -> x.payload() instanceof HostEvent.HostHeartbeat).count() >= 2);
        Envelope<Message> first = events.get(0);
        HostEvent.HostJoined joined = assertInstanceOf(HostEvent.HostJoined.class, first.payload());
        assertEquals(new HostFactsProbe(Path.of("/")).probe().kernelVersion(), joined.facts().kernelVersion());
        assertEquals(1000, joined.heartbeatIntervalMillis());
        assertTrue(joined.facts().apiUrl().startsWith("http://127.0.0.1:"), "announces where its HTTP API is: " + joined.facts().apiUrl());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).sequence(), "sequences have no gap");
            assertEquals(HOST, events.get(i).aggregateId());
        }
    }

    @Test
    void aCordonSentOverTheBusIsAppliedOnceEvenWhenResent() {
        var cordon = Envelopes.command(AggregateType.HOST, HOST, "test", HOST, new HostCommand.CordonHost(HOST, "maintenance"));
        String topic = Topics.runtimeCommands(new HostId(HOST));
        var first = assertInstanceOf(CommandOutcome.CommandAccepted.class, bus.send(topic, cordon, Duration.ofSeconds(10)).await().indefinitely());
        assertEquals(1, first.eventIds().size());
        var again = assertInstanceOf(CommandOutcome.CommandAccepted.class, bus.send(topic, cordon, Duration.ofSeconds(10)).await().indefinitely());
        assertEquals(List.of(), again.eventIds(), "the same command id appends nothing the second time");
        long cordoned = read().stream().filter(e -> e.payload() instanceof HostEvent.HostCordoned).count();
        assertEquals(1, cordoned);

        var uncordon = Envelopes.command(AggregateType.HOST, HOST, "test", HOST, new HostCommand.UncordonHost(HOST));
        var undone = assertInstanceOf(CommandOutcome.CommandAccepted.class, bus.send(topic, uncordon, Duration.ofSeconds(10)).await().indefinitely());
        assertEquals(1, undone.eventIds().size());
    }

    @Test
    void aCommandForAHostThatNeverJoinedIsRejectedWithAReason() {
        var cordon = Envelopes.command(AggregateType.HOST, "ghost", "test", "ghost", new HostCommand.CordonHost("ghost", "x"));
        var outcome = bus.send(Topics.runtimeCommands(new HostId(HOST)), cordon, Duration.ofSeconds(10)).await().indefinitely();
        var rejected = assertInstanceOf(CommandOutcome.CommandRejected.class, outcome);
        assertEquals("host.unknown", rejected.code());
        assertTrue(rejected.reason().contains("ghost"), rejected.reason());
    }

    @Test
    void aCommandNobodyHandlesFailsAtItsDeadlineWithAClearError() {
        String topic = Topics.runtimeCommands(new HostId("nobody-home"));
        TopicAdmin.ensureTopics(kafka, Map.of(topic, 1));
        var cordon = Envelopes.command(AggregateType.HOST, "nobody-home", "test", "nobody-home", new HostCommand.CordonHost("nobody-home", "x"));
        long start = System.nanoTime();
        var e = assertThrows(NoReplyException.class, () -> bus.send(topic, cordon, Duration.ofMillis(1500)).await().atMost(Duration.ofSeconds(10)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains(topic) && e.getMessage().contains("host.cordon.v1"), e.getMessage());
        assertTrue(tookMs >= 1400 && tookMs < 8000, "failed after " + tookMs + " ms");
    }

    private List<Envelope<Message>> read() {
        return new AggregateStreamReader(kafka, MessageSerde.standard()).read(Topics.HOST_EVENTS, HOST);
    }

    private List<Envelope<Message>> awaitEvents(java.util.function.Predicate<List<Envelope<Message>>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Envelope<Message>> events = read();
        while (!done.test(events) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            events = read();
        }
        assertTrue(done.test(events), "events so far: " + events);
        return events;
    }
}
