package io.berth.contracts.envelope;

import java.time.Instant;
import java.util.Objects;

/**
 * What travels on every Berth topic: routing and causality metadata around one typed payload.
 *
 * <ul>
 *   <li>{@code id}: unique id of this message (an event id, or a command id).</li>
 *   <li>{@code type}: the payload's wire type, e.g. {@code host.joined.v1}.</li>
 *   <li>{@code aggregateType}, {@code aggregateId}: the aggregate it belongs to (the record key).</li>
 *   <li>{@code sequence}: for events, the position in the aggregate's own stream: 1, 2, 3 … with no gaps.
 *       Commands and outcomes are not part of a stream and carry 0.</li>
 *   <li>{@code correlationId}: the request that started the chain; {@code causationId}: the message that caused
 *       this one (for events: the command id, which is how a repeated command is recognised).</li>
 *   <li>{@code actor}: who asked; {@code host}: the host the message concerns, where relevant, else null.</li>
 * </ul>
 */
public record Envelope<M extends Message>(
        String id,
        MessageType type,
        AggregateType aggregateType,
        String aggregateId,
        long sequence,
        Instant time,
        String correlationId,
        String causationId,
        String actor,
        String host,
        M payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        if (!MessageType.of(payload.getClass()).equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + payload.getClass().getSimpleName());
        }
    }
}
