package io.berth.runtime.adapters.snapshot;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file operations the JDK cannot do exactly: device nodes, setuid bits, ownership and times of symlinks,
 * trusted xattrs. Every failure names the operation, the path and the errno. None of these follows a symlink in
 * the last component except {@link #chmod}, whose callers never pass one.
 */
final class NativeFiles {
    private static final Libc LIBC = Libc.INSTANCE;

    private NativeFiles() {
    }

    /** {@code type} is {@link Libc#S_IFCHR}, {@link Libc#S_IFBLK} or {@link Libc#S_IFIFO}. */
    static void mknod(Path path, int type, int mode, int major, int minor) throws IOException {
        try {
            LIBC.mknod(path.toString(), type | (mode & 07777), makedev(major, minor));
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    static void lchown(Path path, long uid, long gid) throws IOException {
        try {
            LIBC.lchown(path.toString(), (int) uid, (int) gid);
        } catch (LastErrorException e) {
            throw failure("lchown", path, e);
        }
    }

    /** After {@link #lchown}: changing the owner clears setuid and setgid bits. */
    static void chmod(Path path, int mode) throws IOException {
        try {
            LIBC.chmod(path.toString(), mode & 07777);
        } catch (LastErrorException e) {
            throw failure("chmod", path, e);
        }
    }

    /** Sets access and modification time of the entry itself (a symlink is not followed). */
    static void setTimes(Path path, FileTime mtime) throws IOException {
        Instant t = mtime.toInstant();
        long[] times = {t.getEpochSecond(), t.getNano(), t.getEpochSecond(), t.getNano()};
        try {
            LIBC.utimensat(Libc.AT_FDCWD, path.toString(), times, Libc.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", path, e);
        }
    }

    /** Creates a symlink whose target is exactly {@code target}, never resolved here. */
    static void symlink(String target, Path link) throws IOException {
        try {
            LIBC.symlink(target, link.toString());
        } catch (LastErrorException e) {
            throw failure("symlink", link, e);
        }
    }

    static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try {
            LIBC.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("lsetxattr " + name, path, e);
        }
    }

    /** The attribute's value, or empty if the entry has none (or its filesystem has no xattrs). */
    static Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        byte[] buf = new byte[256];
        try {
            long n = LIBC.lgetxattr(path.toString(), name, buf, buf.length);
            return Optional.of(Arrays.copyOf(buf, (int) n));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.ENODATA || e.getErrorCode() == Libc.ENOTSUP) {
                return Optional.empty();
            }
            throw failure("lgetxattr " + name, path, e);
        }
    }

    /** Flushes the filesystem holding {@code dir}, so a renamed-into-place layer is on disk, not just in cache. */
    static void syncFilesystem(Path dir) throws IOException {
        int fd;
        try {
            fd = LIBC.open(dir.toString(), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw failure("open", dir, e);
        }
        try {
            LIBC.syncfs(fd);
        } catch (LastErrorException e) {
            throw failure("syncfs", dir, e);
        } finally {
            LIBC.close(fd);
        }
    }

    /** glibc's encoding of {@code dev_t}: 12+20 bits of major, 8+24 bits of minor, interleaved. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    static int major(long dev) {
        return (int) (((dev >>> 8) & 0x00000fffL) | ((dev >>> 32) & 0xfffff000L));
    }

    static int minor(long dev) {
        return (int) ((dev & 0x000000ffL) | ((dev >>> 12) & 0xffffff00L));
    }

    private static IOException failure(String op, Path path, LastErrorException e) {
        return new IOException(op + " " + path + ": " + e.getMessage(), e);
    }
}
