package io.berth.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform, started the way a user starts it: the launcher jar, which brings up Kafka, PostgreSQL and
 * every service. The launcher exits when this JVM closes its stdin, so nothing outlives the test run.
 */
final class Platform implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("berth.repo", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = REPO.resolve("infra/launcher/target/berth-launcher.jar");

    final Path dataRoot;
    final int gatewayPort;
    final Map<String, String> info = new ConcurrentHashMap<>();
    private final Process launcher;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final StringBuffer output = new StringBuffer();

    private Platform(Path dataRoot, int gatewayPort, Process launcher) {
        this.dataRoot = dataRoot;
        this.gatewayPort = gatewayPort;
        this.launcher = launcher;
        Thread reader = new Thread(this::readOutput, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Platform start(int runtimeHosts) throws Exception {
        return start(runtimeHosts, Map.of());
    }

    /** {@code env} reaches every service (e.g. {@code BERTH_REGISTRY_HTPASSWD} turns on the registry's auth). */
    static Platform start(int runtimeHosts, Map<String, String> env) throws Exception {
        Path dataRoot = Files.createTempDirectory("berth-e2e-");
        int gatewayPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions("launcher")); // the launcher's JVM runs the Kafka broker: as bin/berth-up starts it
        command.addAll(List.of("-jar", LAUNCHER.toString(),
                "--data-root", dataRoot.toString(), "--repo", REPO.toString(), "--kafka-port", "0", "--postgres-port", "0",
                "--gateway-port", String.valueOf(gatewayPort), "--runtime-hosts", String.valueOf(runtimeHosts), "--exit-on-stdin-eof"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        Platform platform = new Platform(dataRoot, gatewayPort, p);
        if (!platform.ready.await(240, TimeUnit.SECONDS)) {
            platform.close();
            throw new IllegalStateException("the platform did not come up within 240 s; launcher said:\n" + platform.output);
        }
        return platform;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.append(line).append('\n');
                System.out.println("[launcher] " + line);
                int eq = line.indexOf('=');
                if (line.startsWith("BERTH_") && eq > 0) {
                    info.put(line.substring(0, eq), line.substring(eq + 1));
                }
                if (line.equals("BERTH_PLATFORM_READY")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // launcher gone
        }
    }

    URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway(path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    String post(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    String postgresPassword() throws IOException {
        return Files.readString(Path.of(info.get("BERTH_POSTGRES_PASSWORD_FILE"))).trim();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + info.get("BERTH_POSTGRES_PORT") + "/" + database;
    }

    long pid() {
        return launcher.pid();
    }

    /** Starts one more service process against this platform's broker and database, as the launcher would. */
    Process startService(String module, String database, int port, List<String> extraProperties) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(jvmOptions(Path.of(module).getFileName().toString()));
        cmd.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + info.get("BERTH_KAFKA_BOOTSTRAP"),
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:" + info.get("BERTH_POSTGRES_PORT") + "/" + database,
                "-Dquarkus.datasource.username=berth", "-Dberth.parent-watch=stdin"));
        cmd.addAll(extraProperties);
        cmd.add("-jar");
        cmd.add(REPO.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataRoot.resolve("logs").resolve("e2e-" + module.replace('/', '-') + "-" + port + ".log").toFile());
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", postgresPassword());
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The JVM options the platform gives {@code process} (the launcher, or a service by name), from the launcher. */
    static List<String> jvmOptions(String process) throws IOException {
        Process p = new ProcessBuilder(javaBin(), "-jar", LAUNCHER.toString(), "--print-jvm-options", process)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("berth-launcher.jar --print-jvm-options " + process + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the launcher for JVM options", e);
        }
        return line.isEmpty() ? List.of() : List.of(line.split(" "));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws Exception {
        try (OutputStream stdin = launcher.getOutputStream()) {
            stdin.flush();
        }
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
    }
}
