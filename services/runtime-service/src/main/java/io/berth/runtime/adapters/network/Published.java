package io.berth.runtime.adapters.network;

import java.util.List;

/**
 * What {@link PortPublisher#publish} actually bound, in request order. A requested host port of 0 (or a host port
 * range) is replaced by the port the kernel gave, which is what {@code NetworkSettings.Ports} and {@code ps} show.
 */
public record Published(String containerId, List<PortBinding> bindings) {
    public Published {
        bindings = List.copyOf(bindings);
    }
}
