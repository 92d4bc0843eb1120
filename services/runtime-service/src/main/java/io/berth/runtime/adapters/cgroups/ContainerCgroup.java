package io.berth.runtime.adapters.cgroups;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One container's cgroup: a directory per mounted v1 controller (plus, on hybrid hosts, one in the controller-less
 * unified hierarchy) or a single v2 directory. Holds paths only, no open files, so a fresh instance from
 * {@link Cgroups#existing} after a restart is as good as the one {@link Cgroups#create} returned.
 */
public final class ContainerCgroup {
    private static final int SIGKILL = 9;
    private static final int ESRCH = 3;
    private static final long REMOVE_TIMEOUT_MILLIS = 5_000;
    private static final long FREEZE_TIMEOUT_MILLIS = 1_000;
    private static final long POLL_MILLIS = 10;

    private final String containerId;
    private final Map<String, Path> v1DirsByController;
    private final Optional<Path> unifiedDir;
    private final boolean unifiedHasControllers;

    /**
     * @param v1DirsByController    controller to directory; co-mounted controllers share one; empty on pure v2
     * @param unifiedDir            the cgroup2 directory, if the host has a cgroup2 mount
     * @param unifiedHasControllers true on pure v2 (limits and stats live there), false on hybrid (tracking only)
     */
    ContainerCgroup(String containerId, Map<String, Path> v1DirsByController, Optional<Path> unifiedDir,
            boolean unifiedHasControllers) {
        this.containerId = containerId;
        this.v1DirsByController = Map.copyOf(v1DirsByController);
        this.unifiedDir = unifiedDir;
        this.unifiedHasControllers = unifiedHasControllers;
    }

    public String containerId() {
        return containerId;
    }

    /** Every directory of this cgroup, each once (co-mounted v1 controllers share a directory). */
    public List<Path> directories() {
        Set<Path> dirs = new LinkedHashSet<>(new TreeSet<>(v1DirsByController.values()));
        unifiedDir.ifPresent(dirs::add);
        return List.copyOf(dirs);
    }

    /**
     * The files the init helper writes the container's pid into, one per hierarchy: a process is in a v1 hierarchy's
     * cgroup only once written there, so all of them are needed for every limit to apply.
     */
    public List<Path> procsFiles() {
        return directories().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /**
     * Whether the kernel's OOM killer killed a process of this container: {@code oom_kill} in memory.events (v2) or
     * memory.oom_control (v1, kernel 4.13 and later). The counter survives the process, so this answers "was it
     * OOM-killed" after exit, which is what Docker's State.OOMKilled reports. False without a memory controller.
     */
    public boolean oomKilled() {
        String file = isV2Memory() ? "memory.events" : "memory.oom_control";
        return memoryFile(file).map(dir -> CgroupFiles.readKeyed(dir, file, "oom_kill").orElse(0L) > 0).orElse(false);
    }

    /** Bytes charged to the container now (memory.current / memory.usage_in_bytes); 0 without a memory controller. */
    public long memoryUsage() {
        String file = isV2Memory() ? "memory.current" : "memory.usage_in_bytes";
        return memoryFile(file).map(dir -> CgroupFiles.readLong(dir, file)).orElse(0L);
    }

    /** Every process in any of this container's cgroups, ascending. */
    public List<Long> pids() {
        Set<Long> pids = new TreeSet<>();
        for (Path dir : directories()) {
            pids.addAll(CgroupFiles.procs(dir));
        }
        return List.copyOf(pids);
    }

    /**
     * SIGKILLs every process. {@code cgroup.kill} (kernel 5.14+, any cgroup2 directory, so also hybrid's unified one)
     * kills atomically, forks included. Otherwise, and for anything still listed, the v1 freezer is frozen first so a
     * fork loop cannot outrun the pid-by-pid kill, then thawed so the signals are delivered.
     */
    public void killAll() {
        unifiedDir.filter(dir -> CgroupFiles.exists(dir, "cgroup.kill")).ifPresent(dir -> CgroupFiles.write(dir, "cgroup.kill", "1"));
        List<Long> pids = pids();
        if (pids.isEmpty()) {
            return;
        }
        Optional<Path> freezer = Optional.ofNullable(v1DirsByController.get("freezer")).filter(Files::isDirectory);
        freezer.ifPresent(this::freeze);
        try {
            for (long pid : pids()) {
                kill(pid);
            }
        } finally {
            freezer.ifPresent(dir -> CgroupFiles.write(dir, "freezer.state", "THAWED"));
        }
    }

    /**
     * Kills what is left, waits (bounded) until the kernel has emptied the cgroups, and removes every directory.
     * Idempotent: directories already gone are skipped, so a retry after a crash halfway through is safe.
     *
     * @throws CgroupException if processes or directories are still there after the wait
     */
    public void remove() {
        long deadline = System.currentTimeMillis() + REMOVE_TIMEOUT_MILLIS;
        while (true) {
            List<Path> left = directories().stream().filter(Files::isDirectory).toList();
            if (left.isEmpty()) {
                return;
            }
            killAll();
            // Leaf-last order does not matter: each hierarchy holds one directory of ours.
            for (Path dir : left) {
                tryRmdir(dir);
            }
            if (directories().stream().noneMatch(Files::isDirectory)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException("cgroup of container " + containerId + " still busy after "
                        + REMOVE_TIMEOUT_MILLIS + " ms: pids " + pids() + " in " + left);
            }
            sleep();
        }
    }

    /** The directory holding memory controller file {@code file}; empty when the host has no memory controller. */
    private Optional<Path> memoryFile(String file) {
        Optional<Path> dir = isV2Memory() ? unifiedDir : Optional.ofNullable(v1DirsByController.get("memory"));
        return dir.filter(d -> CgroupFiles.exists(d, file));
    }

    private boolean isV2Memory() {
        return unifiedHasControllers;
    }

    /** Waits, bounded, for FROZEN; a freezer that does not settle in time only makes the kill less airtight. */
    private void freeze(Path freezerDir) {
        CgroupFiles.write(freezerDir, "freezer.state", "FROZEN");
        long deadline = System.currentTimeMillis() + FREEZE_TIMEOUT_MILLIS;
        while (!CgroupFiles.read(freezerDir, "freezer.state").equals("FROZEN") && System.currentTimeMillis() < deadline) {
            sleep();
        }
    }

    private static void kill(long pid) {
        try {
            Libc.INSTANCE.kill((int) pid, SIGKILL);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ESRCH) {
                throw new CgroupException("cannot SIGKILL pid " + pid + ": errno " + e.getErrorCode(), e);
            }
        }
    }

    /** rmdir; EBUSY (processes not yet reaped) and already-gone are expected while waiting. */
    private static void tryRmdir(Path dir) {
        try {
            Files.delete(dir);
        } catch (NoSuchFileException | DirectoryNotEmptyException gone) {
            // gone already, or a child cgroup someone else made: reported by the caller's timeout
        } catch (IOException busy) {
            // EBUSY while the last processes exit; retried until the deadline
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a cgroup", e);
        }
    }

    @Override
    public String toString() {
        return "ContainerCgroup[" + containerId + " " + directories() + "]";
    }
}
