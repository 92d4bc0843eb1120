package io.berth.runtime.adapters.shim;

import java.time.Instant;

/**
 * One chunk of container output as the monitor read it from a pipe.
 *
 * @param stream which pipe it came from
 * @param time   when the monitor read it
 * @param data   the bytes, as written by the container (not split into lines)
 */
public record LogFrame(Stream stream, Instant time, byte[] data) {
    public enum Stream {
        STDOUT,
        STDERR
    }
}
