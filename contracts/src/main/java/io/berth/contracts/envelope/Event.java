package io.berth.contracts.envelope;

/** A fact that happened to one aggregate, named in the past tense. */
public interface Event extends Message {
}
