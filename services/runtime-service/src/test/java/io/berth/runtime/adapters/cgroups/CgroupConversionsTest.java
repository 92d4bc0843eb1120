package io.berth.runtime.adapters.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CgroupConversionsTest {
    @Test
    void sharesMapToWeightLikeRunc() {
        assertEquals(0, CgroupConversions.cpuWeightFromShares(0), "unset stays unset");
        assertEquals(1, CgroupConversions.cpuWeightFromShares(2));
        assertEquals(2, CgroupConversions.cpuWeightFromShares(3));
        assertEquals(17, CgroupConversions.cpuWeightFromShares(100));
        assertEquals(59, CgroupConversions.cpuWeightFromShares(512));
        assertEquals(100, CgroupConversions.cpuWeightFromShares(1024), "Docker's default lands on v2's default");
        assertEquals(174, CgroupConversions.cpuWeightFromShares(2048));
        assertEquals(4340, CgroupConversions.cpuWeightFromShares(100_000));
        assertEquals(10000, CgroupConversions.cpuWeightFromShares(262_143));
        assertEquals(10000, CgroupConversions.cpuWeightFromShares(262_144));
    }

    @Test
    void cpusBecomeAQuotaPerHundredMilliseconds() {
        assertEquals(50_000, CgroupConversions.cfsQuotaMicros(500_000_000L));
        assertEquals(150_000, CgroupConversions.cfsQuotaMicros(1_500_000_000L));
        assertEquals(1_000, CgroupConversions.cfsQuotaMicros(10_000_000L), "0.01 CPUs is the kernel's 1 ms minimum");
        assertEquals(100, CgroupConversions.cfsQuotaMicros(1_000_000L), "below the minimum: left to the kernel to refuse");
        assertEquals(-1, CgroupConversions.cfsQuotaMicros(0));
        assertEquals("50000 100000", CgroupConversions.cpuMax(500_000_000L));
        assertEquals("max 100000", CgroupConversions.cpuMax(0));
    }

    @Test
    void v2SwapIsTheTotalMinusMemory() {
        assertEquals(16L << 20, CgroupConversions.swapOnly(16L << 20, 32L << 20));
        assertEquals(0, CgroupConversions.swapOnly(16L << 20, 16L << 20), "equal totals: no swap");
        assertEquals(-1, CgroupConversions.swapOnly(16L << 20, -1));
        assertEquals("max", CgroupConversions.v2Limit(-1));
    }

    @Test
    void dockerDefaultSwapIsTwiceTheMemory() {
        assertEquals(64L << 20, new ResourceLimits(32L << 20, 0, 0, 0, 0).effectiveMemorySwapBytes());
        assertEquals(-1, new ResourceLimits(32L << 20, -1, 0, 0, 0).effectiveMemorySwapBytes());
        assertEquals(0, ResourceLimits.UNLIMITED.effectiveMemorySwapBytes());
    }
}
