package io.berth.runtime.adapters.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsProbeTest {
    @TempDir
    Path root;

    @Test
    void readsAHybridHost() throws IOException {
        write("proc/self/mounts", """
                tmpfs /sys/fs/cgroup tmpfs rw 0 0
                cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0
                cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0
                """);
        HostFacts f = probe();
        assertEquals("node-a", f.hostname());
        assertEquals("6.18.44", f.kernelVersion());
        assertEquals(CgroupVersion.HYBRID, f.cgroupVersion());
        assertEquals(25276510208L, f.memoryBytes());
        assertEquals("Debian GNU/Linux 12 (bookworm)", f.operatingSystem());
    }

    @Test
    void readsAPureV2Host() throws IOException {
        write("proc/self/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nsdelegate 0 0\n");
        assertEquals(CgroupVersion.V2, probe().cgroupVersion());
    }

    @Test
    void readsAPureV1Host() throws IOException {
        write("proc/self/mounts", "cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n");
        assertEquals(CgroupVersion.V1, probe().cgroupVersion());
    }

    @Test
    void readsThisMachine() {
        HostFacts f = new HostFactsProbe(Path.of("/")).probe();
        assertTrue(f.memoryBytes() > 0 && f.cpus() > 0 && !f.kernelVersion().isEmpty(), f.toString());
    }

    private HostFacts probe() throws IOException {
        write("proc/sys/kernel/hostname", "node-a\n");
        write("proc/sys/kernel/osrelease", "6.18.44\n");
        write("proc/meminfo", "MemTotal:       24684092 kB\nMemFree:        1 kB\n");
        write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        return new HostFactsProbe(root).probe();
    }

    private void write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
