package io.berth.contracts.host;

/**
 * What a host tells about itself when it joins; placement and {@code docker info} read these.
 *
 * @param apiUrl the host's runtime-service over HTTP (e.g. {@code http://127.0.0.1:28081}), where the gateway reads
 *               bulk data of the host's containers ({@code docker diff}, {@code docker commit}); null in events written
 *               before hosts announced it
 */
public record HostFacts(
        String hostname,
        String kernelVersion,
        CgroupVersion cgroupVersion,
        int cpus,
        long memoryBytes,
        String operatingSystem,
        String architecture,
        String apiUrl) {

    /** Facts without an HTTP address (tests, and what old events read as). */
    public HostFacts(String hostname, String kernelVersion, CgroupVersion cgroupVersion, int cpus, long memoryBytes,
                     String operatingSystem, String architecture) {
        this(hostname, kernelVersion, cgroupVersion, cpus, memoryBytes, operatingSystem, architecture, null);
    }

    public HostFacts withApiUrl(String url) {
        return new HostFacts(hostname, kernelVersion, cgroupVersion, cpus, memoryBytes, operatingSystem, architecture, url);
    }
}
