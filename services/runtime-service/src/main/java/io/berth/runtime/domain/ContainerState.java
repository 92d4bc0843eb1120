package io.berth.runtime.domain;

import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.PublishedPort;
import java.time.Instant;
import java.util.List;

/**
 * What the container aggregate remembers to decide. {@code pid} is non-zero while a process runs (also while
 * {@code REMOVING}); {@code manuallyStopped} is Docker's HasBeenManuallyStopped; {@code lastBackoffMillis} is the
 * delay of the last scheduled restart (0 before any), which the next one doubles; {@code ports} are the ports bound
 * for the running process.
 */
public record ContainerState(
        ContainerStatus status,
        String containerId,
        String hostId,
        String name,
        ContainerConfig config,
        HostSettings hostSettings,
        long pid,
        List<PublishedPort> ports,
        Instant startedAt,
        Instant finishedAt,
        int exitCode,
        String error,
        boolean oomKilled,
        int restartCount,
        boolean manuallyStopped,
        long lastBackoffMillis) {

    public static final ContainerState NONE = new ContainerState(ContainerStatus.NONE, null, null, null, null, null,
            0, List.of(), null, null, 0, "", false, 0, false, 0);

    public boolean exists() {
        return status != ContainerStatus.NONE && status != ContainerStatus.REMOVED;
    }

    public boolean processRunning() {
        return pid != 0;
    }

    ContainerState withStatus(ContainerStatus s) {
        return new ContainerState(s, containerId, hostId, name, config, hostSettings, pid, ports, startedAt, finishedAt,
                exitCode, error, oomKilled, restartCount, manuallyStopped, lastBackoffMillis);
    }

    ContainerState withName(String n) {
        return new ContainerState(status, containerId, hostId, n, config, hostSettings, pid, ports, startedAt, finishedAt,
                exitCode, error, oomKilled, restartCount, manuallyStopped, lastBackoffMillis);
    }

    ContainerState started(long newPid, List<PublishedPort> bound, Instant at, int count) {
        return new ContainerState(ContainerStatus.RUNNING, containerId, hostId, name, config, hostSettings, newPid,
                List.copyOf(bound), at,
                finishedAt, 0, "", false, count, false, lastBackoffMillis);
    }

    ContainerState startFailed(int code, String message) {
        ContainerStatus s = status == ContainerStatus.CREATED ? ContainerStatus.CREATED : ContainerStatus.EXITED;
        return new ContainerState(s, containerId, hostId, name, config, hostSettings, 0, List.of(), startedAt, finishedAt, code,
                message, false, restartCount, manuallyStopped, lastBackoffMillis);
    }

    ContainerState stopRequested() {
        // A stop while a restart is pending cancels the restart: the container is simply exited.
        ContainerStatus s = status == ContainerStatus.RESTARTING ? ContainerStatus.EXITED : status;
        return new ContainerState(s, containerId, hostId, name, config, hostSettings, pid, ports, startedAt, finishedAt,
                exitCode, error, oomKilled, restartCount, true, lastBackoffMillis);
    }

    ContainerState exited(int code, boolean oom, Instant at) {
        ContainerStatus s = status == ContainerStatus.REMOVING ? ContainerStatus.REMOVING : ContainerStatus.EXITED;
        return new ContainerState(s, containerId, hostId, name, config, hostSettings, 0, List.of(), startedAt, at, code, "", oom,
                restartCount, manuallyStopped, lastBackoffMillis);
    }

    ContainerState restartScheduled(long delayMillis) {
        return new ContainerState(ContainerStatus.RESTARTING, containerId, hostId, name, config, hostSettings, 0,
                List.of(), startedAt, finishedAt, exitCode, error, oomKilled, restartCount, manuallyStopped, delayMillis);
    }
}
