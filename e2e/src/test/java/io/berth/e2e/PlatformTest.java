package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation's acceptance, as a user would check it: the launcher brings up the whole platform with two
 * runtime-service hosts; the real docker CLI talks to the gateway; curl streams events; a SIGKILLed host goes
 * down and comes back once; a gateway whose projection tables were dropped rebuilds the same hosts view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformTest {
    /** Heartbeats every 3 s; a host is down after 3 missed intervals, so within 9 s plus one read. */
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(15);

    private final ObjectMapper json = new ObjectMapper();
    private Platform platform;

    @BeforeAll
    void start() throws Exception {
        platform = Platform.start(2);
        awaitHosts(hosts -> hosts.size() >= 2 && hosts.stream().allMatch(h -> h.get("status").asText().equals("up")), Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        String root = platform.dataRoot.toString();
        platform.close();
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(root)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), left, "no process of the platform outlives the launcher");
        assertTrue(portFree(platform.gatewayPort), "the gateway port is released");
        assertTrue(portFree(Integer.parseInt(platform.info.get("BERTH_POSTGRES_PORT"))), "the PostgreSQL port is released");
    }

    @Test
    @Order(1)
    void theDockerCliSeesBerthAndItsHosts() throws Exception {
        Docker.Result version = docker("version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("Berth"), version.output());
        assertTrue(version.output().matches("(?s).*API version:\\s+1\\.47.*"), version.output());

        Docker.Result info = docker("info");
        assertEquals(0, info.exit(), info.output());
        assertTrue(info.output().contains("Operating System: Berth"), info.output());
        assertTrue(info.output().contains("(2 of 2 hosts up)"), info.output());
        int cpus = Runtime.getRuntime().availableProcessors();
        assertTrue(info.output().contains("CPUs: " + (2 * cpus)), "CPUs of both hosts are summed: " + info.output());
        assertTrue(info.output().contains("berth.host.host-2=up"), info.output());
    }

    @Test
    @Order(2)
    void curlStreamsHostEventsAndResumesFromLastEventId() throws Exception {
        Docker.Result first = run(List.of("curl", "-sN", "--max-time", "6", platform.gateway("/api/v1/events?aggregateType=host").toString()), Map.of());
        assertTrue(first.output().contains("event:host.joined.v1") || first.output().contains("event: host.joined.v1"), first.output());
        assertTrue(first.output().contains("host.heartbeat.v1"), first.output());
        List<String> cursors = sseField(first.output(), "id:");
        List<String> events = eventIds(first.output());
        assertTrue(events.size() >= 3, first.output());

        Docker.Result resumed = run(List.of("curl", "-sN", "--max-time", "4", "-H", "Last-Event-ID: " + cursors.get(0),
                platform.gateway("/api/v1/events?aggregateType=host").toString()), Map.of());
        List<String> after = eventIds(resumed.output());
        assertTrue(!after.contains(events.get(0)), "the event before the cursor is not sent again");
        assertTrue(after.containsAll(events.subList(1, events.size())), "every later event is sent after resuming");
        assertEquals(after.size(), new java.util.HashSet<>(after).size(), "no event is sent twice");
    }

    private List<String> eventIds(String stream) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String data : sseField(stream, "data:")) {
            ids.add(json.readTree(data).get("id").asText());
        }
        return ids;
    }

    @Test
    @Order(3)
    void aHostKilledWithSigkillIsMarkedDownAndComesBackWithoutADuplicate() throws Exception {
        String host = "e2e-killed";
        int port = Platform.freePort();
        List<String> props = List.of("-Dberth.host.id=" + host, "-Dberth.data-root=" + platform.dataRoot.resolve(host));
        Process runtime = platform.startService("services/runtime-service", "berth_runtime", port, props);
        awaitHosts(hosts -> status(hosts, host).equals("up"), Duration.ofSeconds(60));

        runtime.destroyForcibly(); // SIGKILL: no goodbye event
        runtime.waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        awaitHosts(hosts -> status(hosts, host).equals("down"), DOWN_WITHIN);
        System.out.printf("host %s was shown down %d ms after SIGKILL%n", host, (System.nanoTime() - killed) / 1_000_000);

        Process again = platform.startService("services/runtime-service", "berth_runtime", port, props);
        try {
            List<JsonNode> hosts = awaitHosts(h -> status(h, host).equals("up"), Duration.ofSeconds(60));
            assertEquals(1, hosts.stream().filter(h -> h.get("id").asText().equals(host)).count(), "one row per host");
            JsonNode row = hosts.stream().filter(h -> h.get("id").asText().equals(host)).findFirst().orElseThrow();
            assertEquals(2, row.get("joins").asInt(), "the restart is a second join of the same host");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(4)
    void aGatewayWhoseProjectionTablesWereDroppedRebuildsTheSameHostsView() throws Exception {
        Map<String, String> before = stableView(hostsOf(platform.get("/api/v1/hosts")));
        dropProjectionTables();
        int port = Platform.freePort();
        Process gateway = platform.startService("gateway", "berth_gateway", port, List.of("-Dberth.data-root=" + platform.dataRoot.resolve("gateway-2")));
        try {
            String url = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<String, String> after = Map.of();
            while (System.nanoTime() < deadline && !after.equals(before)) {
                Thread.sleep(500);
                Docker.Result r = run(List.of("curl", "-sf", url + "/api/v1/hosts"), Map.of());
                if (r.exit() == 0) {
                    after = stableView(hostsOf(r.output()));
                }
            }
            assertEquals(before, after, "the hosts view replayed from Kafka into empty tables");
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The running gateway keeps applying heartbeats while the tables go, so the DROP may meet its transaction in a
     * deadlock; PostgreSQL then aborts one side. The gateway retries by itself; this retries the DROP, a few times.
     */
    private void dropProjectionTables() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DriverManager.getConnection(platform.jdbcUrl("berth_gateway"), "berth", platform.postgresPassword());
                 Statement s = c.createStatement()) {
                s.execute("drop table host_view, berth_projection_offset, berth_projection_checkpoint");
                return;
            } catch (java.sql.SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Every field of every host except the ones that move with each heartbeat (lastSeenAt, and status with it). */
    private static Map<String, String> stableView(List<JsonNode> hosts) {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode h : hosts) {
            var copy = h.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("lastSeenAt", "status"));
            m.put(h.get("id").asText(), copy.toString());
        }
        return m;
    }

    private List<JsonNode> awaitHosts(Predicate<List<JsonNode>> condition, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> hosts = hostsOf(platform.get("/api/v1/hosts"));
        while (!condition.test(hosts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("hosts did not reach the expected state within " + within.toSeconds() + " s: " + hosts);
            }
            Thread.sleep(250);
            hosts = hostsOf(platform.get("/api/v1/hosts"));
        }
        return hosts;
    }

    private List<JsonNode> hostsOf(String body) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json.readTree(body).forEach(out::add);
        return out;
    }

    private static String status(List<JsonNode> hosts, String id) {
        return hosts.stream().filter(h -> h.get("id").asText().equals(id)).map(h -> h.get("status").asText()).findFirst().orElse("absent");
    }

    private static List<String> sseField(String stream, String field) {
        List<String> values = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith(field)) {
                values.add(line.substring(field.length()).trim());
            }
        }
        return values;
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }

    private static Docker.Result run(List<String> cmd, Map<String, String> env) throws Exception {
        return Docker.run(cmd, env);
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
