package io.berth.runtime.adapters.snapshot;

import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How overlayfs records deletions on disk, in lower layers and in the upper dir alike: a deleted entry is a
 * character device 0/0 (a whiteout); a directory whose lower contents are hidden carries the xattr
 * {@code trusted.overlay.opaque=y}. The OCI tar form of the same ({@code .wh.name}, {@code .wh..wh..opq}) is
 * translated to and from this by {@link LayerUnpacker} and {@link DiffTar}.
 */
final class OverlayMarks {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final byte[] OPAQUE_YES = {'y'};

    /** OCI: a member {@code .wh.<name>} deletes {@code <name>} from the layers below. */
    static final String WHITEOUT_PREFIX = ".wh.";
    /** OCI: a member {@code <dir>/.wh..wh..opq} hides everything the layers below have in {@code <dir>}. */
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** Names starting so are aufs bookkeeping ({@code .wh..wh.plnk}, ...), not whiteouts; they are ignored. */
    static final String META_PREFIX = ".wh..wh.";

    private OverlayMarks() {
    }

    static void makeWhiteout(Path path) throws IOException {
        NativeFiles.mknod(path, Libc.S_IFCHR, 0, 0, 0);
    }

    static void markOpaque(Path dir) throws IOException {
        NativeFiles.lsetxattr(dir, OPAQUE_XATTR, OPAQUE_YES);
    }

    /** Only "y" means opaque; newer kernels also write "x" (directory holds xattr whiteouts), which does not. */
    static boolean isOpaque(Path dir) throws IOException {
        return NativeFiles.lgetxattr(dir, OPAQUE_XATTR).map(v -> Arrays.equals(v, OPAQUE_YES)).orElse(false);
    }
}
