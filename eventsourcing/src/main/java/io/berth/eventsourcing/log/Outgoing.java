package io.berth.eventsourcing.log;

import io.berth.contracts.envelope.Envelope;

/** One envelope to write, with the topic and record key it goes to. */
public record Outgoing(String topic, String key, Envelope<?> envelope) {
}
