package io.berth.runtime.adapters.shim;

import static io.berth.runtime.adapters.shim.LogFrame.Stream.STDOUT;
import static io.berth.runtime.adapters.shim.TestContainers.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The helper's two phases on the real kernel: a staged process has its namespaces and mounts but has not exec'd;
 * it runs on start, and dies on abort or when the JVM side of the helper goes away.
 */
class ShimStagingTest {
    private TestContainers containers;

    @BeforeEach
    void setUp() throws Exception {
        containers = TestContainers.createOrSkip();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    @Test
    void aStagedProcessIsSetUpButRunsOnlyWhenStarted() throws Exception {
        Path dir = containers.newBundle();
        StagedProcess staged = containers.shim.stage(dir, containers.sh("echo ran; hostname"));
        try {
            assertTrue(Files.exists(proc(staged.pid())), "init exists once staged");
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")),
                    Files.readSymbolicLink(proc(staged.pid()).resolve("ns/pid")), "in its own pid namespace");
            assertTrue(cmdline(staged.pid()).contains(dir.toString()), "still the helper: it has not exec'd");
            Thread.sleep(50);
            Bundle bundle = new Bundle(dir);
            assertTrue(bundle.launched().isEmpty(), "no state file before the start");
            assertEquals("", output(bundle, STDOUT), "nothing ran");

            Launched launched = staged.start();
            staged = null;

            assertEquals(launched.pid(), new Bundle(dir).launched().orElseThrow().pid());
            assertEquals(0, TestContainers.awaitExit(bundle).exitCode());
            assertEquals("ran\ntest-ctr\n", output(bundle, STDOUT));
        } finally {
            if (staged != null) {
                staged.abort();
            }
        }
    }

    @Test
    void anAbortedStageLeavesNothingRunningAndNothingRan() throws Exception {
        Path dir = containers.newBundle();
        StagedProcess staged = containers.shim.stage(dir, containers.sh("echo ran"));
        long pid = staged.pid();

        staged.abort();

        assertFalse(Files.exists(proc(pid)), "init is gone");
        assertEquals(List.of(), TestContainers.processesMentioning(dir), "no monitor may be left");
        Bundle bundle = new Bundle(dir);
        assertTrue(bundle.launched().isEmpty());
        assertTrue(bundle.exit().isEmpty(), "an abort is not an exit of the container");
        assertEquals("", output(bundle, STDOUT));
    }

    @Test
    void aStagedProcessDiesWithTheHelperTheJvmStarted() throws Exception {
        Path dir = containers.newBundle();
        StagedProcess staged = containers.shim.stage(dir, containers.sh("echo ran"));
        long pid = staged.pid();

        staged.helper().destroyForcibly(); // what a JVM killed with SIGKILL leaves: the helper's stdin ends or it is gone
        staged.helper().waitFor();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((Files.exists(proc(pid)) || !TestContainers.processesMentioning(dir).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(proc(pid)), "init was killed by its monitor");
        assertEquals(List.of(), TestContainers.processesMentioning(dir), "the monitor exited");
        assertEquals("", output(new Bundle(dir), STDOUT));
    }

    @Test
    void aSetupFailureComesFromStageAndAnExecFailureFromStart() throws Exception {
        ProcessSpec base = containers.spec(List.of("true"));
        ProcessSpec badBind = new ProcessSpec(base.rootfs(), "h", base.args(), base.env(), "/", 0, 0, List.of(), false,
                NetworkMode.NEW, List.of(), List.of(new BindMount(containers.root.resolve("no-such-dir"), "/data", false)),
                false);
        Path failed = containers.newBundle();
        LaunchFailedException setup = assertThrows(LaunchFailedException.class, () -> containers.shim.stage(failed, badBind));
        assertEquals(2, setup.errno());
        assertEquals(List.of(), TestContainers.processesMentioning(failed));

        Path dir = containers.newBundle();
        StagedProcess staged = containers.shim.stage(dir, containers.spec(List.of("nosuch")));
        LaunchFailedException exec = assertThrows(LaunchFailedException.class, staged::start);
        assertEquals(127, exec.exitCode());
        assertEquals("exec: \"nosuch\": executable file not found in $PATH", exec.getMessage());
        assertEquals(List.of(), TestContainers.processesMentioning(dir), "no monitor may be left");
        assertTrue(new Bundle(dir).launched().isEmpty());
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    private static String cmdline(long pid) throws Exception {
        return new String(Files.readAllBytes(proc(pid).resolve("cmdline")), StandardCharsets.UTF_8);
    }
}
