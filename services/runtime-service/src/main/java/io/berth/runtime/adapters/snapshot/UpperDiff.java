package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker diff} from an overlay upper dir, with Docker's rules: a whiteout is D; an entry the image has is
 * C, one it lacks is A; everything under an opaque directory is A (the image's entries there are hidden, and are
 * not listed); a directory the image has with the same mode, owner and mtime is only listed when an entry directly
 * in it was added or deleted, and then as C. Sizes of directories are not compared (they differ between
 * filesystems for the same content).
 */
final class UpperDiff {
    private final LowerView lower;
    private final List<Change> changes = new ArrayList<>();
    /** Directories listed already (as A or C) or opaque: their parents' rule is satisfied. */
    private final Set<String> listedDirs = new HashSet<>();
    private final Set<String> opaqueDirs = new HashSet<>();

    private UpperDiff(List<Path> lowersTopToBottom) {
        this.lower = new LowerView(lowersTopToBottom);
    }

    static List<Change> changes(Path upper, List<Path> lowersTopToBottom) throws IOException {
        return changes(upper, lowersTopToBottom, Set.of());
    }

    /** Entries at {@code hidden} (relative paths) are not listed and do not make their parent changed. */
    static List<Change> changes(Path upper, List<Path> lowersTopToBottom, Set<String> hidden) throws IOException {
        UpperDiff diff = new UpperDiff(lowersTopToBottom);
        SortedWalk.walk(upper, (path, file, node) -> {
            if (!hidden.contains(path)) {
                diff.visit(path, file, node);
            }
        });
        diff.changes.sort(Comparator.comparing(Change::path));
        return List.copyOf(diff.changes);
    }

    private void visit(String path, Path file, FileNode node) throws IOException {
        Change.Kind kind;
        boolean opaque = node.isDirectory() && OverlayMarks.isOpaque(file);
        if (opaque) {
            opaqueDirs.add(path);
        }
        if (node.isWhiteout()) {
            kind = Change.Kind.D;
        } else if (underOpaque(path)) {
            kind = Change.Kind.A;
        } else {
            Optional<FileNode> before = lower.lookup(path);
            if (before.isEmpty()) {
                kind = Change.Kind.A;
            } else if (!opaque && node.isDirectory() && before.get().isDirectory() && sameMetadata(node, before.get())) {
                return; // copied up only to hold changed entries; listed below if one is added or deleted
            } else {
                kind = Change.Kind.C;
            }
        }
        if (node.isDirectory()) {
            listedDirs.add(path);
        }
        if (kind != Change.Kind.C) {
            String parent = parent(path);
            if (!parent.isEmpty() && listedDirs.add(parent)) {
                changes.add(new Change(Change.Kind.C, "/" + parent));
            }
        }
        changes.add(new Change(kind, "/" + path));
    }

    private boolean underOpaque(String path) {
        for (String dir = parent(path); !dir.isEmpty(); dir = parent(dir)) {
            if (opaqueDirs.contains(dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameMetadata(FileNode a, FileNode b) {
        return a.mode() == b.mode() && a.uid() == b.uid() && a.gid() == b.gid() && a.mtime().equals(b.mtime());
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
