package io.berth.runtime.adapters.cgroups;

import static io.berth.runtime.adapters.cgroups.CgroupTestSupport.assume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.host.CgroupVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure-v2 code path (one directory, subtree_control, cgroup.kill) run on whatever cgroup2 mount this host has:
 * the real thing on a v2 host, the controller-less /sys/fs/cgroup/unified on a hybrid one. Limits are only checked
 * where the controllers exist; placement, killing and removal are checked everywhere.
 */
class CgroupsUnifiedHierarchyTest {
    private static final String PARENT = "berth-test-" + ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private Path unifiedRoot;
    private Cgroups cgroups;
    private Process process;

    @BeforeEach
    void onAnyCgroup2Mount() throws IOException {
        assume("root".equals(System.getProperty("user.name")), "cgroup kernel tests need root");
        unifiedRoot = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mounts"))).unifiedRoot().orElse(null);
        assume(unifiedRoot != null, "this host has no cgroup2 mount");
        cgroups = new Cgroups(Map.of(), unifiedRoot, PARENT);
        assertEquals(CgroupVersion.V2, cgroups.version());
    }

    @AfterEach
    void removeTestParent() throws IOException {
        if (process != null) {
            process.destroyForcibly();
        }
        cgroups.existing("forker").ifPresent(ContainerCgroup::remove);
        Files.deleteIfExists(unifiedRoot.resolve(PARENT));
    }

    @Test
    void aForkingContainerIsKilledAndRemoved() throws Exception {
        ContainerCgroup cg = cgroups.create("forker", ResourceLimits.UNLIMITED);
        assertEquals(List.of(unifiedRoot.resolve(PARENT).resolve("forker").resolve("cgroup.procs")), cg.procsFiles());
        process = CgroupTestSupport.startIn(cg, "while true; do sleep 60 & sleep 0.01; done", tmp.resolve("stderr"));
        CgroupTestSupport.waitUntil(() -> cg.pids().size() >= 3, "three processes in the cgroup");
        assertFalse(cg.oomKilled());
        assertTrue(cg.memoryUsage() >= 0);

        cg.killAll();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "cgroup.kill (or the signal loop) should reach the shell");
        cg.remove();
        assertFalse(Files.exists(unifiedRoot.resolve(PARENT).resolve("forker")));
        cg.remove();
    }

    @Test
    void aLimitWithoutItsControllerIsRefusedBeforeAnythingIsCreated() {
        Set<String> available = Set.of(CgroupFiles.read(unifiedRoot, "cgroup.controllers").split("\\s+"));
        assume(!available.contains("pids"), "pids is available in " + unifiedRoot + ", nothing to refuse");
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create("forker", new ResourceLimits(0, 0, 0, 0, 10)));
        assertTrue(e.getMessage().contains("pids"), e.getMessage());
        assertFalse(Files.exists(unifiedRoot.resolve(PARENT).resolve("forker")));
    }
}
