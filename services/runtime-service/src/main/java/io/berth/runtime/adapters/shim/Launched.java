package io.berth.runtime.adapters.shim;

import java.time.Instant;

/**
 * A container process that was started: its monitor and its init, as pids of the host's pid namespace.
 *
 * @param monitorPid the per-container monitor that owns the logs and writes the exit file
 * @param pid        the container's init (pid 1 inside the container)
 * @param startedAt  when the entrypoint had been exec'd
 */
public record Launched(long monitorPid, long pid, Instant startedAt) {
}
