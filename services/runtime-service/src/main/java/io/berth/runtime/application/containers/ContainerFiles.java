package io.berth.runtime.application.containers;

import io.berth.runtime.adapters.snapshot.Change;
import io.berth.runtime.adapters.snapshot.DiffTar;
import io.berth.runtime.adapters.snapshot.MountPoints;
import io.berth.runtime.adapters.snapshot.Snapshot;
import io.berth.runtime.adapters.snapshot.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Read-only views of a container's writable layer for the gateway: {@code docker diff} and the layer tar that
 * {@code docker commit} stores. Safe to call from any thread: see {@link SnapshotGuard} for how reads and removal
 * are kept apart. Leaves out the mount points Berth made in the layer (see {@link #MOUNT_POINT_FILES}).
 */
public final class ContainerFiles {
    /** Bind-mounted over by {@link EtcFiles}; the shim creates them when the image lacks them. */
    static final List<String> MOUNT_POINT_FILES = List.of("etc/hostname", "etc/hosts", "etc/resolv.conf");
    /** The container-init mounts /proc, /sys and /dev, creating the directories when the image lacks them. */
    static final List<String> MOUNT_POINT_DIRS = List.of("dev", "proc", "sys");

    private final Snapshotter snapshots;
    private final SnapshotGuard guard;

    ContainerFiles(Snapshotter snapshots, SnapshotGuard guard) {
        this.snapshots = snapshots;
        this.guard = guard;
    }

    /** What the container changed, sorted by path; empty when the host has no such container. */
    public Optional<List<Change>> changes(String containerId) throws IOException {
        Lock lock = guard.read(containerId);
        try {
            Optional<Snapshot> snapshot = existing(containerId);
            if (snapshot.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(snapshots.diff(snapshot.get(), hidden(snapshot.get())));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the host holds the container's layer now (for a clean 404 before a stream starts). */
    public boolean exists(String containerId) throws IOException {
        return existing(containerId).isPresent();
    }

    /**
     * Writes the container's writable layer as an uncompressed OCI layer tar. Fails with an {@link IOException}
     * (after some bytes, possibly) when the container is gone or its layer is deleted meanwhile.
     */
    public void writeLayer(String containerId, OutputStream out) throws IOException {
        Lock lock = guard.read(containerId);
        try {
            Snapshot snapshot = existing(containerId)
                    .orElseThrow(() -> new IOException("container " + containerId + " has no layer on this host"));
            DiffTar.write(snapshot, out, hidden(snapshot));
        } finally {
            lock.unlock();
        }
    }

    private Optional<Snapshot> existing(String containerId) throws IOException {
        try {
            return snapshots.existing(containerId);
        } catch (IllegalArgumentException invalidId) {
            return Optional.empty();
        }
    }

    private static Set<String> hidden(Snapshot snapshot) throws IOException {
        return MountPoints.hidden(snapshot.upper(), MOUNT_POINT_FILES, MOUNT_POINT_DIRS);
    }
}
