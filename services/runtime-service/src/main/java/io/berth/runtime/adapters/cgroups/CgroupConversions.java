package io.berth.runtime.adapters.cgroups;

/**
 * Docker's v1-shaped numbers turned into what the kernel files expect. Pure functions, kept apart so the arithmetic
 * is unit-tested without a kernel.
 */
public final class CgroupConversions {
    /** CFS period Docker uses for {@code --cpus}: 100 ms. */
    public static final long CFS_PERIOD_MICROS = 100_000;

    private CgroupConversions() {
    }

    /**
     * CFS quota in microseconds per {@link #CFS_PERIOD_MICROS} for {@code --cpus}; -1 (no quota) for 0.
     * Integer division like dockerd, so 0.5 CPUs is 50000 and values below 0.01 CPUs fall under the kernel's 1 ms
     * minimum and are refused by the kernel, as with Docker.
     */
    public static long cfsQuotaMicros(long nanoCpus) {
        if (nanoCpus <= 0) {
            return -1;
        }
        return nanoCpus * CFS_PERIOD_MICROS / 1_000_000_000L;
    }

    /** v2 {@code cpu.max}: "quota period", or "max period" when unlimited. */
    public static String cpuMax(long nanoCpus) {
        long quota = cfsQuotaMicros(nanoCpus);
        return (quota < 0 ? "max" : Long.toString(quota)) + " " + CFS_PERIOD_MICROS;
    }

    /**
     * v1 {@code cpu.shares} [2, 262144] to v2 {@code cpu.weight} [1, 10000], with runc's current mapping: a quadratic
     * in log2(shares) through the two ends and the default, so Docker's default 1024 lands on v2's default 100
     * (the older linear formula gave 39, starving default containers next to non-container processes).
     * 0 means unset and stays 0.
     */
    public static long cpuWeightFromShares(long shares) {
        if (shares <= 0) {
            return 0;
        }
        if (shares <= 2) {
            return 1;
        }
        if (shares >= 262144) {
            return 10000;
        }
        double log2 = log2(shares);
        double exponent = (log2 * log2 + 125 * log2) / 612.0 - 7.0 / 34.0;
        return (long) Math.ceil(Math.pow(10, exponent));
    }

    /** Exact for powers of two (1024 must give exactly 10, or ceil lands one above the default weight). */
    private static double log2(long value) {
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (Long.bitCount(value) == 1) {
            return exponent;
        }
        return exponent + Math.log((double) value / (1L << exponent)) / Math.log(2);
    }

    /**
     * v2 {@code memory.swap.max} from Docker's memory-plus-swap total: the swap part alone. -1 (unlimited) stays -1;
     * equal totals give 0, meaning no swap at all.
     *
     * @param memory         memory limit, > 0
     * @param memoryPlusSwap Docker's effective {@code --memory-swap}: > 0 or -1
     */
    public static long swapOnly(long memory, long memoryPlusSwap) {
        if (memoryPlusSwap < 0) {
            return -1;
        }
        return memoryPlusSwap - memory;
    }

    /** Number as v2 limit files take it: "max" for unlimited (negative). */
    static String v2Limit(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }
}
