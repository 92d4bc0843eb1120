package io.berth.runtime.adapters.snapshot;

import com.sun.jna.LastErrorException;
import io.berth.contracts.types.Digest;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Containers' root filesystems as overlay mounts over shared, unpacked layers.
 *
 * <pre>
 * &lt;root&gt;/containers/&lt;id&gt;/layers   image layer digests, bottom to top (read back by {@link #existing})
 * &lt;root&gt;/containers/&lt;id&gt;/upper    the container's writes
 * &lt;root&gt;/containers/&lt;id&gt;/work     overlayfs scratch space
 * &lt;root&gt;/containers/&lt;id&gt;/rootfs   the mount point, the container's /
 * &lt;root&gt;/l/&lt;20 hex&gt;              short links to layer dirs, so mount options stay under a page
 * &lt;root&gt;/empty                     the lower dir of an image without layers
 * </pre>
 *
 * Lifecycle: {@link #prepare} (unpacks missing layers, makes the directories) → {@link #mount} → the container
 * runs → {@link #unmount} → {@link #remove}. After a restart of runtime-service, {@link #existing} finds the
 * snapshot again and {@link #mount} is a no-op if the kernel still has it mounted. Calls for one container must
 * not overlap (its aggregate has a single writer); different containers may be handled concurrently. One instance
 * per root: the constructor removes what a crashed {@link #prepare} left.
 */
public final class Snapshotter {
    /** Also keeps ids free of '/', ':' and ',', which would change the meaning of paths and mount options. */
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int SHORT_LINK_HEX = 20;
    private static final String LAYERS_FILE = "layers";

    private final Path root;
    private final Path containers;
    private final LayerStore layers;

    public Snapshotter(Path root, LayerStore layers) throws IOException {
        this.root = root.toAbsolutePath();
        this.containers = this.root.resolve("containers");
        this.layers = layers;
        Files.createDirectories(containers);
        Files.createDirectories(this.root.resolve("l"));
        Files.createDirectories(this.root.resolve("empty"));
        NativeFiles.chmod(containers, 0700);
        removeUnfinishedPrepares();
    }

    /**
     * Makes the container's directories over the given layers, unpacking any the host lacks. Preparing again
     * with the same layers returns the existing snapshot; with other layers it is refused.
     */
    public Snapshot prepare(String containerId, List<Digest> layersBottomToTop) throws IOException {
        Path dir = containerDir(containerId);
        OverlayMount.options(lowerNames(layersBottomToTop), "containers/" + containerId + "/upper",
                "containers/" + containerId + "/work"); // too many layers fails here, before any work
        Optional<Snapshot> existing = existing(containerId);
        if (existing.isPresent()) {
            return sameLayers(existing.get(), layersBottomToTop);
        }
        for (Digest layer : layersBottomToTop) {
            layers.unpacked(layer);
        }
        Path temp = containers.resolve(".tmp-" + containerId + "-" + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            for (String sub : List.of("upper", "work", "rootfs")) {
                Files.createDirectory(temp.resolve(sub));
            }
            NativeFiles.chmod(temp.resolve("upper"), 0755);
            Files.write(temp.resolve(LAYERS_FILE), layersFile(layersBottomToTop));
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Trees.delete(temp);
            throw e;
        }
        return new Snapshot(containerId, layersBottomToTop, dir);
    }

    /** The container's snapshot if it has one (e.g. after a restart of runtime-service). */
    public Optional<Snapshot> existing(String containerId) throws IOException {
        Path dir = containerDir(containerId);
        Path file = dir.resolve(LAYERS_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        List<Digest> digests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                digests.add(Digest.parse(line.trim()));
            }
        }
        return Optional.of(new Snapshot(containerId, digests, dir));
    }

    /** Mounts the rootfs; a no-op if it is mounted already. Layers missing from the host are fetched again. */
    public void mount(Snapshot snapshot) throws IOException {
        if (isMounted(snapshot)) {
            return;
        }
        List<String> lowers = new ArrayList<>();
        List<Digest> bottomToTop = snapshot.layers();
        for (int i = bottomToTop.size() - 1; i >= 0; i--) {
            lowers.add(shortLink(bottomToTop.get(i), layers.unpacked(bottomToTop.get(i))));
        }
        if (lowers.isEmpty()) {
            lowers.add("empty");
        }
        String id = snapshot.containerId();
        String options = OverlayMount.options(lowers, "containers/" + id + "/upper", "containers/" + id + "/work");
        OverlayMount.mount(root, snapshot.rootfs(), options);
    }

    public boolean isMounted(Snapshot snapshot) throws IOException {
        return MountTable.isMountPoint(snapshot.rootfs());
    }

    /** Unmounts the rootfs (and anything mounted on top of it); a no-op if it is not mounted. */
    public void unmount(Snapshot snapshot) throws IOException {
        unmountAllUnder(snapshot.rootfs());
    }

    /** Unmounts and deletes everything of the container's snapshot; a no-op if it has none. */
    public void remove(String containerId) throws IOException {
        Path dir = containerDir(containerId);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        unmountAllUnder(dir);
        Trees.delete(dir);
    }

    /** {@code docker diff}: what the container changed, sorted by path. */
    public List<Change> diff(Snapshot snapshot) throws IOException {
        return diff(snapshot, Set.of());
    }

    /**
     * {@code docker diff} leaving out the upper dir's entries at {@code hidden} (relative paths, see
     * {@link MountPoints}).
     */
    public List<Change> diff(Snapshot snapshot, Set<String> hidden) throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (Digest layer : snapshot.layers()) {
            lowers.add(0, layers.path(layer));
        }
        return UpperDiff.changes(snapshot.upper(), lowers, hidden);
    }

    private static void unmountAllUnder(Path dir) throws IOException {
        // A mount point may carry several stacked mounts: unmount until the kernel lists none.
        for (int round = 0; round < 16; round++) {
            List<Path> points = MountTable.mountPointsUnder(dir);
            if (points.isEmpty()) {
                return;
            }
            for (Path point : points) {
                unmountOne(point);
            }
        }
        throw new IOException("mounts remain under " + dir + " after repeated unmounting: "
                + MountTable.mountPointsUnder(dir));
    }

    /** A busy mount (a process still has a file open) is detached instead: it goes away when released. */
    private static void unmountOne(Path point) throws IOException {
        try {
            Libc.INSTANCE.umount2(point.toString(), 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINVAL) {
                return; // already gone (listed twice, or unmounted meanwhile)
            }
            if (e.getErrorCode() != Libc.EBUSY) {
                throw new IOException("umount " + point + ": " + e.getMessage(), e);
            }
            try {
                Libc.INSTANCE.umount2(point.toString(), Libc.MNT_DETACH);
            } catch (LastErrorException detach) {
                throw new IOException("umount (detach) " + point + ": " + detach.getMessage(), detach);
            }
        }
    }

    /** {@code l/<first 20 hex>} pointing at the layer dir; an existing link to anything else is a collision. */
    private String shortLink(Digest layer, Path layerDir) throws IOException {
        String name = "l/" + layer.hex().substring(0, SHORT_LINK_HEX);
        Path link = root.resolve(name);
        try {
            Files.createSymbolicLink(link, layerDir);
        } catch (FileAlreadyExistsException e) {
            Path points = Files.readSymbolicLink(link);
            if (!points.equals(layerDir)) {
                throw new IOException("short link " + link + " points to " + points + ", not to " + layerDir
                        + " (two layers share the first " + SHORT_LINK_HEX + " hex digits)");
            }
        }
        return name;
    }

    private Path containerDir(String containerId) {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("invalid container id for a snapshot: " + containerId);
        }
        return containers.resolve(containerId);
    }

    /** A prepare cut short by a crash leaves {@code containers/.tmp-*}; such a directory was never mounted. */
    private void removeUnfinishedPrepares() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(containers, ".tmp-*")) {
            for (Path leftover : leftovers) {
                Trees.delete(leftover);
            }
        }
    }

    private static List<String> lowerNames(List<Digest> layersBottomToTop) {
        List<String> names = new ArrayList<>();
        for (Digest d : layersBottomToTop) {
            names.add("l/" + d.hex().substring(0, SHORT_LINK_HEX));
        }
        return names.isEmpty() ? List.of("empty") : names;
    }

    private static Snapshot sameLayers(Snapshot existing, List<Digest> wanted) throws IOException {
        if (!existing.layers().equals(wanted)) {
            throw new FileAlreadyExistsException(existing.dir().toString(), null,
                    "container " + existing.containerId() + " already has a snapshot of other layers");
        }
        return existing;
    }

    private static byte[] layersFile(List<Digest> digests) {
        StringBuilder sb = new StringBuilder();
        for (Digest d : digests) {
            sb.append(d).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
