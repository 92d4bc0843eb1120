package io.berth.testing.registry;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real reference registry (Debian's {@code docker-registry}, distribution 2.8) on 127.0.0.1 with htpasswd auth,
 * started once per test class and stopped after it. Tests are skipped, with the reason printed, where the binary or
 * {@code htpasswd} (apache2-utils) is missing.
 */
public final class ReferenceRegistry implements BeforeAllCallback, AfterAllCallback {
    public static final String USERNAME = "testuser";
    public static final String PASSWORD = "testpassword";
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private Path dir;
    private Process process;
    private int port;

    public String registry() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The registry's log so far: its access log shows which requests the client really sent. */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        skipUnless(Files.isExecutable(BINARY), BINARY + " is missing (apt-get install docker-registry)");
        skipUnless(Files.isExecutable(HTPASSWD), HTPASSWD + " is missing (apt-get install apache2-utils)");
        dir = Files.createTempDirectory("berth-reference-registry-");
        Files.writeString(dir.resolve("htpasswd"), bcryptEntry());
        port = freePort();
        Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "http:",
                "  addr: 127.0.0.1:" + port,
                "  secret: " + UUID.randomUUID(),
                "auth:",
                "  htpasswd:",
                "    realm: basic-realm",
                "    path: " + dir.resolve("htpasswd"),
                ""));
        process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        awaitReady();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED reference-registry tests: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    private static String bcryptEntry() throws IOException, InterruptedException {
        Process htpasswd = new ProcessBuilder(HTPASSWD.toString(), "-Bbn", USERNAME, PASSWORD)
                .redirectErrorStream(true).start();
        if (!htpasswd.waitFor(10, TimeUnit.SECONDS)) {
            htpasswd.destroyForcibly();
            fail("htpasswd did not finish within 10 s");
        }
        String out = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (htpasswd.exitValue() != 0 || !out.startsWith(USERNAME + ":$2")) {
            fail("htpasswd failed: " + out);
        }
        return out + "\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls GET /v2/ until the registry answers 401 (it is up, auth on), for at most {@link #STARTUP}. */
    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + registry() + "/v2/"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("docker-registry exited with " + process.exitValue() + "; log tail:\n" + logTail());
            }
            try {
                int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
                lastProblem = "GET /v2/ answered " + status;
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(50);
        }
        fail("docker-registry not ready on " + registry() + " within " + STARTUP + " (" + lastProblem
                + "); log tail:\n" + logTail());
    }

    private String logTail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
