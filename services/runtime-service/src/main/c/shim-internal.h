/* Declarations shared by the monitor (berth-shim.c) and the container init (container-init.c). */
#ifndef BERTH_SHIM_INTERNAL_H
#define BERTH_SHIM_INTERNAL_H

#include <sys/types.h>
#include "berth-shim.h"

#define MAX_ARGS 4096
#define MAX_ENV 4096
#define MAX_GROUPS 256
#define MAX_CGROUPS 32
#define MAX_BINDS 256

struct bind_mount {
    const char *source;
    const char *target;
    int readonly;
};

/* The parsed spec. Strings point into the spec file's buffer; arrays are NULL-terminated. */
struct spec {
    const char *rootfs;
    const char *hostname;
    const char *cwd;
    char *args[MAX_ARGS + 1];
    int nargs;
    char *env[MAX_ENV + 1];
    int nenv;
    gid_t groups[MAX_GROUPS];
    int ngroups;
    const char *cgroup_procs[MAX_CGROUPS];
    int ncgroups;
    struct bind_mount binds[MAX_BINDS];
    int nbinds;
    uid_t uid;
    gid_t gid;
    int no_new_privs;
    int host_network;
    int readonly_rootfs;
};

extern struct spec spec;

/* The file descriptors init is handed by the monitor. */
struct init_fds {
    int sync_read;  /* blocks until the monitor says go (after the cgroup join) */
    int error_write; /* CLOEXEC: a struct shim_failure, or EOF on exec */
    int stdout_write;
    int stderr_write;
};

/* clone() entry point of the container init. Never returns on success (execve). */
int container_init(void *fds);

/* Writes the whole buffer, retrying short writes and EINTR. Returns 0 or -1 (errno set). */
int write_all(int fd, const void *buf, size_t len);

/* Copies at most size-1 bytes and always terminates. */
void copy_string(char *dst, size_t size, const char *src);

#endif
