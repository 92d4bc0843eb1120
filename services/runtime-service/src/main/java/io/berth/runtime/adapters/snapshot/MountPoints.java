package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entries of an upper dir that only exist because a runtime made mount points in the rootfs ({@code /etc/hosts}
 * as an empty file for a bind mount, {@code /proc} as an empty directory), and the directories made only to hold them.
 * Docker makes these in an init layer below the container's, so {@code docker diff} and {@code docker commit} never
 * show them; Berth makes them in the writable layer, so it leaves them out when reading it.
 *
 * <p>An entry counts only while it is exactly what mount-point creation leaves: an empty regular file, an empty
 * (not opaque) directory. Anything the container put there itself shows as usual; writes through a mounted file land
 * in the mount's source, never in the upper dir, so an empty file is what is left however the container used it.
 */
public final class MountPoints {
    private MountPoints() {
    }

    /**
     * @param files candidate file mount points, relative to the upper dir ({@code etc/hosts})
     * @param dirs  candidate directory mount points, relative to the upper dir ({@code proc})
     * @return the relative paths to leave out: candidates as they were created, and their parents that hold nothing else
     */
    public static Set<String> hidden(Path upper, List<String> files, List<String> dirs) throws IOException {
        Set<String> hidden = new TreeSet<>();
        for (String f : files) {
            Optional<FileNode> node = FileNode.lstat(upper.resolve(f));
            if (node.isPresent() && node.get().type() == FileNode.Type.FILE && node.get().size() == 0) {
                hidden.add(f);
            }
        }
        for (String d : dirs) {
            Path dir = upper.resolve(d);
            Optional<FileNode> node = FileNode.lstat(dir);
            if (node.isPresent() && node.get().isDirectory() && !OverlayMarks.isOpaque(dir) && names(dir).isEmpty()) {
                hidden.add(d);
            }
        }
        addParentsHoldingOnlyHidden(upper, hidden);
        return hidden;
    }

    /** Deepest first, so {@code a/b/c} can make {@code a/b} and then {@code a} hidden. */
    private static void addParentsHoldingOnlyHidden(Path upper, Set<String> hidden) throws IOException {
        TreeSet<String> parents = new TreeSet<>(Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count())
                .reversed().thenComparing(Comparator.naturalOrder()));
        for (String p : hidden) {
            parentOf(p).ifPresent(parents::add);
        }
        while (!parents.isEmpty()) {
            String parent = parents.pollFirst();
            Path dir = upper.resolve(parent);
            if (hidden.contains(parent) || OverlayMarks.isOpaque(dir)) {
                continue;
            }
            boolean onlyHidden = true;
            for (String name : names(dir)) {
                onlyHidden &= hidden.contains(parent + "/" + name);
            }
            if (onlyHidden) {
                hidden.add(parent);
                parentOf(parent).ifPresent(parents::add);
            }
        }
    }

    private static Optional<String> parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(path.substring(0, slash));
    }

    private static List<String> names(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            List<String> names = new ArrayList<>();
            entries.forEach(e -> names.add(e.getFileName().toString()));
            return names;
        }
    }
}
