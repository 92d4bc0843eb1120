package io.berth.runtime.adapters.shim;

import static io.berth.runtime.adapters.shim.LogFrame.Stream.STDERR;
import static io.berth.runtime.adapters.shim.LogFrame.Stream.STDOUT;
import static io.berth.runtime.adapters.shim.TestContainers.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts real containers from a busybox rootfs and checks what the process sees. Needs root. */
class ShimIsolationTest {
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
    void processIsPidOneInItsOwnNamespacesWithOnlyLoopback() throws Exception {
        Bundle bundle = containers.run(containers.sh(
                "echo pid=$$; hostname; echo ---; ps -o pid,comm; echo ---; cat /proc/net/dev"));

        assertEquals(0, bundle.exit().orElseThrow().exitCode(), output(bundle, STDERR));
        String[] parts = output(bundle, STDOUT).split("---\n");
        List<String> head = List.of(parts[0].split("\n"));
        assertEquals("pid=1", head.get(0));
        assertEquals("test-ctr", head.get(1));
        assertNotEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), head.get(1));
        List<String> processes = List.of(parts[1].split("\n")).subList(1, parts[1].split("\n").length);
        assertEquals(2, processes.size(), "only sh and ps may be visible: " + processes);
        assertFalse(parts[1].contains("java"), parts[1]);
        List<String> interfaces = List.of(parts[2].split("\n")).subList(2, parts[2].split("\n").length);
        assertEquals(List.of("lo"), interfaces.stream().map(l -> l.trim().split(":")[0]).collect(Collectors.toList()));
    }

    @Test
    void hostNetworkSeesTheHostsInterfaces() throws Exception {
        ProcessSpec spec = containers.sh("ls /sys/class/net");
        spec = new ProcessSpec(spec.rootfs(), "", spec.args(), spec.env(), "/", 0, 0, List.of(), false,
                NetworkMode.HOST, List.of(), List.of(), false);
        Bundle bundle = containers.run(spec);

        try (var host = Files.list(Path.of("/sys/class/net"))) {
            Set<String> hostInterfaces = host.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(hostInterfaces, Set.of(output(bundle, STDOUT).trim().split("\\s+")), output(bundle, STDERR));
        }
    }

    @Test
    void userGroupsEnvironmentAndWorkingDirAreApplied() throws Exception {
        ProcessSpec spec = new ProcessSpec(containers.rootfs, "h", List.of("sh", "-c",
                "id -u; id -g; id -G; pwd; printf '%s|' \"$MULTI\"; grep -E 'CapEff|NoNewPrivs' /proc/self/status"),
                List.of("PATH=/bin", "MULTI=line1\nline2=x"), "/work/here", 1000, 1001, List.of(20, 30), true,
                NetworkMode.NEW, List.of(), List.of(), false);
        Bundle bundle = containers.run(spec);

        String out = output(bundle, STDOUT);
        assertEquals(0, bundle.exit().orElseThrow().exitCode(), output(bundle, STDERR));
        List<String> lines = List.of(out.split("\n"));
        assertEquals("1000", lines.get(0));
        assertEquals("1001", lines.get(1));
        assertEquals(Set.of("1001", "20", "30"), Set.of(lines.get(2).split(" ")), "supplementary groups");
        assertEquals("/work/here", lines.get(3));
        assertTrue(out.contains("line1\nline2=x|"), out);
        assertTrue(out.contains("CapEff:\t0000000000000000"), "a non-root user keeps no capabilities: " + out);
        assertTrue(out.contains("NoNewPrivs:\t1"), out);
    }

    @Test
    void rootGetsDockersDefaultCapabilitiesOnly() throws Exception {
        Bundle bundle = containers.run(containers.sh("grep -E 'CapBnd|CapEff|CapInh' /proc/self/status"));

        String out = output(bundle, STDOUT);
        // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT
        // MKNOD AUDIT_WRITE SETFCAP
        assertTrue(out.contains("CapBnd:\t00000000a80425fb"), out);
        assertTrue(out.contains("CapEff:\t00000000a80425fb"), out);
        assertTrue(out.contains("CapInh:\t0000000000000000"), out);
    }

    @Test
    void stdoutAndStderrArriveAsSeparateFramesInOrder() throws Exception {
        Bundle bundle = containers.run(containers.sh(
                "echo out1; echo err1 >&2; sleep 0.05; echo out2; echo err2 >&2"));

        assertEquals("out1\nout2\n", output(bundle, STDOUT));
        assertEquals("err1\nerr2\n", output(bundle, STDERR));
        List<LogFrame> frames = bundle.logs(0).read(Integer.MAX_VALUE);
        for (int i = 1; i < frames.size(); i++) {
            assertFalse(frames.get(i).time().isBefore(frames.get(i - 1).time()), "frame times never go back");
        }
    }

    @Test
    void exitCodesAreReported() throws Exception {
        assertEquals(0, containers.run(containers.spec(List.of("true"))).exit().orElseThrow().exitCode());
        assertEquals(3, containers.run(containers.sh("exit 3")).exit().orElseThrow().exitCode());

        Launched sleeping = containers.launch(containers.spec(List.of("sleep", "100")));
        Bundle bundle = new Bundle(containers.root.resolve("bundles/b2"));
        assertTrue(Signals.send(sleeping.pid(), 9));
        ExitStatus killed = TestContainers.awaitExit(bundle);
        assertEquals(137, killed.exitCode());
        assertEquals(9, killed.signal());
    }

    @Test
    void missingExecutableIs127WithDockersMessageAndLeavesNothingRunning() throws Exception {
        Path bundle = containers.newBundle();
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> containers.shim.launch(bundle, containers.spec(List.of("nosuch"))));

        assertEquals(127, e.exitCode());
        assertEquals("exec: \"nosuch\": executable file not found in $PATH", e.getMessage());
        assertEquals(2, e.errno());
        assertEquals(List.of(), TestContainers.processesMentioning(bundle), "no monitor may be left");
        assertTrue(new Bundle(bundle).launched().isEmpty());

        LaunchFailedException absolute = assertThrows(LaunchFailedException.class,
                () -> containers.launch(containers.spec(List.of("/bin/nosuch"))));
        assertEquals(127, absolute.exitCode());
        assertEquals("exec: \"/bin/nosuch\": stat /bin/nosuch: no such file or directory", absolute.getMessage());
    }

    @Test
    void nonExecutableFileIs126() throws Exception {
        Path data = containers.rootfs.resolve("etc/data.txt");
        Files.writeString(data, "not a program");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));

        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> containers.launch(containers.spec(List.of("/etc/data.txt"))));

        assertEquals(126, e.exitCode());
        assertEquals("exec", e.step());
        assertEquals("exec: \"/etc/data.txt\": permission denied", e.getMessage());
    }

    @Test
    void readOnlyBindMountIsReadOnlyAndReadWriteOneIsWritable() throws Exception {
        Path ro = Files.createDirectories(containers.root.resolve("host-ro"));
        Path rw = Files.createDirectories(containers.root.resolve("host-rw"));
        Files.writeString(ro.resolve("f"), "from host\n");
        ProcessSpec base = containers.sh(
                "cat /data/ro/f; echo x > /data/ro/g || echo ro-refused; echo y > /rw/g && echo rw-ok");
        ProcessSpec spec = new ProcessSpec(base.rootfs(), "h", base.args(), base.env(), "/", 0, 0, List.of(), false,
                NetworkMode.NEW, List.of(), List.of(new BindMount(ro, "/data/ro", true), new BindMount(rw, "/rw", false)),
                false);
        Bundle bundle = containers.run(spec);

        assertEquals("from host\nro-refused\nrw-ok\n", output(bundle, STDOUT), output(bundle, STDERR));
        assertTrue(output(bundle, STDERR).contains("Read-only file system"), output(bundle, STDERR));
        assertFalse(Files.exists(ro.resolve("g")));
        assertEquals("y\n", Files.readString(rw.resolve("g")));
    }

    @Test
    void readOnlyRootfsRefusesWrites() throws Exception {
        ProcessSpec base = containers.sh("echo x > /tmp/a || echo refused; echo y > /dev/shm/b && echo shm-ok");
        ProcessSpec spec = new ProcessSpec(base.rootfs(), "h", base.args(), base.env(), "/", 0, 0, List.of(), false,
                NetworkMode.NEW, List.of(), List.of(), true);

        Bundle bundle = containers.run(spec);

        assertEquals("refused\nshm-ok\n", output(bundle, STDOUT), output(bundle, STDERR));
        assertFalse(Files.exists(containers.rootfs.resolve("tmp/a")));
    }

    @Test
    void sensitiveProcFilesAreMaskedAndDevIsMinimal() throws Exception {
        // /proc/kcore is not built into every kernel; /proc/timer_list is masked the same way and always there
        TestContainers.skipUnless(Files.exists(Path.of("/proc/timer_list")), "needs /proc/timer_list");
        Bundle bundle = containers.run(containers.sh(
                "wc -c < /proc/timer_list; ls /dev; echo x > /proc/sys/kernel/hostname"));

        String out = output(bundle, STDOUT);
        assertTrue(out.startsWith("0\n"), "timer_list is masked by /dev/null: " + out);
        for (String node : new String[] {"null", "zero", "full", "random", "urandom", "tty", "pts", "ptmx", "shm"}) {
            assertTrue(Arrays.asList(out.split("\n")).contains(node), node + " in " + out);
        }
        assertTrue(output(bundle, STDERR).contains("Read-only file system"), output(bundle, STDERR));
    }

    @Test
    void processJoinsTheCgroupsBeforeItRuns() throws Exception {
        Path pids = Path.of("/sys/fs/cgroup/pids");
        TestContainers.skipUnless(Files.isWritable(pids), "needs a writable cgroup v1 pids hierarchy at " + pids);
        Path cgroup = Files.createDirectory(pids.resolve("berth-shim-it-" + ProcessHandle.current().pid()));
        try {
            ProcessSpec base = containers.spec(List.of("sleep", "30"));
            Launched launched = containers.launch(new ProcessSpec(base.rootfs(), "h", base.args(), base.env(), "/",
                    0, 0, List.of(), false, NetworkMode.NEW, List.of(cgroup.resolve("cgroup.procs")), List.of(),
                    false));

            assertEquals(List.of(Long.toString(launched.pid())),
                    Files.readAllLines(cgroup.resolve("cgroup.procs")));
        } finally {
            containers.close();
            containers = null;
            Files.delete(cgroup);
        }
    }
}
