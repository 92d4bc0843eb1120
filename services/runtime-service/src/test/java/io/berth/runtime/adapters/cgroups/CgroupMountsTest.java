package io.berth.runtime.adapters.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.contracts.host.CgroupVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupMountsTest {
    @Test
    void hybridHostWithSeparateMounts() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0",
                "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0",
                "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
                "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0",
                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0"));
        assertEquals(CgroupVersion.HYBRID, m.version());
        assertEquals(Map.of("cpu", Path.of("/sys/fs/cgroup/cpu"), "memory", Path.of("/sys/fs/cgroup/memory")), m.v1Roots());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), m.unifiedRoot());
    }

    @Test
    void coMountedControllersShareARoot() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0"));
        assertEquals(CgroupVersion.V1, m.version());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), m.v1Roots().get("cpuacct"));
        assertEquals(m.v1Roots().get("cpu"), m.v1Roots().get("cpuacct"));
    }

    @Test
    void pureV2Host() {
        CgroupMounts m = CgroupMounts.parse(List.of("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nsdelegate 0 0"));
        assertEquals(CgroupVersion.V2, m.version());
        assertEquals(Map.of(), m.v1Roots());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup")), m.unifiedRoot());
    }
}
