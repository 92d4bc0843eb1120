package io.berth.runtime.adapters.cgroups;

import java.nio.file.Path;

/** Writes {@link ResourceLimits} into a container's single cgroup v2 directory. */
final class V2LimitWriter {
    private V2LimitWriter() {
    }

    static void write(Path dir, ResourceLimits limits) {
        if (limits.limitsMemory()) {
            writeMemory(dir, limits);
        }
        if (limits.limitsPids()) {
            CgroupFiles.write(dir, "pids.max", Long.toString(limits.pidsLimit()));
        }
        if (limits.nanoCpus() > 0) {
            CgroupFiles.write(dir, "cpu.max", CgroupConversions.cpuMax(limits.nanoCpus()));
        }
        if (limits.cpuShares() > 0) {
            CgroupFiles.write(dir, "cpu.weight", Long.toString(CgroupConversions.cpuWeightFromShares(limits.cpuShares())));
        }
    }

    /**
     * v2 limits swap on its own (memory.swap.max) where Docker's --memory-swap is memory plus swap, hence the
     * subtraction. memory.swap.max is absent without swap accounting (CONFIG_MEMCG_SWAP off, or swapaccount=0);
     * Docker then limits memory alone, and so do we, silently.
     */
    private static void writeMemory(Path dir, ResourceLimits limits) {
        if (CgroupFiles.exists(dir, "memory.swap.max")) {
            long swap = CgroupConversions.swapOnly(limits.memoryBytes(), limits.effectiveMemorySwapBytes());
            CgroupFiles.write(dir, "memory.swap.max", CgroupConversions.v2Limit(swap));
        }
        CgroupFiles.write(dir, "memory.max", Long.toString(limits.memoryBytes()));
    }
}
