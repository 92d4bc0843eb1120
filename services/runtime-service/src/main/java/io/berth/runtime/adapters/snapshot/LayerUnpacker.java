package io.berth.runtime.adapters.snapshot;

import io.berth.runtime.adapters.linux.Libc;
import io.berth.tar.SafeTarReader;
import io.berth.tar.Streams;
import io.berth.tar.TarAttributes;
import io.berth.tar.TarMember;
import io.berth.tar.TarPaths;
import io.berth.tar.TarRejectedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recreates one layer's members in an empty directory, the way overlayfs wants a lower layer: OCI whiteouts become
 * overlay whiteouts ({@link OverlayMarks}), everything else keeps its type, mode (setuid bits included), owner and
 * mtime.
 *
 * <p>Confinement: {@link SafeTarReader} has already refused names that climb out, members placed through earlier
 * symlinks and links that leave the root. On top of that, every parent directory is checked with {@code lstat} on
 * the way down and must be a real directory, and files are created with {@code O_EXCL}, so no symlink inside the
 * layer is ever followed while writing. The directory is private to this process until it is complete.
 */
final class LayerUnpacker {
    private static final int IMPLIED_DIRECTORY_MODE = 0755;
    private static final long MAX_ID = 0xfffffffeL;

    private final Path root;
    private final String context;
    /** Whiteouts made from this layer's own {@code .wh.} members; a later member of the same name replaces one. */
    private final Set<String> whiteouts = new HashSet<>();
    /** Directory mtimes are set last: creating entries inside a directory changes its mtime. */
    private final List<DirectoryTime> directoryTimes = new ArrayList<>();

    private record DirectoryTime(Path dir, FileTime mtime) {
    }

    private LayerUnpacker(Path root, String context) {
        this.root = root;
        this.context = context;
    }

    /** Reads every member of {@code reader} into {@code root}, an empty directory. */
    static void unpack(SafeTarReader reader, Path root, String context) throws IOException {
        LayerUnpacker unpacker = new LayerUnpacker(root, context);
        TarMember member;
        while ((member = reader.next()) != null) {
            unpacker.place(member, reader.attributes(), reader);
        }
        for (DirectoryTime t : unpacker.directoryTimes) {
            NativeFiles.setTimes(t.dir(), t.mtime());
        }
    }

    private void place(TarMember member, TarAttributes attributes, SafeTarReader reader) throws IOException {
        checkIds(member, attributes);
        String path = member.path();
        if (path.isEmpty()) {
            setOwnerModeTime(root, attributes, true);
            return;
        }
        String name = baseName(path);
        String parent = TarPaths.parent(path);
        if (name.startsWith(OverlayMarks.WHITEOUT_PREFIX)) {
            whiteout(member, parent, name);
            return;
        }
        Path dir = directory(parent);
        Path target = dir.resolve(name);
        Optional<FileNode> existing = FileNode.lstat(target);
        boolean replacesWhiteout = existing.isPresent() && whiteouts.remove(path);
        if (replacesWhiteout) {
            Files.delete(target);
            existing = Optional.empty();
        }
        switch (member.kind()) {
            case DIRECTORY -> {
                if (existing.isEmpty()) {
                    Files.createDirectory(target);
                } else if (!existing.get().isDirectory()) {
                    throw reject(member, "a directory replaces an earlier non-directory");
                }
                if (replacesWhiteout) {
                    // Same layer deletes the lower directory and creates a new one: its lower contents stay hidden.
                    OverlayMarks.markOpaque(target);
                }
                setOwnerModeTime(target, attributes, true);
            }
            case FILE -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    Streams.copy(reader.content(), out);
                }
                setOwnerModeTime(target, attributes, false);
            }
            case SYMLINK -> {
                NativeFiles.symlink(member.linkTarget(), target);
                NativeFiles.lchown(target, attributes.uid(), attributes.gid());
                NativeFiles.setTimes(target, attributes.mtime());
            }
            case HARDLINK -> Files.createLink(target, existingEntry(member));
            case CHAR_DEVICE -> special(target, Libc.S_IFCHR, attributes);
            case BLOCK_DEVICE -> special(target, Libc.S_IFBLK, attributes);
            case FIFO -> special(target, Libc.S_IFIFO, attributes);
            default -> throw reject(member, "unsupported member type " + member.kind());
        }
    }

    /** {@code .wh.name} deletes {@code name} below; {@code .wh..wh..opq} makes its directory opaque. */
    private void whiteout(TarMember member, String parent, String name) throws IOException {
        Path dir = directory(parent);
        if (name.equals(OverlayMarks.OPAQUE_MARKER)) {
            OverlayMarks.markOpaque(dir);
            return;
        }
        if (name.startsWith(OverlayMarks.META_PREFIX)) {
            return;
        }
        String hidden = name.substring(OverlayMarks.WHITEOUT_PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw reject(member, "whiteout of '" + hidden + "' names no entry");
        }
        if (member.kind() == TarMember.Kind.DIRECTORY) {
            throw reject(member, "a whiteout must not be a directory");
        }
        Path target = dir.resolve(hidden);
        Optional<FileNode> existing = FileNode.lstat(target);
        if (existing.isPresent()) {
            // This layer has its own entry of that name, which hides the lower one already (OCI: a whiteout
            // applies to lower layers only); for a directory the lower contents must be hidden too.
            if (existing.get().isDirectory()) {
                OverlayMarks.markOpaque(target);
            }
            return;
        }
        OverlayMarks.makeWhiteout(target);
        whiteouts.add(parent.isEmpty() ? hidden : parent + "/" + hidden);
    }

    private void special(Path target, int type, TarAttributes a) throws IOException {
        NativeFiles.mknod(target, type, a.mode(), a.devMajor(), a.devMinor());
        setOwnerModeTime(target, a, false);
    }

    /**
     * The directory {@code relative} (root-relative, normalised), made if missing. Every component must already
     * be a real directory or be created here: a symlink, file or device on the way is refused, not followed.
     */
    private Path directory(String relative) throws IOException {
        Path dir = root;
        if (relative.isEmpty()) {
            return dir;
        }
        StringBuilder walked = new StringBuilder();
        for (String part : relative.split("/")) {
            walked.append(walked.length() == 0 ? "" : "/").append(part);
            dir = dir.resolve(part);
            Optional<FileNode> node = FileNode.lstat(dir);
            if (node.isPresent() && node.get().isDirectory()) {
                continue;
            }
            boolean replacesWhiteout = node.isPresent() && whiteouts.remove(walked.toString());
            if (node.isPresent() && !replacesWhiteout) {
                throw new TarRejectedException(context, relative, "'" + walked + "' is not a directory");
            }
            if (replacesWhiteout) {
                Files.delete(dir);
            }
            Files.createDirectory(dir);
            NativeFiles.chmod(dir, IMPLIED_DIRECTORY_MODE);
            if (replacesWhiteout) {
                OverlayMarks.markOpaque(dir);
            }
        }
        return dir;
    }

    /** A hardlink's target: an earlier member of this layer, reached through real directories only. */
    private Path existingEntry(TarMember member) throws IOException {
        String target = member.linkTarget();
        Path dir = directory(TarPaths.parent(target));
        Path file = dir.resolve(baseName(target));
        Optional<FileNode> node = FileNode.lstat(file);
        if (node.isEmpty() || node.get().isDirectory() || whiteouts.contains(target)) {
            throw reject(member, "hardlink target '" + target + "' is not a file of this layer");
        }
        return file;
    }

    private void setOwnerModeTime(Path target, TarAttributes a, boolean directory) throws IOException {
        NativeFiles.lchown(target, a.uid(), a.gid());
        NativeFiles.chmod(target, a.mode());
        if (a.mtime() == null) {
            return;
        }
        if (directory) {
            directoryTimes.add(new DirectoryTime(target, a.mtime()));
        } else {
            NativeFiles.setTimes(target, a.mtime());
        }
    }

    private void checkIds(TarMember member, TarAttributes a) throws TarRejectedException {
        if (a.uid() < 0 || a.uid() > MAX_ID || a.gid() < 0 || a.gid() > MAX_ID) {
            throw reject(member, "owner " + a.uid() + ":" + a.gid() + " is not a valid uid:gid");
        }
    }

    private TarRejectedException reject(TarMember member, String reason) {
        return new TarRejectedException(context, member.name(), reason);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
