/*
 * The container init: pid 1 of the new pid namespace, cloned by the monitor (berth-shim.c).
 *
 * Order matters and mirrors runc's: wait for the monitor's go (it has put us in our cgroups),
 * make every mount private, build the container's mounts while the host is still visible (so
 * bind sources and /dev nodes resolve on the host), pivot_root, then drop identity and
 * capabilities, and exec. Every target inside the rootfs is resolved with openat2(RESOLVE_IN_ROOT)
 * and mounted through its /proc/self/fd path, so a symlink in the image cannot point a mount
 * outside the rootfs.
 *
 * Any failure is written to the error pipe as (step, errno, path) and init exits; the pipe is
 * CLOEXEC, so a successful execve shows up at the monitor as EOF. Once everything but the exec is
 * done, init writes a record with err 0 ("ready") and waits for the monitor's second go: like
 * runc's create/start split, the costly setup can happen before the container is started.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim-internal.h"

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* linux/mount.h clashes with glibc's sys/mount.h, so the one struct we need is declared here. */
struct mount_attr_arg {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};

static int error_fd = -1;
static int root_fd = -1;

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const int default_caps[] = {
    CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID,
    CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL,
    CAP_AUDIT_WRITE,
};

/* Docker's masked and read-only paths (moby oci/defaults.go). */
static const char *const masked_paths[] = {
    "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
    "/sys/firmware", "/sys/devices/virtual/powercap",
};
static const char *const readonly_paths[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};
static const char *const dev_nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
static const char *const dev_links[][2] = {
    {"ptmx", "pts/ptmx"}, {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}, {"core", "/proc/kcore"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void __attribute__((noreturn)) fail(const char *step, const char *path)
{
    struct shim_failure f;
    memset(&f, 0, sizeof f);
    f.err = errno;
    copy_string(f.step, sizeof f.step, step);
    copy_string(f.path, sizeof f.path, path ? path : "");
    write_all(error_fd, &f, sizeof f);
    _exit(1);
}

static void fd_path(char *buf, size_t size, int fd) { snprintf(buf, size, "/proc/self/fd/%d", fd); }

/* ------------------------------------------------------------ paths inside the rootfs */

/* An O_PATH fd for path, resolved as if the rootfs were "/" (symlinks cannot escape it). */
static int open_in_root(const char *path)
{
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
    return (int)syscall(SYS_openat2, root_fd, path, &how, sizeof how);
}

/* Like open_in_root, creating the path (and missing parents, as directories) when absent. */
static int ensure_in_root(const char *path, int as_dir)
{
    int fd = open_in_root(path);
    if (fd >= 0 || errno != ENOENT)
        return fd;
    char parent[4096];
    copy_string(parent, sizeof parent, path);
    char *slash = strrchr(parent, '/');
    if (!slash || slash[1] == '\0') {
        errno = EINVAL;
        return -1;
    }
    const char *name = path + (slash - parent) + 1;
    *slash = '\0';
    int dir = parent[0] ? ensure_in_root(parent, 1) : dup(root_fd);
    if (dir < 0)
        return -1;
    if (as_dir) {
        if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
            close(dir);
            return -1;
        }
    } else {
        /* O_EXCL|O_NOFOLLOW: a dangling symlink here fails instead of creating a file elsewhere */
        int f = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (f < 0 && errno != EEXIST) {
            close(dir);
            return -1;
        }
        if (f >= 0)
            close(f);
    }
    close(dir);
    return open_in_root(path);
}

/* Mounts onto path inside the rootfs (created when missing). */
static void mount_in_root(const char *source, const char *path, const char *fstype,
                          unsigned long flags, const char *data, int as_dir, const char *step)
{
    char target[64];
    int fd = ensure_in_root(path, as_dir);
    if (fd < 0)
        fail(step, path);
    fd_path(target, sizeof target, fd);
    if (mount(source, target, fstype, flags, data) < 0)
        fail(step, path);
    close(fd);
}

/* Makes the mount at path (inside the rootfs) read-only, with its submounts when recursive. */
static void make_readonly_in_root(const char *path, int recursive, const char *step)
{
    char target[64];
    int fd = open_in_root(path); /* reopened: now the top mount, not what lay under it */
    if (fd < 0)
        fail(step, path);
    struct mount_attr_arg attr = {.attr_set = MOUNT_ATTR_RDONLY};
    unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    if (syscall(SYS_mount_setattr, fd, "", flags, &attr, sizeof attr) < 0) {
        fd_path(target, sizeof target, fd);
        if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
            fail(step, path);
    }
    close(fd);
}

/* ------------------------------------------------------------------------ the mounts */

static void prepare_rootfs(void)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        fail("mount-private", "/");
    /* pivot_root needs the new root to be a mount point */
    if (mount(spec.rootfs, spec.rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
        fail("rootfs", spec.rootfs);
    root_fd = open(spec.rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0)
        fail("rootfs", spec.rootfs);
}

static void mount_dev(void)
{
    char target[128];
    mount_in_root("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", 1,
                  "mount-dev");
    int dev = open_in_root("/dev");
    if (dev < 0)
        fail("mount-dev", "/dev");
    /* Host nodes are bound rather than mknod'ed: a devices cgroup may forbid mknod. */
    for (size_t i = 0; i < COUNT(dev_nodes); i++) {
        char host[32];
        snprintf(host, sizeof host, "/dev/%s", dev_nodes[i]);
        int f = openat(dev, dev_nodes[i], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (f < 0)
            fail("mount-dev", host);
        close(f);
        snprintf(target, sizeof target, "/proc/self/fd/%d/%s", dev, dev_nodes[i]);
        if (mount(host, target, NULL, MS_BIND, NULL) < 0)
            fail("mount-dev", host);
    }
    if (mkdirat(dev, "pts", 0755) < 0 || mkdirat(dev, "shm", 01777) < 0 ||
        mkdirat(dev, "mqueue", 0755) < 0)
        fail("mount-dev", "/dev");
    snprintf(target, sizeof target, "/proc/self/fd/%d/pts", dev);
    if (mount("devpts", target, "devpts", MS_NOSUID | MS_NOEXEC,
              "newinstance,ptmxmode=0666,mode=0620,gid=5") < 0)
        fail("mount-dev", "/dev/pts");
    snprintf(target, sizeof target, "/proc/self/fd/%d/shm", dev);
    if (mount("shm", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0)
        fail("mount-dev", "/dev/shm");
    snprintf(target, sizeof target, "/proc/self/fd/%d/mqueue", dev);
    if (mount("mqueue", target, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        fail("mount-dev", "/dev/mqueue");
    for (size_t i = 0; i < COUNT(dev_links); i++)
        if (symlinkat(dev_links[i][1], dev, dev_links[i][0]) < 0)
            fail("mount-dev", dev_links[i][0]);
    close(dev);
}

static void mount_sys(void)
{
    unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    char target[64];
    int fd = ensure_in_root("/sys", 1);
    if (fd < 0)
        fail("mount-sys", "/sys");
    fd_path(target, sizeof target, fd);
    if (mount("sysfs", target, "sysfs", flags, NULL) < 0) {
        /* sysfs can be refused (e.g. a net namespace we may not administer): show the host's */
        if (mount("/sys", target, NULL, MS_BIND | MS_REC, NULL) < 0)
            fail("mount-sys", "/sys");
        make_readonly_in_root("/sys", 1, "mount-sys");
    }
    close(fd);
}

static void mount_binds(void)
{
    for (int i = 0; i < spec.nbinds; i++) {
        const struct bind_mount *b = &spec.binds[i];
        struct stat st;
        if (stat(b->source, &st) < 0)
            fail("bind", b->source);
        mount_in_root(b->source, b->target, NULL, MS_BIND | MS_REC, NULL, S_ISDIR(st.st_mode), "bind");
        if (b->readonly)
            make_readonly_in_root(b->target, 1, "bind");
    }
}

static void mask_paths(void)
{
    char target[64];
    for (size_t i = 0; i < COUNT(masked_paths); i++) {
        int fd = open_in_root(masked_paths[i]);
        struct stat st;
        if (fd < 0)
            continue; /* absent on this kernel: nothing to hide */
        fd_path(target, sizeof target, fd);
        if (fstat(fd, &st) < 0)
            fail("mask", masked_paths[i]);
        int r = S_ISDIR(st.st_mode)
                    ? mount("tmpfs", target, "tmpfs", MS_RDONLY, "size=0")
                    : mount("/dev/null", target, NULL, MS_BIND, NULL);
        if (r < 0)
            fail("mask", masked_paths[i]);
        close(fd);
    }
    for (size_t i = 0; i < COUNT(readonly_paths); i++) {
        int fd = open_in_root(readonly_paths[i]);
        if (fd < 0)
            continue;
        fd_path(target, sizeof target, fd);
        if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0)
            fail("readonly-path", readonly_paths[i]);
        close(fd);
        make_readonly_in_root(readonly_paths[i], 1, "readonly-path");
    }
}

/* pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the rootfs. */
static void pivot_into_rootfs(void)
{
    int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0 || fchdir(root_fd) < 0)
        fail("pivot-root", spec.rootfs);
    if (syscall(SYS_pivot_root, ".", ".") < 0)
        fail("pivot-root", spec.rootfs);
    if (fchdir(old_root) < 0 || mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 ||
        umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        fail("pivot-root", "old root");
    close(old_root);
    close(root_fd);
}

/* ---------------------------------------------------------- after pivot: the process */

static void make_dirs(const char *path)
{
    char buf[4096];
    copy_string(buf, sizeof buf, path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            fail("workdir", path);
        *p = c;
        if (c == '\0')
            break;
    }
}

static void bring_up_loopback(void)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    copy_string(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        fail("loopback", "lo");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        fail("loopback", "lo");
    close(s);
}

static uint64_t default_cap_mask(void)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < COUNT(default_caps); i++)
        mask |= 1ULL << default_caps[i];
    return mask;
}

/* Bounding set first (needs CAP_SETPCAP), then groups, gid and uid (keeping the permitted set
 * across setuid), then the effective/permitted sets; inheritable and ambient end up empty. */
static void drop_privileges(void)
{
    uint64_t keep = default_cap_mask();
    for (int cap = 0; cap < 64; cap++)
        if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            fail("capabilities", "bounding set");
    if (setgroups((size_t)spec.ngroups, spec.groups) < 0)
        fail("groups", "");
    if (setgid(spec.gid) < 0)
        fail("gid", "");
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setuid(spec.uid) < 0)
        fail("uid", "");
    prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    data[0].effective = data[0].permitted = (uint32_t)keep;
    data[1].effective = data[1].permitted = (uint32_t)(keep >> 32);
    if (syscall(SYS_capset, &header, data) < 0)
        fail("capabilities", "capset");
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (spec.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        fail("no-new-privs", "");
}

static const char *container_path(void)
{
    for (int i = 0; i < spec.nenv; i++)
        if (!strncmp(spec.env[i], "PATH=", 5))
            return spec.env[i] + 5;
    return DEFAULT_PATH;
}

/* Like Go's exec.LookPath (which Docker uses): a name without '/' is searched in the container's
 * PATH for a regular file with an execute bit; a name with '/' is executed as given. */
static void __attribute__((noreturn)) exec_entrypoint(void)
{
    const char *file = spec.args[0];
    if (strchr(file, '/')) {
        execve(file, spec.args, spec.env);
        fail("exec", file);
    }
    char candidate[4096];
    const char *dir = container_path();
    for (;;) {
        const char *end = strchrnul(dir, ':');
        int len = (int)(end - dir);
        snprintf(candidate, sizeof candidate, "%.*s/%s", len ? len : 1, len ? dir : ".", file);
        struct stat st;
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
            execve(candidate, spec.args, spec.env);
            fail("exec", file);
        }
        if (*end == '\0')
            break;
        dir = end + 1;
    }
    errno = ENOENT;
    fail("exec-lookup", file);
}

/* ---------------------------------------------------------------------------- entry */

/* Keeps only stdio and our two protocol pipes: the monitor's ends must not stay open here, or a
 * dead monitor would go unnoticed (sync pipe) and the invoker would wait forever (report pipe). */
static void close_other_fds(const struct init_fds *fds)
{
    int a = fds->sync_read < fds->error_write ? fds->sync_read : fds->error_write;
    int b = fds->sync_read < fds->error_write ? fds->error_write : fds->sync_read;
    close_range(3, (unsigned)a - 1, 0);
    close_range((unsigned)a + 1, (unsigned)b - 1, 0);
    close_range((unsigned)b + 1, ~0U, 0);
}

static void wait_for_go(int sync_read)
{
    char go;
    if (read(sync_read, &go, 1) != 1)
        _exit(1); /* the monitor died (or gave up) before releasing us */
}

/* Everything but the exec is done: tell the monitor, then wait until the container is started. */
static void ready_then_wait(int sync_read)
{
    struct shim_failure ready;
    memset(&ready, 0, sizeof ready);
    copy_string(ready.step, sizeof ready.step, SHIM_STEP_READY);
    if (write_all(error_fd, &ready, sizeof ready) < 0)
        _exit(1);
    wait_for_go(sync_read);
    close(sync_read);
}

static void reset_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
}

int container_init(void *arg)
{
    const struct init_fds *fds = arg;
    error_fd = fds->error_write;
    if (dup2(fds->stdout_write, 1) < 0 || dup2(fds->stderr_write, 2) < 0)
        fail("stdio", "");
    close_other_fds(fds);
    wait_for_go(fds->sync_read);
    reset_signals();

    if (unshare(CLONE_NEWCGROUP) < 0 && errno != EINVAL)
        fail("cgroupns", "");
    prepare_rootfs();
    mount_in_root("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 1, "mount-proc");
    mount_dev();
    mount_sys();
    mount_binds();
    mask_paths();
    pivot_into_rootfs();

    make_dirs(spec.cwd);
    if (spec.readonly_rootfs && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
        fail("readonly-rootfs", "/");
    if (spec.hostname && spec.hostname[0] &&
        sethostname(spec.hostname, strlen(spec.hostname)) < 0)
        fail("hostname", spec.hostname);
    if (!spec.host_network)
        bring_up_loopback();
    if (chdir(spec.cwd) < 0)
        fail("workdir", spec.cwd);
    drop_privileges();
    ready_then_wait(fds->sync_read);
    exec_entrypoint();
}
