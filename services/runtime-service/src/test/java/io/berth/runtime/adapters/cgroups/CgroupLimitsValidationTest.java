package io.berth.runtime.adapters.cgroups;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Messages are dockerd's (and, for the shares range, runc's) word for word. */
class CgroupLimitsValidationTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void memoryBelowSixMegabytesIsRefused() {
        assertEquals("Minimum memory limit allowed is 6MB", refusal(new ResourceLimits(6 * MIB - 1, 0, 0, 0, 0)));
        assertDoesNotThrow(() -> new ResourceLimits(6 * MIB, 0, 0, 0, 0).validate(2));
    }

    @Test
    void swapBelowMemoryOrWithoutMemoryIsRefused() {
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                refusal(new ResourceLimits(64 * MIB, 32 * MIB, 0, 0, 0)));
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                refusal(new ResourceLimits(0, 64 * MIB, 0, 0, 0)));
        assertDoesNotThrow(() -> new ResourceLimits(64 * MIB, -1, 0, 0, 0).validate(2));
        assertDoesNotThrow(() -> new ResourceLimits(64 * MIB, 64 * MIB, 0, 0, 0).validate(2));
    }

    @Test
    void moreCpusThanTheHostHasIsRefused() {
        assertEquals("range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                refusal(new ResourceLimits(0, 0, 2_000_000_001L, 0, 0)));
        assertEquals("range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                refusal(new ResourceLimits(0, 0, -1, 0, 0)));
        assertDoesNotThrow(() -> new ResourceLimits(0, 0, 2_000_000_000L, 0, 0).validate(2));
    }

    @Test
    void cpuSharesOutsideTheKernelRangeAreRefused() {
        assertEquals("invalid CPU shares (-5): value must be a positive integer", refusal(new ResourceLimits(0, 0, 0, -5, 0)));
        assertEquals("the minimum allowed cpu-shares is 2", refusal(new ResourceLimits(0, 0, 0, 1, 0)));
        assertEquals("the maximum allowed cpu-shares is 262144", refusal(new ResourceLimits(0, 0, 0, 262_145, 0)));
        assertDoesNotThrow(() -> new ResourceLimits(0, 0, 0, 2, 0).validate(2));
        assertDoesNotThrow(() -> new ResourceLimits(0, 0, 0, 262_144, 0).validate(2));
    }

    @Test
    void unlimitedPidsInEitherSpellingIsAccepted() {
        assertDoesNotThrow(() -> new ResourceLimits(0, 0, 0, 0, -1).validate(2));
        assertDoesNotThrow(() -> ResourceLimits.UNLIMITED.validate(2));
    }

    private static String refusal(ResourceLimits limits) {
        return assertThrows(InvalidResourceLimitsException.class, () -> limits.validate(2)).getMessage();
    }
}
