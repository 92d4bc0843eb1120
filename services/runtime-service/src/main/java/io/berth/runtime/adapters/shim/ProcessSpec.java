package io.berth.runtime.adapters.shim;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the init helper needs to start one container process: what to run, as whom, and in which
 * isolated view of the host. Written to {@code <bundle>/spec} by {@link SpecWriter}.
 *
 * @param rootfs           absolute host path of the prepared (mounted) root filesystem
 * @param hostname         the UTS hostname; empty keeps the kernel default of the new namespace
 * @param args             the entrypoint and its arguments; {@code args[0]} is looked up in the container's
 *                         {@code PATH} (from {@code env}) when it has no slash
 * @param env              {@code NAME=value} entries, exactly as the process receives them
 * @param workingDir       absolute container path; created when missing
 * @param uid              user id, {@code >= 0}
 * @param gid              group id, {@code >= 0}
 * @param additionalGids   supplementary groups
 * @param noNewPrivileges  sets {@code no_new_privs} before exec
 * @param network          {@link NetworkMode#NEW} for a namespace with only {@code lo}
 * @param cgroupProcsFiles {@code cgroup.procs} files the process joins before it runs any code
 * @param binds            bind mounts, applied in order
 * @param readOnlyRootfs   remounts the root read-only (the mounts on it stay as they are)
 */
public record ProcessSpec(
        Path rootfs,
        String hostname,
        List<String> args,
        List<String> env,
        String workingDir,
        int uid,
        int gid,
        List<Integer> additionalGids,
        boolean noNewPrivileges,
        NetworkMode network,
        List<Path> cgroupProcsFiles,
        List<BindMount> binds,
        boolean readOnlyRootfs) {

    /** The Linux limit on a UTS hostname. */
    public static final int MAX_HOSTNAME_LENGTH = 64;

    public ProcessSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        if (!rootfs.isAbsolute()) {
            throw new IllegalArgumentException("rootfs must be an absolute path: " + rootfs);
        }
        SpecText.requireNoNul("rootfs", rootfs.toString());
        hostname = hostname == null ? "" : hostname;
        if (hostname.length() > MAX_HOSTNAME_LENGTH) {
            throw new IllegalArgumentException("hostname is longer than " + MAX_HOSTNAME_LENGTH + " characters: " + hostname);
        }
        SpecText.requireNoNul("hostname", hostname);
        args = List.copyOf(Objects.requireNonNull(args, "args"));
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("args must name an executable (args[0] is empty)");
        }
        args.forEach(a -> SpecText.requireNoNul("argument", a));
        env = List.copyOf(Objects.requireNonNull(env, "env"));
        for (String entry : env) {
            if (entry.indexOf('=') <= 0) {
                throw new IllegalArgumentException("env entry must look like NAME=value: " + entry);
            }
            SpecText.requireNoNul("env entry", entry);
        }
        Objects.requireNonNull(workingDir, "workingDir");
        if (!workingDir.startsWith("/")) {
            throw new IllegalArgumentException("workingDir must be an absolute path: " + workingDir);
        }
        SpecText.requireNoNul("workingDir", workingDir);
        requireId("uid", uid);
        requireId("gid", gid);
        additionalGids = List.copyOf(Objects.requireNonNull(additionalGids, "additionalGids"));
        additionalGids.forEach(g -> requireId("additional gid", g));
        Objects.requireNonNull(network, "network");
        cgroupProcsFiles = List.copyOf(Objects.requireNonNull(cgroupProcsFiles, "cgroupProcsFiles"));
        for (Path file : cgroupProcsFiles) {
            if (!file.isAbsolute()) {
                throw new IllegalArgumentException("cgroup.procs file must be an absolute path: " + file);
            }
            SpecText.requireNoNul("cgroup.procs file", file.toString());
        }
        binds = List.copyOf(Objects.requireNonNull(binds, "binds"));
    }

    private static void requireId(String what, int id) {
        if (id < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + id);
        }
    }
}
