package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes directory trees without ever leaving the filesystem they start on. */
final class Trees {
    private Trees() {
    }

    /**
     * Deletes {@code top} and everything under it; nothing if it does not exist. Symlinks are removed, never
     * followed. If anything beneath lies on another filesystem (a mount still in place, e.g. a rootfs whose
     * unmount failed) the deletion stops before touching it: recursing into a mounted rootfs would delete through
     * the mount.
     */
    static void delete(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        long device = device(top);
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                sameDevice(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                sameDevice(file);
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }

            private void sameDevice(Path path) throws IOException {
                if (device(path) != device) {
                    throw new IOException("refusing to delete " + path + " under " + top
                            + ": it is on another filesystem (still mounted?)");
                }
            }
        });
    }

    private static long device(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }
}
