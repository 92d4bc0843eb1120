package io.berth.runtime.adapters.cgroups;

/**
 * A container's resource limits in Docker's own units and conventions, so HostConfig values pass through unchanged.
 *
 * @param memoryBytes     {@code --memory}; 0 means unlimited
 * @param memorySwapBytes {@code --memory-swap}, memory plus swap; 0 means Docker's default of twice the memory,
 *                        -1 means unlimited swap
 * @param nanoCpus        {@code --cpus} times 10^9; 0 means unlimited
 * @param cpuShares       {@code --cpu-shares}, relative weight; 0 means the kernel default (1024)
 * @param pidsLimit       {@code --pids-limit}; 0 or negative means unlimited
 */
public record ResourceLimits(long memoryBytes, long memorySwapBytes, long nanoCpus, long cpuShares, long pidsLimit) {
    /** Docker's floor: not a kernel limit, but what a container needs to start at all. */
    public static final long MIN_MEMORY_BYTES = 6 * 1024 * 1024;
    /** The kernel clamps cpu.shares into this range; rejecting outside it keeps v1 and v2 hosts consistent. */
    public static final long MIN_CPU_SHARES = 2;
    public static final long MAX_CPU_SHARES = 262144;

    public static final ResourceLimits UNLIMITED = new ResourceLimits(0, 0, 0, 0, 0);

    /**
     * Rejects what dockerd (or, for the cpu-shares range, runc under it) would reject, with the same message.
     * Checked before any cgroup is touched so a refusal never leaves anything behind.
     *
     * @param hostCpus CPUs this host offers, the upper bound for {@code --cpus}
     */
    public void validate(int hostCpus) {
        if (memoryBytes != 0 && memoryBytes < MIN_MEMORY_BYTES) {
            throw new InvalidResourceLimitsException("Minimum memory limit allowed is 6MB");
        }
        if (memoryBytes > 0 && memorySwapBytes > 0 && memorySwapBytes < memoryBytes) {
            throw new InvalidResourceLimitsException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memoryBytes == 0 && memorySwapBytes > 0) {
            throw new InvalidResourceLimitsException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (nanoCpus < 0 || nanoCpus > hostCpus * 1_000_000_000L) {
            throw new InvalidResourceLimitsException(String.format(
                    "range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", hostCpus, hostCpus));
        }
        if (cpuShares < 0) {
            throw new InvalidResourceLimitsException(
                    String.format("invalid CPU shares (%d): value must be a positive integer", cpuShares));
        }
        if (cpuShares > 0 && cpuShares < MIN_CPU_SHARES) {
            throw new InvalidResourceLimitsException("the minimum allowed cpu-shares is " + MIN_CPU_SHARES);
        }
        if (cpuShares > MAX_CPU_SHARES) {
            throw new InvalidResourceLimitsException("the maximum allowed cpu-shares is " + MAX_CPU_SHARES);
        }
    }

    /** Memory plus swap as the kernel should see it: Docker's default of twice the memory filled in; -1 unlimited, 0 unset. */
    public long effectiveMemorySwapBytes() {
        if (memoryBytes > 0 && memorySwapBytes == 0) {
            return memoryBytes * 2;
        }
        return memorySwapBytes;
    }

    public boolean limitsMemory() {
        return memoryBytes > 0;
    }

    public boolean limitsCpu() {
        return nanoCpus > 0 || cpuShares > 0;
    }

    public boolean limitsPids() {
        return pidsLimit > 0;
    }
}
