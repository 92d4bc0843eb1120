package io.berth.contracts.container;

import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.WireType;
import java.time.Instant;
import java.util.List;

/**
 * Everything that happens to a container (topic {@code berth.container.events}, key = container id). The owner is
 * the runtime-service of the host named in {@link ContainerCreated}.
 */
public sealed interface ContainerEvent extends Event {
    String containerId();

    @WireType(name = "container.created", version = 1)
    record ContainerCreated(String containerId, String hostId, String name, ContainerConfig config,
                            HostSettings hostSettings, Instant created) implements ContainerEvent {
    }

    /** The process runs; {@code restartCount} is Docker's RestartCount (reset by a manual start). */
    @WireType(name = "container.started", version = 1)
    record ContainerStarted(String containerId, long pid, Instant startedAt, List<PublishedPort> ports,
                            int restartCount) implements ContainerEvent {
    }

    /** A start that never ran the process (missing executable, port taken …); the container stays created. */
    @WireType(name = "container.start-failed", version = 1)
    record ContainerStartFailed(String containerId, int exitCode, String error) implements ContainerEvent {
    }

    /** {@code docker stop} or a stopping {@code docker kill}: restart policies no longer apply to this run. */
    @WireType(name = "container.stop-requested", version = 1)
    record ContainerStopRequested(String containerId, String signal, int timeoutSeconds) implements ContainerEvent {
    }

    @WireType(name = "container.exited", version = 1)
    record ContainerExited(String containerId, int exitCode, boolean oomKilled, Instant finishedAt) implements ContainerEvent {
    }

    /** The restart policy restarts the container after {@code delayMillis}; {@code reason} says which rule. */
    @WireType(name = "container.restart-scheduled", version = 1)
    record ContainerRestartScheduled(String containerId, int restartCount, long delayMillis, String reason)
            implements ContainerEvent {
    }

    /** The restart policy leaves the container exited; {@code reason} says why (manual stop, retries used up …). */
    @WireType(name = "container.restart-declined", version = 1)
    record ContainerRestartDeclined(String containerId, String reason) implements ContainerEvent {
    }

    @WireType(name = "container.renamed", version = 1)
    record ContainerRenamed(String containerId, String oldName, String newName) implements ContainerEvent {
    }

    /** {@code docker rm} began: no start is accepted any more. */
    @WireType(name = "container.removal-started", version = 1)
    record ContainerRemovalStarted(String containerId) implements ContainerEvent {
    }

    @WireType(name = "container.removed", version = 1)
    record ContainerRemoved(String containerId) implements ContainerEvent {
    }
}
