package io.berth.contracts.envelope;

/** Every payload that travels in an {@link Envelope}: an event, a command or a command outcome. */
public interface Message {
}
