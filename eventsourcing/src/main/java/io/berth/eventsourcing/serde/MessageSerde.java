package io.berth.eventsourcing.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.envelope.MessageCatalog;
import io.berth.contracts.envelope.MessageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envelopes to JSON bytes and back. The payload's class is found from the envelope's explicit wire type
 * ({@code host.joined.v1}) through a registry built from {@link MessageCatalog}, never from a Java class name.
 *
 * <p>Wire form: {@code {"id","type","aggregateType","aggregateId","sequence","time","correlationId",
 * "causationId","actor","host","payload":{…}}}.
 */
public final class MessageSerde {
    private static final MessageSerde DEFAULT = new MessageSerde(MessageCatalog.all());

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Map<MessageType, Class<? extends Message>> types = new HashMap<>();

    public MessageSerde(List<Class<? extends Message>> catalog) {
        for (Class<? extends Message> c : catalog) {
            Class<? extends Message> previous = types.put(MessageType.of(c), c);
            if (previous != null) {
                throw new IllegalStateException("wire type " + MessageType.of(c) + " is used by both "
                        + previous.getName() + " and " + c.getName());
            }
        }
    }

    public static MessageSerde standard() {
        return DEFAULT;
    }

    public ObjectMapper json() {
        return json;
    }

    public byte[] serialize(Envelope<?> e) {
        ObjectNode node = json.createObjectNode();
        node.put("id", e.id());
        node.put("type", e.type().wire());
        node.put("aggregateType", e.aggregateType().wire());
        node.put("aggregateId", e.aggregateId());
        node.put("sequence", e.sequence());
        node.put("time", e.time().toString());
        node.put("correlationId", e.correlationId());
        node.put("causationId", e.causationId());
        node.put("actor", e.actor());
        node.put("host", e.host());
        node.set("payload", json.valueToTree(e.payload()));
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Envelope<Message> deserialize(byte[] bytes) {
        try {
            return fromTree(json.readTree(bytes));
        } catch (IOException ex) {
            throw new MalformedMessageException("not a Berth envelope: " + ex.getMessage(), ex);
        }
    }

    public Envelope<Message> fromTree(JsonNode n) {
        MessageType type = MessageType.parse(text(n, "type"));
        Class<? extends Message> payloadClass = types.get(type);
        if (payloadClass == null) {
            throw new MalformedMessageException("unknown message type " + type + " (this build knows " + types.keySet() + ")", null);
        }
        try {
            Message payload = json.treeToValue(n.get("payload"), payloadClass);
            return new Envelope<>(text(n, "id"), type, AggregateType.fromWire(text(n, "aggregateType")),
                    text(n, "aggregateId"), n.path("sequence").asLong(), Instant.parse(text(n, "time")),
                    text(n, "correlationId"), optional(n, "causationId"), optional(n, "actor"),
                    optional(n, "host"), payload);
        } catch (IOException | RuntimeException ex) {
            throw new MalformedMessageException("invalid " + type + " envelope: " + ex.getMessage(), ex);
        }
    }

    public JsonNode toTree(Envelope<?> e) {
        try {
            return json.readTree(serialize(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedMessageException("envelope field '" + field + "' is missing", null);
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
