package io.berth.runtime.adapters.network;

/**
 * A host port could not be bound. Checked because the caller must decide: Docker fails the container start and
 * reports the message (prefixed by the gateway with {@code driver failed programming external connectivity on
 * endpoint <name> (<id>): }).
 */
public final class PortInUseException extends Exception {
    private final PortBinding binding;

    public PortInUseException(PortBinding binding, String message, Throwable cause) {
        super(message, cause);
        this.binding = binding;
    }

    /** The requested binding that failed, as given to {@link PortPublisher#publish}. */
    public PortBinding binding() {
        return binding;
    }
}
