package io.berth.contracts.container;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.WireType;
import java.time.Instant;
import java.util.List;

/**
 * Commands to a container, sent to the topic of the host it was placed on ({@code berth.runtime.<host>.commands})
 * and handled by that host's runtime-service. The {@code Record*} commands are the host's own: it runs the side
 * effect (launch a process, see one exit) and records what happened through the same decide/evolve path.
 * {@code stop} and {@code kill} are decided first (a manual stop is recorded) and the host signals afterwards.
 */
public sealed interface ContainerCommand extends Command {
    String containerId();

    /** {@code docker create}: the gateway chose the host and the name, and merged the image's config. */
    @WireType(name = "container.create", version = 1)
    record CreateContainer(String containerId, String hostId, String name, ContainerConfig config,
                           HostSettings hostSettings) implements ContainerCommand {
    }

    /** {@code docker start}: a manual start clears a manual stop and the restart count, as Docker does. */
    @WireType(name = "container.start", version = 1)
    record StartContainer(String containerId) implements ContainerCommand {
    }

    /** {@code docker stop}: {@code signal} (null = the container's stop signal), then SIGKILL after the timeout. */
    @WireType(name = "container.stop", version = 1)
    record StopContainer(String containerId, String signal, Integer timeoutSeconds) implements ContainerCommand {
    }

    /** {@code docker kill -s}: SIGKILL or the stop signal also count as a manual stop (no restart), as in Docker. */
    @WireType(name = "container.kill", version = 1)
    record KillContainer(String containerId, String signal) implements ContainerCommand {
    }

    /** {@code docker rm}: a running container is refused unless {@code force}. */
    @WireType(name = "container.remove", version = 1)
    record RemoveContainer(String containerId, boolean force) implements ContainerCommand {
    }

    /** {@code docker rename}: the gateway checked that the new name is free. */
    @WireType(name = "container.rename", version = 1)
    record RenameContainer(String containerId, String newName) implements ContainerCommand {
    }

    /** The host launched the container's process ({@code restart} when a restart policy did it). */
    @WireType(name = "container.record-start", version = 1)
    record RecordStart(String containerId, long pid, Instant startedAt, List<PublishedPort> ports, boolean restart)
            implements ContainerCommand {
    }

    /** The host could not launch it: the process never ran ({@code exitCode} 127, 126 … as Docker sets). */
    @WireType(name = "container.record-start-failure", version = 1)
    record RecordStartFailure(String containerId, int exitCode, String error) implements ContainerCommand {
    }

    /** The container's first process ended. */
    @WireType(name = "container.record-exit", version = 1)
    record RecordExit(String containerId, int exitCode, boolean oomKilled, Instant finishedAt) implements ContainerCommand {
    }

    /** The host released everything the container held (process, mounts, cgroup, ports, writable layer). */
    @WireType(name = "container.record-removal", version = 1)
    record RecordRemoval(String containerId) implements ContainerCommand {
    }
}
