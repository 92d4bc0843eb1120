package io.berth.runtime.adapters.cgroups;

import io.berth.contracts.host.CgroupVersion;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the kernel's cgroup hierarchies are mounted, read from /proc/self/mounts lines. The single place that
 * decides whether a host is v1, v2 or hybrid: {@code HostFactsProbe} reports {@link #version()} and {@link Cgroups}
 * uses the same mount points, so the two can never disagree.
 */
public final class CgroupMounts {
    /** The unified hierarchy is the whole story only when it sits where v1 controllers would otherwise live. */
    static final Path CONVENTIONAL_ROOT = Path.of("/sys/fs/cgroup");

    /** v1 controllers a container is placed in when mounted; named hierarchies (name=systemd) are not controllers. */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "pids", "hugetlb", "rdma", "misc");

    private final Map<String, Path> v1Roots;
    private final Optional<Path> unifiedRoot;
    private final boolean unifiedIsConventional;

    private CgroupMounts(Map<String, Path> v1Roots, Optional<Path> unifiedRoot, boolean unifiedIsConventional) {
        this.v1Roots = Collections.unmodifiableMap(v1Roots);
        this.unifiedRoot = unifiedRoot;
        this.unifiedIsConventional = unifiedIsConventional;
    }

    /** Parses /proc/self/mounts lines ("source mountpoint fstype options dump pass"). */
    public static CgroupMounts parse(List<String> mountLines) {
        Map<String, Path> v1 = new TreeMap<>();
        Path unified = null;
        boolean conventional = false;
        boolean anyV1 = false;
        for (String line : mountLines) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            Path mountPoint = Path.of(f[1]);
            if (f[2].equals("cgroup2")) {
                // The conventional location wins over a second cgroup2 mount elsewhere.
                if (unified == null || mountPoint.equals(CONVENTIONAL_ROOT)) {
                    unified = mountPoint;
                }
                conventional |= mountPoint.equals(CONVENTIONAL_ROOT);
            } else if (f[2].equals("cgroup")) {
                // Any v1 mount, even a named one without controllers (name=systemd), marks the host as v1-style.
                anyV1 = true;
                for (String option : f[3].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        v1.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        return new CgroupMounts(v1, Optional.ofNullable(unified), conventional || (unified != null && !anyV1));
    }

    /**
     * v2 when the unified hierarchy is mounted at /sys/fs/cgroup or is the only one; hybrid when v1 controllers sit
     * beside a cgroup2 mount (usually /sys/fs/cgroup/unified); v1 otherwise.
     */
    public CgroupVersion version() {
        if (unifiedIsConventional) {
            return CgroupVersion.V2;
        }
        return unifiedRoot.isPresent() ? CgroupVersion.HYBRID : CgroupVersion.V1;
    }

    /** Controller name (memory, cpu, ...) to the root of the v1 hierarchy it is mounted in; empty on pure v2. */
    public Map<String, Path> v1Roots() {
        return version() == CgroupVersion.V2 ? Map.of() : v1Roots;
    }

    /** The cgroup2 mount: the only hierarchy on v2, a controller-less tracking hierarchy on hybrid hosts. */
    public Optional<Path> unifiedRoot() {
        return unifiedRoot;
    }
}
