package io.berth.runtime.adapters.cgroups;

import java.nio.file.Path;
import java.util.Map;

/** Writes {@link ResourceLimits} into a container's v1 cgroups, one directory per controller. */
final class V1LimitWriter {
    private V1LimitWriter() {
    }

    /** Memory first, pids next, cpu last: the order matters only for which write fails first, never for the result. */
    static void write(Map<String, Path> dirsByController, ResourceLimits limits) {
        if (limits.limitsMemory()) {
            writeMemory(dirsByController.get("memory"), limits);
        }
        if (limits.limitsPids()) {
            CgroupFiles.write(dirsByController.get("pids"), "pids.max", Long.toString(limits.pidsLimit()));
        }
        if (limits.limitsCpu()) {
            writeCpu(dirsByController.get("cpu"), limits);
        }
    }

    /**
     * The kernel insists memsw >= memory at every moment, so memory goes first (a new cgroup starts with both
     * unlimited). memsw exists only with swap accounting (swapaccount=1); without it Docker drops the swap limit with a
     * warning, and so do we. Unlimited swap (-1) is the fresh cgroup's state and needs no write.
     */
    private static void writeMemory(Path dir, ResourceLimits limits) {
        CgroupFiles.write(dir, "memory.limit_in_bytes", Long.toString(limits.memoryBytes()));
        long memoryPlusSwap = limits.effectiveMemorySwapBytes();
        if (memoryPlusSwap > 0 && CgroupFiles.exists(dir, "memory.memsw.limit_in_bytes")) {
            CgroupFiles.write(dir, "memory.memsw.limit_in_bytes", Long.toString(memoryPlusSwap));
        }
    }

    private static void writeCpu(Path dir, ResourceLimits limits) {
        if (limits.nanoCpus() > 0) {
            CgroupFiles.write(dir, "cpu.cfs_period_us", Long.toString(CgroupConversions.CFS_PERIOD_MICROS));
            CgroupFiles.write(dir, "cpu.cfs_quota_us", Long.toString(CgroupConversions.cfsQuotaMicros(limits.nanoCpus())));
        }
        if (limits.cpuShares() > 0) {
            CgroupFiles.write(dir, "cpu.shares", Long.toString(limits.cpuShares()));
        }
    }
}
