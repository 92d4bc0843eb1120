package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real containers through the real docker CLI: run in the foreground and detached, isolation, exit codes, published
 * ports, restart policies, stop/start/rm, resource limits, and the errors for bad input — checking the host after
 * each failure for mounts and cgroups left behind. Needs root (namespaces, cgroups, overlayfs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainersTest {
    private Platform platform;
    private Path work;
    /** Container cgroups some other Berth on this machine left: not this platform's to clean up. */
    private Set<Path> cgroupsBefore;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(BusyboxRootfs.available(), "skipped: /bin/busybox (Debian package busybox-static) is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "skipped: containers need root");
        work = Files.createTempDirectory("berth-e2e-containers-");
        cgroupsBefore = containerCgroups();
        platform = Platform.start(2); // two runtime-service hosts on this machine, for placement
        Docker.Result imported = docker("import", "--change", "CMD [\"sh\"]", BusyboxRootfs.create(work).toString(), "busybox:latest");
        assertEquals(0, imported.exit(), imported.output());
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            docker("rm", "-f", "demo", "written", "oom", "stopper", "staged", "quick");
            platform.close();
        }
    }

    @Test
    @Order(1)
    void runInTheForegroundPrintsTheOutputAndLeavesNothingWithRm() throws Exception {
        Docker.Result hi = docker("run", "--rm", "busybox", "echo", "hi");
        assertEquals(0, hi.exit(), hi.output());
        assertEquals("hi\n", hi.output());
        assertEquals("", docker("ps", "-aq").output().trim(), "--rm leaves no container");
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(2)
    void theContainerIsIsolatedFromTheHost() throws Exception {
        Docker.Result r = docker("run", "--rm", "busybox", "sh", "-c",
                "echo pid=$$; echo host=$(hostname); echo procs=$(ls -d /proc/[0-9]* | wc -l); cat /proc/net/dev");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("pid=1\n"), r.output());
        String hostname = r.output().lines().filter(l -> l.startsWith("host=")).findFirst().orElseThrow().substring(5);
        assertNotEquals(InetAddress.getLocalHost().getHostName(), hostname);
        // sh, ls and wc (and the subshell) at most: none of the host's processes
        int procs = Integer.parseInt(r.output().lines().filter(l -> l.startsWith("procs=")).findFirst().orElseThrow().substring(6).trim());
        assertTrue(procs <= 4, r.output());
        List<String> interfaces = r.output().lines().filter(l -> l.contains(":") && !l.contains("|") && !l.startsWith("pid=")
                && !l.startsWith("host=") && !l.startsWith("procs=")).map(l -> l.trim().split(":")[0]).toList();
        assertEquals(List.of("lo"), interfaces, r.output());
    }

    @Test
    @Order(3)
    void exitCodesPropagateLikeDockers() throws Exception {
        assertEquals(3, docker("run", "--rm", "busybox", "sh", "-c", "exit 3").exit());
        Docker.Result missing = docker("run", "--rm", "busybox", "nosuch");
        assertEquals(127, missing.exit(), missing.output());
        assertTrue(missing.output().contains("executable file not found"), missing.output());
        Docker.Result notExecutable = docker("run", "--rm", "--entrypoint", "/etc/hostname", "busybox");
        assertEquals(126, notExecutable.exit(), notExecutable.output());
        assertTrue(notExecutable.output().contains("permission denied"), notExecutable.output());
        assertEquals("", docker("ps", "-aq").output().trim(), "failed --rm runs leave no container");
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(4)
    void aDetachedServerIsReachableOnItsPublishedPortAndRestartedByPolicy() throws Exception {
        int port = Platform.freePort();
        Path www = Files.createDirectories(work.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from berth\n");
        Docker.Result run = docker("run", "-d", "--name", "demo", "-p", "127.0.0.1:" + port + ":80", "--restart", "always",
                "-v", www + ":/www:ro", "busybox", "httpd", "-f", "-p", "80", "-h", "/www");
        assertEquals(0, run.exit(), run.output());
        String id = run.output().trim();
        assertTrue(id.matches("[a-f0-9]{64}"), run.output());

        assertEquals("hello from berth\n", httpGet(port));
        Docker.Result ps = docker("ps");
        assertTrue(ps.output().contains("demo") && ps.output().contains("127.0.0.1:" + port + "->80/tcp"), ps.output());

        JsonNode inspect = inspect("demo");
        assertEquals("running", inspect.get("State").get("Status").asText());
        assertTrue(inspect.get("State").get("Running").asBoolean());
        assertEquals(0, inspect.get("RestartCount").asInt());
        assertEquals("/demo", inspect.get("Name").asText());
        assertEquals(String.valueOf(port), inspect.get("NetworkSettings").get("Ports").get("80/tcp").get(0).get("HostPort").asText());
        long pid = inspect.get("State").get("Pid").asLong();
        assertTrue(pid > 0);

        // Killed from outside (not a docker stop): the policy restarts it.
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        JsonNode restarted = awaitInspect("demo", n -> n.get("RestartCount").asInt() == 1 && n.get("State").get("Running").asBoolean());
        assertNotEquals(pid, restarted.get("State").get("Pid").asLong());
        assertEquals("hello from berth\n", httpGet(port));
    }

    @Test
    @Order(5)
    void stopStartAndRmBehaveLikeDocker() throws Exception {
        Docker.Result rm = docker("rm", "demo");
        assertNotEquals(0, rm.exit());
        assertTrue(rm.output().contains("You cannot remove a running container"), rm.output());

        Docker.Result stop = docker("stop", "-t", "1", "demo");
        assertEquals(0, stop.exit(), stop.output());
        JsonNode stopped = inspect("demo");
        assertEquals("exited", stopped.get("State").get("Status").asText());
        Thread.sleep(500);
        assertEquals("exited", inspect("demo").get("State").get("Status").asText(), "a manual stop is not restarted");

        assertEquals(0, docker("start", "demo").exit());
        assertEquals("running", inspect("demo").get("State").get("Status").asText());
        assertEquals(0, inspect("demo").get("RestartCount").asInt(), "a manual start resets the restart count");

        Docker.Result rmi = docker("rmi", "busybox");
        assertNotEquals(0, rmi.exit());
        assertTrue(rmi.output().contains("is using its referenced image"), rmi.output());
        String imageId = inspect("demo").get("Image").asText();
        Docker.Result rmiById = docker("rmi", "-f", imageId);
        assertNotEquals(0, rmiById.exit());
        assertTrue(rmiById.output().contains("image is being used by running container"), rmiById.output());

        Docker.Result forced = docker("rm", "-f", "demo");
        assertEquals(0, forced.exit(), forced.output());
        assertFalse(docker("ps", "-a").output().contains("demo"));
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(6)
    void aFileWrittenInAContainerIsNotInTheImage() throws Exception {
        assertEquals(0, docker("run", "--name", "written", "busybox", "sh", "-c", "echo x > /new-file").exit());
        Docker.Result fresh = docker("run", "--rm", "busybox", "cat", "/new-file");
        assertEquals(1, fresh.exit(), fresh.output());
        assertEquals(0, docker("rm", "written").exit());
    }

    @Test
    @Order(7)
    void aMemoryLimitGetsAGreedyProcessOomKilled() throws Exception {
        Docker.Result r = docker("run", "--name", "oom", "--memory", "16m", "busybox", "sh", "-c", "head -c 200m /dev/zero | tail");
        assertEquals(137, r.exit(), r.output());
        JsonNode state = inspect("oom").get("State");
        assertTrue(state.get("OOMKilled").asBoolean(), state.toString());
        assertEquals(0, docker("rm", "oom").exit());
    }

    @Test
    @Order(8)
    void aPidsLimitStopsAForkBomb() throws Exception {
        Docker.Result r = docker("run", "--rm", "--pids-limit", "10", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 40 ]; do sleep 5 & i=$((i+1)); done; echo started; ls -d /proc/[0-9]* | wc -l");
        assertTrue(r.output().contains("fork") || r.output().contains("Resource temporarily unavailable"), r.output());
    }

    @Test
    @Order(9)
    void badInputGetsDockersErrorsAndLeavesNothingBehind() throws Exception {
        int port = Platform.freePort();
        assertEquals(0, docker("run", "-d", "--name", "stopper", "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "60").exit());
        Docker.Result taken = docker("run", "--rm", "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
        assertNotEquals(0, taken.exit());
        // Docker's words for a port its own allocator holds, or for one another process holds (here: the other host
        // on this machine, when placement put the second container there).
        assertTrue(taken.output().contains("port is already allocated") || taken.output().contains("address already in use"),
                taken.output());

        Docker.Result memory = docker("run", "--rm", "--memory", "1k", "busybox", "true");
        assertNotEquals(0, memory.exit());
        assertTrue(memory.output().contains("Minimum memory limit allowed is 6MB"), memory.output());

        Docker.Result bind = docker("run", "--rm", "-v", "/nonexistent-berth-path:/x", "busybox", "true");
        assertNotEquals(0, bind.exit());
        assertTrue(bind.output().contains("bind source path does not exist"), bind.output());

        Docker.Result image = docker("run", "--pull", "never", "--rm", "no-such-image:1", "true"); // never a public registry
        assertNotEquals(0, image.exit());
        assertTrue(image.output().contains("No such image"), image.output());

        Docker.Result running = docker("rm", "stopper");
        assertTrue(running.output().contains("You cannot remove a running container"), running.output());
        assertEquals(0, docker("rm", "-f", "stopper").exit());
        assertEquals("", docker("ps", "-aq").output().trim());
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(10)
    void containersSpreadOverTwoHostsAndEachHostManagesItsOwn() throws Exception {
        java.util.Set<String> hosts = new java.util.HashSet<>();
        List<String> names = List.of("spread1", "spread2", "spread3", "spread4");
        for (String name : names) {
            assertEquals(0, docker("run", "-d", "--name", name, "busybox", "sleep", "60").exit());
            hosts.add(inspect(name).get("Node").get("Name").asText());
        }
        assertEquals(2, hosts.size(), "placed on both hosts: " + hosts);
        for (String name : names) {
            Docker.Result stop = docker("stop", "-t", "1", name);
            assertEquals(0, stop.exit(), stop.output());
            assertEquals("exited", inspect(name).get("State").get("Status").asText());
            assertEquals(0, docker("rm", name).exit());
        }
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(11)
    void aCreatedContainerIsSetUpAheadAndRunsOnlyWhenStarted() throws Exception {
        Docker.Result created = docker("create", "--name", "staged", "busybox", "sh", "-c", "echo ran; touch /ran");
        assertEquals(0, created.exit(), created.output());
        String id = created.output().trim();
        // Its host sets the process up while `docker start` is on its way: it waits in the container's cgroup,
        // still the init helper (not yet exec'd).
        long pid = awaitStagedProcess(id);
        Thread.sleep(200);
        assertTrue(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("berth-shim"), "not exec'd yet");
        assertEquals("created", inspect("staged").get("State").get("Status").asText());
        assertEquals("", docker("diff", "staged").output().trim(), "nothing ran");

        Docker.Result started = docker("start", "-a", "staged");
        assertEquals(0, started.exit(), started.output());
        assertEquals("ran", started.output().trim());
        assertTrue(docker("diff", "staged").output().contains("A /ran"));
        assertEquals(0, docker("rm", "staged").exit());

        // Removed without a start: the staged process and what it held go too.
        String unstarted = docker("create", "busybox", "true").output().trim();
        long unstartedPid = awaitStagedProcess(unstarted);
        assertEquals(0, docker("rm", unstarted).exit());
        assertFalse(Files.exists(Path.of("/proc", Long.toString(unstartedPid), "cmdline")), "the staged process is gone");
        assertNothingLeftOnTheHost();
    }

    @Test
    @Order(12)
    void aProcessThatEndsAtOnceIsStillRestartedByPolicy() throws Exception {
        // `false` ends during its launch: its start and exit are recorded together, and the policy still applies.
        assertEquals(0, docker("run", "-d", "--name", "quick", "--restart", "on-failure:2", "busybox", "false").exit());
        JsonNode done = awaitInspect("quick", c -> c.get("RestartCount").asInt() == 2
                && c.get("State").get("Status").asText().equals("exited"));
        assertEquals(1, done.get("State").get("ExitCode").asInt());
        assertEquals(0, docker("rm", "quick").exit());
        assertNothingLeftOnTheHost();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The one process in the container's cgroup, once its host has staged it (bounded wait). */
    private long awaitStagedProcess(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (Path dir : containerCgroups()) {
                if (dir.getFileName().toString().equals(id)) {
                    List<String> pids = Files.readAllLines(dir.resolve("cgroup.procs"));
                    if (pids.size() == 1) {
                        return Long.parseLong(pids.get(0).trim());
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no staged process in a cgroup of container " + id);
    }

    /** No overlay mount under the platform's data root and no container cgroup remain. */
    private void assertNothingLeftOnTheHost() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String leftovers;
        do {
            leftovers = leftovers();
            if (leftovers.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left behind on the host:\n" + leftovers);
    }

    private String leftovers() throws Exception {
        StringBuilder found = new StringBuilder();
        String root = platform.dataRoot.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(root)) {
                found.append("mount: ").append(line).append('\n');
            }
        }
        containerCgroups().stream().filter(d -> !cgroupsBefore.contains(d)).sorted()
                .forEach(d -> found.append("cgroup: ").append(d).append('\n'));
        return found.toString();
    }

    private static Set<Path> containerCgroups() throws Exception {
        Set<Path> found = new HashSet<>();
        for (Path controller : List.of(Path.of("/sys/fs/cgroup/memory/berth"), Path.of("/sys/fs/cgroup/pids/berth"),
                Path.of("/sys/fs/cgroup/berth"), Path.of("/sys/fs/cgroup/unified/berth"))) {
            if (Files.isDirectory(controller)) {
                try (var dirs = Files.list(controller)) {
                    dirs.filter(Files::isDirectory).forEach(found::add);
                }
            }
        }
        return found;
    }

    private JsonNode inspect(String name) throws Exception {
        return Inspect.container(platform, name);
    }

    private JsonNode awaitInspect(String name, Predicate<JsonNode> condition) throws Exception {
        return Inspect.await(platform, name, condition, Duration.ofSeconds(20));
    }

    private static String httpGet(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Exception last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(100); // the server in the container may still be starting
        }
        throw new AssertionError("nothing served on 127.0.0.1:" + port, last);
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }
}
