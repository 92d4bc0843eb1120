package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Visits a directory tree depth first, a directory before its entries and entries sorted by name, never following
 * a symlink: the same tree always gives the same order, which {@link DiffTar} relies on for reproducible layers.
 */
final class SortedWalk {
    @FunctionalInterface
    interface Visitor {
        /**
         * @param path the entry relative to the walked root, '/'-separated, never empty
         * @param file the entry on disk
         */
        void visit(String path, Path file, FileNode node) throws IOException;
    }

    private SortedWalk() {
    }

    /** Visits everything below {@code root} (not {@code root} itself). */
    static void walk(Path root, Visitor visitor) throws IOException {
        walk(root, "", visitor);
    }

    private static void walk(Path dir, String prefix, Visitor visitor) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(null);
        for (String name : names) {
            Path file = dir.resolve(name);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            FileNode node = FileNode.lstat(file)
                    .orElseThrow(() -> new IOException(file + " vanished while being read"));
            visitor.visit(path, file, node);
            if (node.isDirectory()) {
                walk(file, path, visitor);
            }
        }
    }
}
