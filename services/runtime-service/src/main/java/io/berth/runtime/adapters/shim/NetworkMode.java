package io.berth.runtime.adapters.shim;

/** Whether the container gets its own network namespace (only {@code lo}, brought up) or shares the host's. */
public enum NetworkMode {
    NEW,
    HOST
}
