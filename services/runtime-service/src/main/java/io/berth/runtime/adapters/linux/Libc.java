package io.berth.runtime.adapters.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The libc calls runtime-service makes from Java (the JVM never forks: process creation is the C helper's job).
 * Every call throws {@link LastErrorException} on failure, whose {@code getErrorCode()} is the errno.
 * One binding for the whole service: add a function here rather than loading libc again elsewhere.
 */
public interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int MNT_DETACH = 2;

    int CLONE_NEWNET = 0x40000000;
    /** Unshared by one thread, it gives that thread its own working directory (relative overlay lowerdirs). */
    int CLONE_FS = 0x00000200;

    int S_IFIFO = 0010000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;

    int O_RDONLY = 0;
    int O_DIRECTORY = 0200000;
    /** The same value on x86_64 and aarch64. */
    int O_CLOEXEC = 02000000;

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;

    int ENODATA = 61;
    int ENOTSUP = 95;
    int EBUSY = 16;
    int EINVAL = 22;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    /** Returns the value's length; errno ENODATA when the attribute is absent. */
    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    /** Follows a final symlink: callers make sure {@code path} is not one. */
    int chmod(String path, int mode) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    /** {@code times} is {@code struct timespec[2]} flattened: atime sec, atime nsec, mtime sec, mtime nsec. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    /** Creates the link with {@code target} byte for byte (the JDK's Path would normalise it). */
    int symlink(String target, String linkPath) throws LastErrorException;

    /** Two-argument form only: Berth never creates files through this binding, so no mode is passed. */
    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** Flushes the one filesystem holding {@code fd}, not every disk as sync() would. */
    int syncfs(int fd) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int chdir(String path) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

}
