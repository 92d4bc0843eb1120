package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the image's layers, merged as overlayfs merges them, show at a path: the topmost layer that has the entry
 * wins, unless a layer above it hides it with a whiteout, a non-directory in the way, or an opaque directory.
 * Answers "was this path in the image?" for {@code docker diff} more exactly than asking each layer alone.
 */
final class LowerView {
    private final List<Path> layersTopToBottom;

    LowerView(List<Path> layersTopToBottom) {
        this.layersTopToBottom = List.copyOf(layersTopToBottom);
    }

    /** The entry the merged layers show at {@code path} (relative, '/'-separated), or empty if none. */
    Optional<FileNode> lookup(String path) throws IOException {
        String[] parts = path.split("/");
        for (Path layer : layersTopToBottom) {
            Probe probe = probe(layer, parts);
            if (probe.found != null) {
                return Optional.of(probe.found);
            }
            if (probe.hidesBelow) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One layer's say: it has the entry, or hides it from the layers below, or neither. */
    private record Probe(FileNode found, boolean hidesBelow) {
    }

    private static Probe probe(Path layer, String[] parts) throws IOException {
        Path current = layer;
        boolean opaqueAbove = false;
        for (int i = 0; i < parts.length; i++) {
            current = current.resolve(parts[i]);
            Optional<FileNode> node = FileNode.lstat(current);
            if (node.isEmpty()) {
                return new Probe(null, opaqueAbove);
            }
            FileNode n = node.get();
            if (n.isWhiteout()) {
                return new Probe(null, true);
            }
            if (i == parts.length - 1) {
                return new Probe(n, true);
            }
            if (!n.isDirectory()) {
                return new Probe(null, true); // a file or symlink here replaces whatever directory was below
            }
            opaqueAbove = opaqueAbove || OverlayMarks.isOpaque(current);
        }
        return new Probe(null, opaqueAbove);
    }
}
