package io.berth.runtime.adapters.shim;

import java.time.Instant;

/**
 * How a container's init ended, from {@code <bundle>/exit}.
 *
 * @param exitCode   the exit status, or {@code 128 + signal} when a signal killed it (Docker's convention)
 * @param signal     the killing signal, 0 when the process exited by itself
 * @param finishedAt when the monitor reaped it
 */
public record ExitStatus(int exitCode, int signal, Instant finishedAt) {
}
