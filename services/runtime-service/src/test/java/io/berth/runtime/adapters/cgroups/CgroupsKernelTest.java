package io.berth.runtime.adapters.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.host.CgroupVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real kernel of whatever host runs it (v1, hybrid or v2). Needs root; each test skips, saying why, when
 * a controller it needs is missing.
 */
class CgroupsKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final String ID_PREFIX = "cgtest-" + ProcessHandle.current().pid() + "-";

    @TempDir
    Path tmp;

    private CgroupMounts mounts;
    private Cgroups cgroups;
    private final List<ContainerCgroup> made = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void onlyAsRoot() throws IOException {
        assume("root".equals(System.getProperty("user.name")), "cgroup kernel tests need root");
        assume(Files.isReadable(Path.of("/proc/self/mounts")), "no /proc/self/mounts");
        mounts = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mounts")));
        assume(!mounts.v1Roots().isEmpty() || mounts.unifiedRoot().isPresent(), "no cgroup hierarchy mounted");
        cgroups = Cgroups.detect();
        System.out.println("cgroup kernel test on a " + cgroups.version().wire() + " host");
    }

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        made.forEach(ContainerCgroup::remove);
    }

    @Test
    void limitsAreWrittenAndReadBack() {
        assumeControllers("memory", "cpu", "pids");
        String id = id("limits");
        ContainerCgroup cg = create(id, new ResourceLimits(64 * MIB, 128 * MIB, 500_000_000L, 512, 100));
        if (cgroups.version() == CgroupVersion.V2) {
            Path dir = cg.directories().get(0);
            assertEquals(String.valueOf(64 * MIB), read(dir, "memory.max"));
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                assertEquals(String.valueOf(64 * MIB), read(dir, "memory.swap.max"), "swap alone, not the total");
            }
            assertEquals("50000 100000", read(dir, "cpu.max"));
            assertEquals("59", read(dir, "cpu.weight"));
            assertEquals("100", read(dir, "pids.max"));
        } else {
            Path memory = v1Dir(cg, "memory");
            Path cpu = v1Dir(cg, "cpu");
            assertEquals(String.valueOf(64 * MIB), read(memory, "memory.limit_in_bytes"));
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                assertEquals(String.valueOf(128 * MIB), read(memory, "memory.memsw.limit_in_bytes"));
            }
            assertEquals("100000", read(cpu, "cpu.cfs_period_us"));
            assertEquals("50000", read(cpu, "cpu.cfs_quota_us"));
            assertEquals("512", read(cpu, "cpu.shares"));
            assertEquals("100", read(v1Dir(cg, "pids"), "pids.max"));
        }
        assertEquals(List.of(), cg.pids());
        cg.remove();
        assertNothingLeftFor(id);
    }

    @Test
    void aMemoryHogIsOomKilledAndReportedSo() throws Exception {
        assumeControllers("memory");
        ContainerCgroup cg = create(id("oom"), new ResourceLimits(16 * MIB, 16 * MIB, 0, 0, 0));
        assertFalse(cg.oomKilled());
        Process p = startIn(cg, "head -c 100m /dev/zero | tail");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the memory hog should have been killed by now");
        assertEquals(137, p.exitValue(), "tail should have died of SIGKILL: " + stderrOf(p));
        assertTrue(cg.oomKilled(), "oom_kill counter should be positive");
    }

    @Test
    void aForkLoopStopsAtThePidsLimit() throws Exception {
        assumeControllers("pids");
        ContainerCgroup cg = create(id("pids"), new ResourceLimits(0, 0, 0, 0, 10));
        Process p = startIn(cg, "i=0; while [ $i -lt 30 ]; do sleep 60 & i=$((i+1)); done; wait");
        Path eventsDir = cgroups.version() == CgroupVersion.V2 ? cg.directories().get(0) : v1Dir(cg, "pids");
        long deadline = System.currentTimeMillis() + 20_000;
        while (CgroupFiles.readKeyed(eventsDir, "pids.events", "max").orElse(0L) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(CgroupFiles.readKeyed(eventsDir, "pids.events", "max").orElse(0L) > 0, "no fork was refused");
        assertTrue(cg.pids().size() <= 10, "more processes than the limit: " + cg.pids());
        String current = read(eventsDir, "pids.current");
        assertTrue(Long.parseLong(current) <= 10, "pids.current " + current);

        cg.remove();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "remove() should have killed the shell too");
        assertNothingLeftFor(cg.containerId());
    }

    @Test
    void onlyTheDevicesOfAContainersDevAreUsable() throws Exception {
        assume(cgroups.version() != CgroupVersion.V2, "device rules are v1 only (v2 needs an eBPF program)");
        assumeControllers("devices");
        ContainerCgroup cg = create(id("devices"), ResourceLimits.UNLIMITED);
        // A node for the host's first disk (block 8:0), made outside: inside, creating it would be allowed, using it not.
        Path disk = tmp.resolve("disk");
        Process mknod = new ProcessBuilder("mknod", disk.toString(), "b", "8", "0").start();
        assertEquals(0, mknod.waitFor());
        Process p = startIn(cg, "head -c 1 /dev/zero > /dev/null && echo null-ok >&2; head -c 1 " + disk + " > /dev/null");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String stderr = stderrOf(p);
        assertTrue(stderr.contains("null-ok"), "/dev/zero and /dev/null stay usable: " + stderr);
        assertTrue(stderr.contains("Operation not permitted"), "a host disk is refused: " + stderr);
        assertTrue(p.exitValue() != 0, stderr);
    }

    @Test
    void existingFindsTheCgroupAgainAndRemoveIsIdempotent() throws Exception {
        String id = id("reattach");
        ContainerCgroup cg = create(id, ResourceLimits.UNLIMITED);
        Process p = startIn(cg, "sleep 60");
        CgroupTestSupport.waitUntil(() -> !cg.pids().isEmpty(), "the sleeper in the cgroup");

        ContainerCgroup again = cgroups.existing(id).orElseThrow();
        assertEquals(cg.directories(), again.directories());
        assertEquals(cg.pids(), again.pids());
        assertEquals(p.pid(), again.pids().get(0));

        again.remove();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertNothingLeftFor(id);
        assertTrue(cgroups.existing(id).isEmpty());
        cg.remove();
        again.remove();
    }

    /** Without a cgroup2 directory there is no cgroup.kill: the freezer-and-signal path must do it alone. */
    @Test
    void v1AloneKillsAForkLoopWithTheFreezerAndSignals() throws Exception {
        assume(!mounts.v1Roots().isEmpty(), "no v1 hierarchies on this host");
        Cgroups v1Only = new Cgroups(mounts.v1Roots(), null, Cgroups.DEFAULT_PARENT);
        assertEquals(CgroupVersion.V1, v1Only.version());
        ContainerCgroup cg = v1Only.create(id("v1kill"), ResourceLimits.UNLIMITED);
        made.add(cg);
        assertEquals(Set.copyOf(mounts.v1Roots().values()).size(), cg.procsFiles().size(), "one procs file per v1 hierarchy");
        Process p = startIn(cg, "while true; do sleep 60 & sleep 0.01; done");
        CgroupTestSupport.waitUntil(() -> cg.pids().size() >= 5, "five processes in the cgroup");

        cg.remove();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the forking shell should be dead");
        assertNothingLeftFor(cg.containerId());
    }

    @Test
    void aCreateThatFailsMidwayLeavesNothingBehind() {
        assumeControllers("memory", "cpu");
        String id = id("midway");
        // 0.001 CPUs passes Docker's validation, but its 100 us quota is under the kernel's 1 ms minimum: the cpu
        // write fails after the directories exist and the memory limit is written.
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(id, new ResourceLimits(32 * MIB, 0, 1_000_000L, 0, 0)));
        System.out.println("failed create, as intended: " + e.getMessage());
        assertNothingLeftFor(id);
    }

    @Test
    void aRefusedLimitTouchesNothing() {
        String id = id("refused");
        InvalidResourceLimitsException e = assertThrows(InvalidResourceLimitsException.class,
                () -> cgroups.create(id, new ResourceLimits(MIB, 0, 0, 0, 0)));
        assertEquals("Minimum memory limit allowed is 6MB", e.getMessage());
        assertNothingLeftFor(id);
    }

    @Test
    void aSecondCreateForTheSameIdFailsWithoutHarmingTheFirst() {
        String id = id("twice");
        ContainerCgroup first = create(id, ResourceLimits.UNLIMITED);
        assertThrows(CgroupException.class, () -> cgroups.create(id, ResourceLimits.UNLIMITED));
        first.directories().forEach(d -> assertTrue(Files.isDirectory(d), d + " must survive"));
    }

    private ContainerCgroup create(String id, ResourceLimits limits) {
        ContainerCgroup cg = cgroups.create(id, limits);
        made.add(cg);
        return cg;
    }

    private Process startIn(ContainerCgroup cg, String script) throws IOException {
        Process p = CgroupTestSupport.startIn(cg, script, tmp.resolve("stderr-" + started.size()));
        started.add(p);
        return p;
    }

    private String stderrOf(Process p) throws IOException {
        return Files.readString(tmp.resolve("stderr-" + started.indexOf(p)), StandardCharsets.UTF_8);
    }

    /** Looks at the filesystem itself, in every mounted hierarchy, not through the class under test. */
    private void assertNothingLeftFor(String id) {
        Set<Path> roots = new java.util.HashSet<>(mounts.v1Roots().values());
        mounts.unifiedRoot().ifPresent(roots::add);
        for (Path root : roots) {
            Path dir = root.resolve(Cgroups.DEFAULT_PARENT).resolve(id);
            assertFalse(Files.exists(dir), dir + " left behind");
        }
    }

    private void assumeControllers(String... controllers) {
        for (String c : controllers) {
            boolean present = cgroups.version() == CgroupVersion.V2
                    ? Set.of(read(mounts.unifiedRoot().orElseThrow(), "cgroup.controllers").split("\\s+")).contains(c)
                    : mounts.v1Roots().containsKey(c);
            assume(present, "the " + c + " controller is not available on this " + cgroups.version().wire() + " host");
        }
    }

    private static void assume(boolean condition, String reason) {
        CgroupTestSupport.assume(condition, reason);
    }

    private static Path v1Dir(ContainerCgroup cg, String controller) {
        Path suffix = Path.of(Cgroups.DEFAULT_PARENT, cg.containerId());
        return cg.directories().stream()
                .filter(d -> d.endsWith(suffix) && Files.exists(d.resolve(controller.equals("pids") ? "pids.max"
                        : controller.equals("cpu") ? "cpu.shares" : "memory.limit_in_bytes")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + controller + " directory in " + cg));
    }

    private static String read(Path dir, String file) {
        return CgroupFiles.read(dir, file);
    }

    private static String id(String what) {
        return ID_PREFIX + what;
    }
}
