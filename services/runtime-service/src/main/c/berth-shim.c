/*
 * berth-shim: the only code in Berth that forks. Invoker and monitor; the container init is in
 * container-init.c. The protocol (spec, state, exit, log frames, the invoker's line, the pipes
 * between the three processes) is documented in berth-shim.h and mirrored by the Java classes in
 * io.berth.runtime.adapters.shim.
 *
 * The monitor is kept small on purpose: no allocation after the spec is parsed, one static read
 * buffer, poll() on two pipes and a signalfd. Learned from conmon (log owner, survives the
 * daemon) and runc's nsexec (sync and error pipes around clone), written afresh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shim-internal.h"

#define MAX_SPEC_BYTES (4 << 20)
#define DRAIN_TIMEOUT_MS 2000
#define DEFAULT_EXIT_CODE 128

struct spec spec;

/* init runs on this stack; it is a copy-on-write page set, never touched by the monitor itself. */
static char init_stack[256 * 1024] __attribute__((aligned(16)));
static char read_buffer[16 * 1024];

static int report_fd = -1;
static int start_fd = -1; /* the monitor's end of the start pipe */
static int log_fd = -1;
static off_t log_size;
static unsigned long long log_drops;

/* ------------------------------------------------------------------------------------ helpers */

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static ssize_t read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

void copy_string(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void set_failure(struct shim_failure *f, const char *step, int err, const char *path)
{
    memset(f, 0, sizeof *f);
    f->err = err;
    copy_string(f->step, sizeof f->step, step);
    copy_string(f->path, sizeof f->path, path ? path : "");
}

/* Docker's rule (daemon/start.go): "no such file" -> 127, "permission denied" -> 126, else 128. */
static int exit_code_for(int err)
{
    if (err == ENOENT)
        return 127;
    if (err == EACCES)
        return 126;
    return DEFAULT_EXIT_CODE;
}

static int print_failure(const struct shim_failure *f)
{
    int code = exit_code_for(f->err);
    printf("error\t%d\t%s\t%d\t%s\t%s\n", code, f->step, f->err, strerror(f->err), f->path);
    fflush(stdout);
    return code;
}

/* --------------------------------------------------------------------------------- spec file */

static int parse_flag(const char *value) { return strcmp(value, "1") == 0; }

static int parse_id(const char *value, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(value, &end, 10);
    if (errno || end == value || *end || v > 0xfffffffeUL)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Returns 0, or -1 with *bad naming the offending entry. */
static int apply_entry(char *key, char *value, const char **bad)
{
    unsigned id;
    *bad = key;
    if (!strcmp(key, "version"))
        return strcmp(value, SHIM_SPEC_VERSION) ? -1 : 0;
    if (!strcmp(key, "rootfs")) { spec.rootfs = value; return 0; }
    if (!strcmp(key, "hostname")) { spec.hostname = value; return 0; }
    if (!strcmp(key, "cwd")) { spec.cwd = value; return 0; }
    if (!strcmp(key, "arg")) {
        if (spec.nargs == MAX_ARGS) return -1;
        spec.args[spec.nargs++] = value;
        return 0;
    }
    if (!strcmp(key, "env")) {
        if (spec.nenv == MAX_ENV) return -1;
        spec.env[spec.nenv++] = value;
        return 0;
    }
    if (!strcmp(key, "uid")) { if (parse_id(value, &id)) return -1; spec.uid = id; return 0; }
    if (!strcmp(key, "gid")) { if (parse_id(value, &id)) return -1; spec.gid = id; return 0; }
    if (!strcmp(key, "group")) {
        if (spec.ngroups == MAX_GROUPS || parse_id(value, &id)) return -1;
        spec.groups[spec.ngroups++] = id;
        return 0;
    }
    if (!strcmp(key, "no_new_privs")) { spec.no_new_privs = parse_flag(value); return 0; }
    if (!strcmp(key, "readonly_rootfs")) { spec.readonly_rootfs = parse_flag(value); return 0; }
    if (!strcmp(key, "network")) {
        if (strcmp(value, "new") && strcmp(value, "host")) return -1;
        spec.host_network = !strcmp(value, "host");
        return 0;
    }
    if (!strcmp(key, "cgroup_procs")) {
        if (spec.ncgroups == MAX_CGROUPS) return -1;
        spec.cgroup_procs[spec.ncgroups++] = value;
        return 0;
    }
    if (!strcmp(key, "bind_source")) {
        if (spec.nbinds == MAX_BINDS) return -1;
        spec.binds[spec.nbinds++].source = value;
        return 0;
    }
    if (!strcmp(key, "bind_target") || !strcmp(key, "bind_readonly")) {
        if (spec.nbinds == 0) return -1; /* must follow its bind_source */
        struct bind_mount *b = &spec.binds[spec.nbinds - 1];
        if (key[5] == 't') b->target = value;
        else b->readonly = parse_flag(value);
        return 0;
    }
    return -1;
}

static int check_spec(const char **bad)
{
    *bad = "rootfs";
    if (!spec.rootfs || spec.rootfs[0] != '/') return -1;
    *bad = "arg";
    if (spec.nargs == 0 || spec.args[0][0] == '\0') return -1;
    *bad = "cwd";
    if (!spec.cwd || spec.cwd[0] != '/') return -1;
    *bad = "bind_target";
    for (int i = 0; i < spec.nbinds; i++)
        if (!spec.binds[i].target || spec.binds[i].target[0] != '/') return -1;
    return 0;
}

/* Reads <bundle>/spec into one heap buffer that lives as long as the process. */
static int load_spec(const char *bundle, struct shim_failure *f)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/spec", bundle);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        set_failure(f, "spec", errno, path);
        return -1;
    }
    if (st.st_size <= 0 || st.st_size > MAX_SPEC_BYTES) {
        set_failure(f, "spec", EINVAL, path);
        return -1;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf || read_full(fd, buf, (size_t)st.st_size) != st.st_size) {
        set_failure(f, "spec", buf ? EIO : ENOMEM, path);
        return -1;
    }
    close(fd);
    buf[st.st_size] = '\0';
    if (buf[st.st_size - 1] != '\0' || strncmp(buf, "version=", 8)) {
        set_failure(f, "spec", EINVAL, "spec must start with version= and end with NUL");
        return -1;
    }
    const char *bad;
    for (char *entry = buf, *next; entry < buf + st.st_size; entry = next) {
        next = entry + strlen(entry) + 1; /* before the '=' is cut */
        char *eq = strchr(entry, '=');
        if (!eq) {
            set_failure(f, "spec", EINVAL, entry);
            return -1;
        }
        *eq = '\0';
        if (apply_entry(entry, eq + 1, &bad)) {
            set_failure(f, "spec", EINVAL, bad);
            return -1;
        }
    }
    if (check_spec(&bad)) {
        set_failure(f, "spec", EINVAL, bad);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------- bundle files */

static void write_atomically(const char *name, const char *text)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s.tmp", name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    int ok = write_all(fd, text, strlen(text)) == 0;
    close(fd);
    if (ok)
        rename(tmp, name);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

static void put_be64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

/* One writev per frame. A partial write is cut off again so readers never see a torn frame. */
static void append_frame(int stream, const char *data, size_t len)
{
    unsigned char header[SHIM_FRAME_HEADER] = {0};
    header[0] = (unsigned char)stream;
    put_be32(header + 4, (uint32_t)len);
    put_be64(header + 8, (uint64_t)now_ns());
    struct iovec iov[2] = {{header, sizeof header}, {(void *)data, len}};
    ssize_t n = log_fd >= 0 ? writev(log_fd, iov, 2) : -1;
    if (n == (ssize_t)(sizeof header + len)) {
        log_size += n;
        return;
    }
    if (n > 0 && ftruncate(log_fd, log_size) < 0)
        log_fd = -1; /* cannot repair the file: stop writing rather than corrupt it */
    log_drops++;
}

/* ------------------------------------------------------------------------------- monitor */

static void report(const struct shim_report *r, int last)
{
    if (report_fd < 0 || write_all(report_fd, r, sizeof *r) < 0)
        return; /* the invoker is gone; nothing else to tell */
    if (last) {
        close(report_fd);
        report_fd = -1;
    }
}

static void __attribute__((noreturn)) report_failure(const char *step, int err, const char *path)
{
    struct shim_report r = {0};
    set_failure(&r.failure, step, err, path);
    report(&r, 1);
    _exit(1);
}

enum init_news { INIT_READY, INIT_EXECED, INIT_FAILED };

/* What init said on the error pipe: a "ready" record, EOF (its execve closed the pipe, or it died),
 * or a failure record (copied to *f). */
static enum init_news await_init(int error_fd, struct shim_failure *f)
{
    ssize_t n = read_full(error_fd, f, sizeof *f);
    if (n == 0)
        return INIT_EXECED;
    if (n != (ssize_t)sizeof *f) {
        set_failure(f, "init", EIO, "short error record");
        return INIT_FAILED;
    }
    if (f->err == 0 && !strcmp(f->step, SHIM_STEP_READY))
        return INIT_READY;
    if (f->err == 0)
        f->err = EIO;
    return INIT_FAILED;
}

/* init could not set up or exec: it has exited or is about to. */
static void __attribute__((noreturn)) fail_after_init(pid_t pid, struct shim_report *r)
{
    if (r->failure.err == 0) /* EOF before "ready": init died during its setup */
        set_failure(&r->failure, "init", EIO, "container init exited during setup");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    r->ok = 0;
    report(r, 1);
    _exit(1);
}

static void detach_from_invoker(const char *bundle)
{
    if (setsid() < 0)
        report_failure("setsid", errno, "");
    int null = open("/dev/null", O_RDWR);
    if (null < 0)
        report_failure("open", errno, "/dev/null");
    for (int fd = 0; fd < 3; fd++)
        dup2(null, fd);
    if (null > 2)
        close(null);
    if (chdir(bundle) < 0)
        report_failure("bundle", errno, bundle);
    signal(SIGPIPE, SIG_IGN);
}

static void make_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) < 0)
        report_failure("pipe", errno, "");
}

static void kill_init_and_fail(pid_t pid, const char *step, int err, const char *path)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    report_failure(step, err, path);
}

static void join_cgroups(pid_t pid)
{
    char text[16];
    int len = snprintf(text, sizeof text, "%d", (int)pid);
    for (int i = 0; i < spec.ncgroups; i++) {
        int fd = open(spec.cgroup_procs[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write_all(fd, text, (size_t)len) < 0) {
            int err = errno;
            kill_init_and_fail(pid, "cgroup", err, spec.cgroup_procs[i]);
        }
        close(fd);
    }
}

struct exit_status {
    int exit_code;
    int signal;
    int64_t finished_ns;
};

/* Reads one chunk from a stream into a log frame; closes the stream on EOF or error. */
static void pump(int *fd, int stream)
{
    ssize_t n = read(*fd, read_buffer, sizeof read_buffer);
    if (n > 0) {
        append_frame(stream, read_buffer, (size_t)n);
    } else if (n == 0 || errno != EINTR) {
        close(*fd);
        *fd = -1;
    }
}

static int reap(int signal_fd, pid_t pid, struct exit_status *out)
{
    struct signalfd_siginfo info;
    while (read(signal_fd, &info, sizeof info) > 0)
        ;
    int status, exited = 0;
    pid_t w;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
        if (w != pid)
            continue;
        exited = 1;
        out->finished_ns = now_ns();
        if (WIFSIGNALED(status)) {
            out->signal = WTERMSIG(status);
            out->exit_code = 128 + out->signal;
        } else {
            out->exit_code = WEXITSTATUS(status);
        }
    }
    return exited;
}

/* Copies init's output into the log until init has exited and both pipes reached EOF. When init
 * exits the kernel kills the rest of its pid namespace, so EOF follows quickly; the timeout only
 * guards against a writer that escaped the namespace. */
static void pump_until_exit(int out_fd, int err_fd, int signal_fd, pid_t pid, struct exit_status *st)
{
    int exited = 0;
    while (!exited || out_fd >= 0 || err_fd >= 0) {
        struct pollfd p[3] = {
            {out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {exited ? -1 : signal_fd, POLLIN, 0},
        };
        int r = poll(p, 3, exited ? DRAIN_TIMEOUT_MS : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (p[0].revents)
            pump(&out_fd, SHIM_STREAM_STDOUT);
        if (p[1].revents)
            pump(&err_fd, SHIM_STREAM_STDERR);
        if (p[2].revents && reap(signal_fd, pid, st))
            exited = 1;
    }
    if (!exited) /* a pipe error left us without the status: wait for it */
        while (!reap(signal_fd, pid, st))
            poll(&(struct pollfd){signal_fd, POLLIN, 0}, 1, -1);
}

static void __attribute__((noreturn)) run_monitor(const char *bundle)
{
    detach_from_invoker(bundle);

    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int signal_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signal_fd < 0)
        report_failure("signalfd", errno, "");

    log_fd = open("log", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (log_fd < 0)
        report_failure("log", errno, "log");
    log_size = lseek(log_fd, 0, SEEK_END);

    int sync_pipe[2], error_pipe[2], out_pipe[2], err_pipe[2];
    make_pipe(sync_pipe);
    make_pipe(error_pipe);
    make_pipe(out_pipe);
    make_pipe(err_pipe);
    struct init_fds fds = {sync_pipe[0], error_pipe[1], out_pipe[1], err_pipe[1]};

    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD;
    if (!spec.host_network)
        flags |= CLONE_NEWNET;
    pid_t pid = clone(container_init, init_stack + sizeof init_stack, flags, &fds);
    if (pid < 0)
        report_failure("clone", errno, "");
    close(sync_pipe[0]);
    close(error_pipe[1]);
    close(out_pipe[1]);
    close(err_pipe[1]);

    join_cgroups(pid);
    if (write_all(sync_pipe[1], "g", 1) < 0)
        kill_init_and_fail(pid, "sync", errno, "");

    struct shim_report r = {0};
    if (await_init(error_pipe[0], &r.failure) != INIT_READY)
        fail_after_init(pid, &r);
    r.ok = 1;
    r.monitor_pid = getpid();
    r.pid = pid;
    report(&r, 0);

    char start;
    if (read_full(start_fd, &start, 1) != 1) { /* the invoker was told to give up, or is gone */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        _exit(1);
    }
    close(start_fd);
    if (write_all(sync_pipe[1], "g", 1) < 0)
        kill_init_and_fail(pid, "sync", errno, "");
    close(sync_pipe[1]);
    if (await_init(error_pipe[0], &r.failure) != INIT_EXECED)
        fail_after_init(pid, &r);
    close(error_pipe[0]);

    r.ok = 1;
    r.monitor_pid = getpid();
    r.pid = pid;
    r.started_ns = now_ns();
    char text[128];
    snprintf(text, sizeof text, "monitor_pid=%d\npid=%d\nstarted_at=%lld\n",
             (int)r.monitor_pid, (int)pid, (long long)r.started_ns);
    write_atomically("state", text);
    report(&r, 1);

    struct exit_status st = {DEFAULT_EXIT_CODE, 0, 0};
    pump_until_exit(out_pipe[0], err_pipe[0], signal_fd, pid, &st);
    snprintf(text, sizeof text, "exit_code=%d\nsignal=%d\nfinished_at=%lld\nlog_drops=%llu\n",
             st.exit_code, st.signal, (long long)st.finished_ns, log_drops);
    write_atomically("exit", text);
    _exit(0);
}

/* ------------------------------------------------------------------------------- invoker */

/* Reads stdin until a line "start"; anything else, or EOF (the JVM closed it or died), is no. */
static int start_requested(void)
{
    char line[16];
    size_t len = 0;
    char c;
    for (;;) {
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        if (c == '\n')
            return len == 5 && !memcmp(line, "start", 5);
        if (len == sizeof line)
            return 0;
        line[len++] = c;
    }
}

int main(int argc, char **argv)
{
    struct shim_failure f;
    if (argc != 2 || argv[1][0] != '/') {
        set_failure(&f, "usage", EINVAL, "berth-shim <absolute bundle dir>");
        return print_failure(&f);
    }
    close_range(3, ~0U, 0); /* whatever the caller leaked must not reach the container */
    if (load_spec(argv[1], &f) < 0)
        return print_failure(&f);

    int report_pipe[2], start_pipe[2];
    if (pipe2(report_pipe, O_CLOEXEC) < 0 || pipe2(start_pipe, O_CLOEXEC) < 0) {
        set_failure(&f, "pipe", errno, "");
        return print_failure(&f);
    }
    fflush(stdout);
    pid_t monitor = fork();
    if (monitor < 0) {
        set_failure(&f, "fork", errno, "");
        return print_failure(&f);
    }
    if (monitor == 0) {
        close(report_pipe[0]);
        close(start_pipe[1]);
        report_fd = report_pipe[1];
        start_fd = start_pipe[0];
        run_monitor(argv[1]);
    }
    close(report_pipe[1]);
    close(start_pipe[0]);

    struct shim_report r;
    ssize_t n = read_full(report_pipe[0], &r, sizeof r);
    if (n == (ssize_t)sizeof r && r.ok) {
        printf("ready\t%d\t%d\n", (int)r.monitor_pid, (int)r.pid);
        fflush(stdout);
        if (!start_requested()) {
            close(start_pipe[1]); /* the monitor kills init */
            waitpid(monitor, NULL, 0);
            printf("aborted\n");
            return 1;
        }
        if (write_all(start_pipe[1], "s", 1) < 0)
            n = 0; /* the monitor is gone: reported below */
        else
            n = read_full(report_pipe[0], &r, sizeof r);
        if (n == (ssize_t)sizeof r && r.ok) {
            printf("ok\t%d\t%d\t%lld\n", (int)r.monitor_pid, (int)r.pid, (long long)r.started_ns);
            return 0;
        }
    }
    waitpid(monitor, NULL, 0); /* a failed start leaves nothing running */
    if (n != (ssize_t)sizeof r)
        set_failure(&r.failure, "monitor", EPIPE, "monitor exited without a report");
    return print_failure(&r.failure);
}
