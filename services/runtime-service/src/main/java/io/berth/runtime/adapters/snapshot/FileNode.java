package io.berth.runtime.adapters.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lstat} says about one directory entry (never following a symlink): enough to compare entries across
 * layers, recognise overlay whiteouts and write tar headers.
 */
record FileNode(Type type, int mode, int uid, int gid, long rdev, long dev, long inode, int links, FileTime mtime,
                long size) {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,rdev,dev,ino,nlink,lastModifiedTime,size";

    enum Type { FILE, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET }

    /** The entry at {@code path}, or empty if there is none. */
    static Optional<FileNode> lstat(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int mode = (Integer) a.get("mode");
        return Optional.of(new FileNode(typeOf(mode, path), mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("rdev"), (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                (FileTime) a.get("lastModifiedTime"), (Long) a.get("size")));
    }

    boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** overlayfs marks a deleted lower entry with a character device 0/0 of the same name. */
    boolean isWhiteout() {
        return type == Type.CHAR_DEVICE && rdev == 0;
    }

    int devMajor() {
        return NativeFiles.major(rdev);
    }

    int devMinor() {
        return NativeFiles.minor(rdev);
    }

    private static Type typeOf(int mode, Path path) throws IOException {
        switch (mode & 0170000) {
            case 0100000:
                return Type.FILE;
            case 0040000:
                return Type.DIRECTORY;
            case 0120000:
                return Type.SYMLINK;
            case 0020000:
                return Type.CHAR_DEVICE;
            case 0060000:
                return Type.BLOCK_DEVICE;
            case 0010000:
                return Type.FIFO;
            case 0140000:
                return Type.SOCKET;
            default:
                throw new IOException(path + " has an unknown file type (mode 0" + Integer.toOctalString(mode) + ")");
        }
    }
}
