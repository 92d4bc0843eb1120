package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShimSpecWriterTest {
    @Test
    void writesNulTerminatedEntriesSoNewlinesSurvive() {
        ProcessSpec spec = new ProcessSpec(Path.of("/rootfs"), "web", List.of("sh", "-c", "echo a\necho b"),
                List.of("A=1=2"), "/app", 1000, 1001, List.of(5), true, NetworkMode.NEW,
                List.of(Path.of("/sys/fs/cgroup/pids/c/cgroup.procs")),
                List.of(new BindMount(Path.of("/host"), "/data", true)), false);

        String encoded = new String(SpecWriter.encode(spec), StandardCharsets.UTF_8);

        assertEquals(String.join("\0", "version=1", "rootfs=/rootfs", "hostname=web", "arg=sh", "arg=-c",
                "arg=echo a\necho b", "env=A=1=2", "cwd=/app", "uid=1000", "gid=1001", "group=5", "no_new_privs=1",
                "network=new", "readonly_rootfs=0", "cgroup_procs=/sys/fs/cgroup/pids/c/cgroup.procs",
                "bind_source=/host", "bind_target=/data", "bind_readonly=1") + "\0", encoded);
    }
}
