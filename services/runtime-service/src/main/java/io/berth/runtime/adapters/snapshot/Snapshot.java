package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.nio.file.Path;
import java.util.List;

/**
 * One container's filesystem: its image layers (read-only, shared) and its own directories.
 *
 * @param containerId the container it belongs to
 * @param layers      image layers, bottom to top, as in the image's manifest
 * @param dir         {@code <root>/containers/<id>}: holds {@code upper} (the container's writes), {@code work}
 *                    (overlayfs scratch space) and {@code rootfs} (the mount point)
 */
public record Snapshot(String containerId, List<Digest> layers, Path dir) {
    public Snapshot {
        layers = List.copyOf(layers);
    }

    /** The writable layer: what {@code docker diff} lists and {@code docker commit} turns into a layer blob. */
    public Path upper() {
        return dir.resolve("upper");
    }

    public Path work() {
        return dir.resolve("work");
    }

    /** Where the overlay is mounted: the container's {@code /}. */
    public Path rootfs() {
        return dir.resolve("rootfs");
    }
}
