package io.berth.runtime.adapters.snapshot;

import io.berth.tar.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker commit} at the filesystem level: a container's writable layer as an uncompressed OCI layer tar.
 * Overlay whiteouts become {@code .wh.<name>} members and opaque directories get a {@code .wh..wh..opq} member
 * right after their own entry, so an unpacker sees the marker before the directory's new contents.
 *
 * <p>The same upper dir always gives the same bytes: entries in {@link SortedWalk} order, times in whole seconds,
 * no user or group names, no access or change times. Hardlinks between files of the layer stay hardlinks. Sockets
 * are left out (they cannot be restored from a tar; Docker leaves them out too). Extended attributes are not
 * carried.
 *
 * <p>The container should be paused or stopped while this runs (Docker pauses it for {@code commit}): a process
 * changing the upper dir meanwhile can make the tar inconsistent. It cannot make it read outside the upper dir
 * through a final symlink (files are opened with {@code O_NOFOLLOW}); a directory swapped for a symlink mid-walk
 * is not guarded against.
 */
public final class DiffTar {
    private static final int WHITEOUT_MODE = 0600;

    private final TarArchiveOutputStream tar;
    /** (device, inode) of files with several links → the first path written, for the later ones to link to. */
    private final Map<String, String> linked = new HashMap<>();

    private DiffTar(OutputStream out) {
        this.tar = new TarArchiveOutputStream(Streams.nonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes the snapshot's upper layer to {@code out} (not closed); the caller hashes and compresses it. */
    public static void write(Snapshot snapshot, OutputStream out) throws IOException {
        write(snapshot.upper(), out, Set.of());
    }

    /** As {@link #write(Snapshot, OutputStream)}, leaving out the entries at {@code hidden} (see {@link MountPoints}). */
    public static void write(Snapshot snapshot, OutputStream out, Set<String> hidden) throws IOException {
        write(snapshot.upper(), out, hidden);
    }

    /** Writes the layer tar of any overlay upper dir. */
    public static void write(Path upper, OutputStream out) throws IOException {
        write(upper, out, Set.of());
    }

    private static void write(Path upper, OutputStream out, Set<String> hidden) throws IOException {
        DiffTar writer = new DiffTar(out);
        SortedWalk.walk(upper, (path, file, node) -> {
            if (!hidden.contains(path)) {
                writer.member(path, file, node);
            }
        });
        writer.tar.finish();
        writer.tar.flush();
    }

    private void member(String path, Path file, FileNode node) throws IOException {
        switch (node.type()) {
            case DIRECTORY -> {
                put(header(path + "/", TarArchiveEntry.LF_DIR, node, node.mode()), null);
                if (OverlayMarks.isOpaque(file)) {
                    put(header(path + "/" + OverlayMarks.OPAQUE_MARKER, TarArchiveEntry.LF_NORMAL, node, WHITEOUT_MODE), null);
                }
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> special(path, node);
            case SYMLINK -> {
                TarArchiveEntry e = header(path, TarArchiveEntry.LF_SYMLINK, node, node.mode());
                e.setLinkName(Files.readSymbolicLink(file).toString());
                put(e, null);
            }
            case FILE -> file(path, file, node);
            default -> {
                // a socket: nothing to write
            }
        }
    }

    private void special(String path, FileNode node) throws IOException {
        if (node.isWhiteout()) {
            put(header(whiteoutName(path), TarArchiveEntry.LF_NORMAL, node, WHITEOUT_MODE), null);
            return;
        }
        byte type = switch (node.type()) {
            case CHAR_DEVICE -> TarArchiveEntry.LF_CHR;
            case BLOCK_DEVICE -> TarArchiveEntry.LF_BLK;
            default -> TarArchiveEntry.LF_FIFO;
        };
        TarArchiveEntry e = header(path, type, node, node.mode());
        if (node.type() != FileNode.Type.FIFO) {
            e.setDevMajor(node.devMajor());
            e.setDevMinor(node.devMinor());
        }
        put(e, null);
    }

    private void file(String path, Path file, FileNode node) throws IOException {
        if (node.links() > 1) {
            String key = node.dev() + ":" + node.inode();
            String first = linked.putIfAbsent(key, path);
            if (first != null) {
                TarArchiveEntry e = header(path, TarArchiveEntry.LF_LINK, node, node.mode());
                e.setLinkName(first);
                put(e, null);
                return;
            }
        }
        TarArchiveEntry e = header(path, TarArchiveEntry.LF_NORMAL, node, node.mode());
        e.setSize(node.size());
        put(e, file);
    }

    private static TarArchiveEntry header(String name, byte type, FileNode node, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(node.uid() & 0xffffffffL);
        e.setGroupId(node.gid() & 0xffffffffL);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(node.mtime().toInstant().getEpochSecond() * 1000L);
        return e;
    }

    private void put(TarArchiveEntry entry, Path content) throws IOException {
        tar.putArchiveEntry(entry);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content, LinkOption.NOFOLLOW_LINKS)) {
                long copied = Streams.copy(in, tar);
                if (copied != entry.getSize()) {
                    throw new IOException(content + " changed size while being written to the layer tar");
                }
            }
        }
        tar.closeArchiveEntry();
    }

    private static String whiteoutName(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + OverlayMarks.WHITEOUT_PREFIX + path.substring(slash + 1);
    }
}
