package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers outlive their runtime-service: it is killed with SIGKILL while containers run, and when it comes back
 * they are still running (same process), their output is still captured, and a container that exited while the
 * host was away is restarted by its policy. The containers run on an extra host (the platform's own is cordoned),
 * so the test can kill and restart that runtime-service itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeRestartTest {
    private static final String HOST = "e2e-restart";
    private final ObjectMapper json = new ObjectMapper();
    private Platform platform;
    private Process runtime;
    private int port;
    private List<String> props;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(BusyboxRootfs.available(), "skipped: /bin/busybox (Debian package busybox-static) is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "skipped: containers need root");
        Path work = Files.createTempDirectory("berth-e2e-restart-");
        platform = Platform.start(1);
        assertEquals(0, docker("import", "--change", "CMD [\"sh\"]", BusyboxRootfs.create(work).toString(), "busybox:latest").exit());
        port = Platform.freePort();
        props = List.of("-Dberth.host.id=" + HOST, "-Dberth.data-root=" + platform.dataRoot.resolve(HOST));
        runtime = platform.startService("services/runtime-service", "berth_runtime", port, props);
        awaitHosts(hosts -> hostStatus(hosts, HOST).equals("up"));
        for (JsonNode h : json.readTree(platform.get("/api/v1/hosts"))) {
            if (!h.get("id").asText().equals(HOST)) {
                platform.post("/api/v1/hosts/" + h.get("id").asText() + "/cordon?reason=e2e");
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            docker("rm", "-f", "survivor", "comeback");
            if (runtime != null) {
                runtime.destroy();
                runtime.waitFor(30, TimeUnit.SECONDS);
            }
            platform.close();
        }
    }

    @Test
    void containersKeepRunningAndLoggingAndAreRestartedByPolicyAfterTheRuntimeServiceWasKilled() throws Exception {
        assertEquals(0, docker("run", "-d", "--name", "survivor", "--restart", "always", "busybox", "sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").exit());
        assertEquals(0, docker("run", "-d", "--name", "comeback", "--restart", "always", "busybox", "sh", "-c", "sleep 3; exit 7").exit());
        JsonNode survivor = inspect("survivor");
        assertEquals(HOST, survivor.get("Node").get("Name").asText(), "placed on the only uncordoned host");
        long pid = survivor.get("State").get("Pid").asLong();
        long comebackPid = inspect("comeback").get("State").get("Pid").asLong();

        runtime.destroyForcibly(); // SIGKILL: the JVM gets no chance to do anything
        runtime.waitFor(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))), "the container outlives its runtime-service");
        Thread.sleep(4000); // "comeback" exits (code 7) while nobody watches
        assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))), "still running while the host is away");
        assertTrue(!Files.exists(Path.of("/proc", Long.toString(comebackPid))), "comeback has exited meanwhile");

        runtime = platform.startService("services/runtime-service", "berth_runtime", port, props);
        awaitHosts(hosts -> hostStatus(hosts, HOST).equals("up"));

        JsonNode restarted = awaitInspect("comeback", n -> n.get("RestartCount").asInt() >= 1 && n.get("State").get("Running").asBoolean());
        assertTrue(restarted.get("State").get("Pid").asLong() != comebackPid);
        JsonNode still = inspect("survivor");
        assertEquals(pid, still.get("State").get("Pid").asLong(), "the same process, re-attached");
        assertEquals(0, still.get("RestartCount").asInt());

        // Its output is still captured and shipped: attaching shows new ticks.
        Docker.Result attached = Docker.run(List.of("timeout", "-s", "KILL", "3", "docker", "attach", "--no-stdin", "--sig-proxy=false", "survivor"),
                Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + platform.gatewayPort,
                        "DOCKER_CONFIG", platform.dataRoot.resolve("docker-cli").toString()));
        assertTrue(attached.output().contains("tick"), attached.output());
    }

    private JsonNode inspect(String name) throws Exception {
        return Inspect.container(platform, name);
    }

    private JsonNode awaitInspect(String name, Predicate<JsonNode> condition) throws Exception {
        return Inspect.await(platform, name, condition, Duration.ofSeconds(30));
    }

    private void awaitHosts(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(json.readTree(platform.get("/api/v1/hosts")))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("hosts never reached the expected state: " + platform.get("/api/v1/hosts"));
    }

    private static String hostStatus(JsonNode hosts, String id) {
        for (JsonNode h : hosts) {
            if (h.get("id").asText().equals(id)) {
                return h.get("status").asText();
            }
        }
        return "absent";
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }
}
