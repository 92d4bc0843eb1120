package io.berth.infra;

import java.util.List;

/**
 * How a service's JVM compiles. On a small machine C2's compiler threads keep competing with the work for hundreds
 * of requests (30–55 ms of CPU per {@code docker run} in the gateway and the broker, docs/benchmarks.md), while
 * hashing and tar need C2: SHA-256 has no C1 intrinsic (~130 MB/s under C1, ~1.4 GB/s under C2). The launcher's own
 * JVM, which runs the broker, gets {@link #QUICK}'s options from what starts it ({@link JvmOptions}).
 */
enum JitProfile {
    /** Small messages only (gateway, log-service, the launcher's broker): C1 alone, serial GC. */
    QUICK(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
    /**
     * Mostly small messages, now and then a hot loop (runtime-service verifies and unpacks a layer once per host;
     * image-service hashes every pushed byte between many small registry requests): C2 only for code that runs
     * hundreds of thousands of times, serial GC. For image-service this halved the CPU of the first pushes after a
     * start (C2 compiled Netty, Vert.x and Kafka paths for dozens of pushes) at the same warm speed.
     */
    QUICK_BUT_HOT_LOOPS(List.of("-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=500000",
            "-XX:Tier4MinInvocationThreshold=500000", "-XX:Tier4CompileThreshold=500000",
            "-XX:Tier4BackEdgeThreshold=4000000")),
    /** Bulk data (build-service): the JVM's defaults. */
    FULL(List.of());

    private final List<String> options;

    JitProfile(List<String> options) {
        this.options = options;
    }

    List<String> options() {
        return options;
    }
}
