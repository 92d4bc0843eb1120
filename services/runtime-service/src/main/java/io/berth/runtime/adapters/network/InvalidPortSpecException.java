package io.berth.runtime.adapters.network;

/**
 * A {@code -p} spec or {@code HostConfig.PortBindings} entry Docker would refuse. The message is Docker's own
 * wording (from {@code go-connections/nat} and the daemon's create validation) so the gateway can return it as-is
 * in a 400 body.
 */
public final class InvalidPortSpecException extends IllegalArgumentException {
    public InvalidPortSpecException(String message) {
        super(message);
    }
}
