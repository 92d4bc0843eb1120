package io.berth.contracts.envelope;

/** A request that the owner of one aggregate change it, named in the imperative. */
public interface Command extends Message {
}
