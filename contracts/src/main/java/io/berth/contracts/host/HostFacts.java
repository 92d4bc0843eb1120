package io.berth.contracts.host;

/** What a host tells about itself when it joins; placement and {@code docker info} read these. */
public record HostFacts(
        String hostname,
        String kernelVersion,
        CgroupVersion cgroupVersion,
        int cpus,
        long memoryBytes,
        String operatingSystem,
        String architecture) {
}
