package io.berth.runtime.application.containers;

import io.berth.contracts.container.PublishedPort;
import io.berth.runtime.adapters.shim.Launched;
import java.util.List;

/** What launching a container's process came to: it runs (with the ports bound for it), or why it could not. */
record LaunchOutcome(Launched launched, List<PublishedPort> ports, int failureExitCode, String failure) {
    static LaunchOutcome ran(Launched launched, List<PublishedPort> ports) {
        return new LaunchOutcome(launched, List.copyOf(ports), 0, null);
    }

    static LaunchOutcome failed(int exitCode, String message) {
        return new LaunchOutcome(null, List.of(), exitCode, message);
    }

    boolean ok() {
        return launched != null;
    }
}
