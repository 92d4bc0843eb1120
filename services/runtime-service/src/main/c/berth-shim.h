/*
 * berth-shim protocol: the files and the one line shared with the Java side
 * (io.berth.runtime.adapters.shim). Change both sides together.
 *
 * ---------------------------------------------------------------------------------------------
 * Invocation:  berth-shim <bundle-dir>          (absolute path; started by Java's ProcessBuilder)
 *
 * Three processes:
 *
 *   JVM ──ProcessBuilder──▶ invoker ──fork──▶ monitor ──clone(NEWPID|NEWNS|NEWUTS|NEWIPC[|NEWNET])──▶ init
 *    │ stdin: "start\n"   ▲ │                 │   │                                               │
 *    └────────────────────┘ └── start pipe ──▶│   ├── writes init's pid to each cgroup.procs      │
 *                           ◀── report pipe ──┘   ├── sync pipe: "go" (setup), then "go" (exec) ─▶│
 *                                                 │◀── error pipe (CLOEXEC): struct shim_failure ─┤ setup,
 *                                                 │    first a "ready" record (err 0) or a failure │ ready,
 *                                                 │    then EOF = exec succeeded, or a failure     │ exec
 *                                                 │◀── stdout / stderr pipes ─────────────────────┘
 *                                                 └── <bundle>/log, <bundle>/state, <bundle>/exit
 *
 *   Two phases, like runc's create and start: the setup (namespaces, cgroups, mounts, pivot_root,
 *   identity, capabilities) runs first and init stops right before execve; the exec happens when
 *   the JVM writes "start\n" to the invoker's stdin. The JVM may write it at once (one call does
 *   both) or later, so the setup of a created container is done before `docker start` arrives.
 *
 *   invoker  prints one or two lines on stdout and exits:
 *              ready\t<monitor pid>\t<container pid>\n                              setup done; then it
 *                                                                          reads stdin until "start\n"
 *              ok\t<monitor pid>\t<container pid>\t<started at, ns since epoch>\n        exit 0
 *              error\t<exit code>\t<step>\t<errno>\t<strerror>\t<path>\n               exit <exit code>
 *              aborted\n   stdin ended without "start": init was killed, nothing ran  exit 1
 *            "error" may follow "ready" (the exec failed) or come alone (the setup failed).
 *            The path is last and runs to the final '\n' (it may contain tabs).
 *            Exit codes follow Docker: ENOENT -> 127, EACCES -> 126, anything else -> 128.
 *            On failure or abort the invoker has already reaped the monitor: nothing is left running.
 *            If the JVM dies before starting it, the invoker's stdin ends: a created container never
 *            outlives the JVM that prepared it, and no state or exit file is written for it.
 *   monitor  setsid(), stdio on /dev/null, cwd = bundle; survives the JVM. Owns init's stdout and
 *            stderr, appends them to <bundle>/log, reaps init, writes <bundle>/exit, exits.
 *   init     container pid 1: mounts, pivot_root, identity, capabilities, execve.
 *
 * ---------------------------------------------------------------------------------------------
 * <bundle>/spec   written by Java (SpecWriter). A sequence of entries "key=value\0" (NUL-terminated,
 *                 so values may hold newlines and '='; only the first '=' separates). Keys:
 *     version=1                       first entry, required
 *     rootfs=<abs host path>          required
 *     hostname=<name>                 optional
 *     arg=<s>                         repeated, in order; at least one (args[0] = executable)
 *     env=<NAME=value>                repeated, in order
 *     cwd=<abs container path>        required
 *     uid=<n>  gid=<n>                required
 *     group=<n>                       repeated: additional gids
 *     no_new_privs=0|1
 *     network=new|host
 *     readonly_rootfs=0|1
 *     cgroup_procs=<abs host path>    repeated: a cgroup.procs file to put init in before it runs
 *     bind_source=<abs host path>     starts a bind mount; then
 *     bind_target=<abs container path>
 *     bind_readonly=0|1
 *
 * <bundle>/state  text, written atomically (state.tmp + rename) once init has exec'd:
 *     monitor_pid=<n>\npid=<n>\nstarted_at=<ns since epoch>\n
 * <bundle>/exit   text, written atomically (exit.tmp + rename) after init is reaped and the pipes drained:
 *     exit_code=<n>\nsignal=<n>\nfinished_at=<ns since epoch>\nlog_drops=<n>\n
 *     exit_code is 128+signal when init was killed by a signal (signal is 0 otherwise).
 * <bundle>/log    appended frames, one writev per frame, never a torn frame (a short write is
 *                 truncated away and counted in log_drops). Big-endian header of 16 bytes:
 *     byte 0     stream: 1 = stdout, 2 = stderr
 *     bytes 1-3  zero
 *     bytes 4-7  data length (uint32)
 *     bytes 8-15 time the monitor read the data, ns since epoch (int64)
 *     then       data
 *   (the first 8 bytes have the shape of Docker's stdcopy header, with the time appended)
 * ---------------------------------------------------------------------------------------------
 */
#ifndef BERTH_SHIM_H
#define BERTH_SHIM_H

#include <stdint.h>
#include <sys/types.h>

#define SHIM_SPEC_VERSION "1"
#define SHIM_STREAM_STDOUT 1
#define SHIM_STREAM_STDERR 2
#define SHIM_FRAME_HEADER 16
/* The step of init's "ready" record (err 0): setup done, waiting for the second go. */
#define SHIM_STEP_READY "ready"

/* One failure, from init to the monitor (error pipe) and from the monitor to the invoker.
 * Smaller than PIPE_BUF so a single write is atomic. */
struct shim_failure {
    int err;
    char step[32];
    char path[4000];
};

/* The monitor's messages to the invoker (report pipe): ready (or a setup failure), then the start's outcome. */
struct shim_report {
    int ok; /* 1: ready (first report) or exec'd (second); 0: failure */
    pid_t monitor_pid;
    pid_t pid;
    int64_t started_ns;
    struct shim_failure failure;
};

#endif
