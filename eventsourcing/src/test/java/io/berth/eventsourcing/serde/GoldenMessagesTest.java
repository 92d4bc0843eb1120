package io.berth.eventsourcing.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.envelope.MessageCatalog;
import io.berth.contracts.envelope.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message type in the catalog has a golden JSON file (contracts' test resources, {@code golden/<type>.json})
 * that must read into that type and write back to the same JSON. Renaming a record, a field or a wire type fails
 * here before it can break the replay of events already in the log.
 */
class GoldenMessagesTest {
    private final MessageSerde serde = MessageSerde.standard();

    @TestFactory
    Stream<DynamicTest> everyMessageTypeRoundTripsItsGoldenFile() {
        List<Class<? extends Message>> all = MessageCatalog.all();
        return all.stream().map(c -> DynamicTest.dynamicTest(MessageType.of(c).wire(), () -> {
            String wire = MessageType.of(c).wire();
            byte[] golden = read("golden/" + wire + ".json");
            Envelope<Message> e = serde.deserialize(golden);
            assertEquals(c, e.payload().getClass(), "payload class of " + wire);
            JsonNode expected = serde.json().readTree(golden);
            JsonNode actual = serde.json().readTree(serde.serialize(e));
            assertEquals(expected, actual, "re-serialised " + wire + " differs from its golden file");
        }));
    }

    @Test
    void aHostJoinedWrittenBeforeHostsAnnouncedTheirApiUrlReadsItAsNull() {
        String json = new String(read("golden/host.joined.v1.json"), StandardCharsets.UTF_8)
                .replace(", \"apiUrl\": \"http://127.0.0.1:28081\"", "");
        assertEquals(false, json.contains("apiUrl"), "the old form has no apiUrl");
        var e = serde.deserialize(json.getBytes(StandardCharsets.UTF_8));
        var joined = (io.berth.contracts.host.HostEvent.HostJoined) e.payload();
        assertEquals(null, joined.facts().apiUrl());
        assertEquals("node-a", joined.facts().hostname());
    }

    @Test
    void anUnknownTypeIsRefusedWithItsName() {
        String json = new String(read("golden/host.heartbeat.v1.json"), StandardCharsets.UTF_8).replace("host.heartbeat.v1", "host.exploded.v9");
        var e = assertThrows(MalformedMessageException.class, () -> serde.deserialize(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, e.getMessage().contains("host.exploded.v9"), e.getMessage());
    }

    @Test
    void aMissingEnvelopeFieldIsNamed() {
        String json = new String(read("golden/host.heartbeat.v1.json"), StandardCharsets.UTF_8).replace("\"aggregateId\"", "\"aggregateIdx\"");
        var e = assertThrows(MalformedMessageException.class, () -> serde.deserialize(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, e.getMessage().contains("aggregateId"), e.getMessage());
    }

    private static byte[] read(String resource) {
        try (InputStream in = GoldenMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "missing golden file " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
