package io.berth.runtime.adapters.cgroups;

/**
 * A limit Docker itself would refuse. The message is Docker's own text, word for word, so clients that match on it
 * (and users who search for it) see what they would see from dockerd.
 */
public final class InvalidResourceLimitsException extends IllegalArgumentException {
    public InvalidResourceLimitsException(String dockerMessage) {
        super(dockerMessage);
    }
}
