package io.berth.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One running Berth service (a Quarkus app in its own JVM). Its stdin is a pipe the launcher keeps open: the
 * service exits when that pipe closes (-Dberth.parent-watch=stdin), so it cannot outlive a killed launcher.
 */
final class ServiceProcess {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration TERM_GRACE = Duration.ofSeconds(15);

    private final ServiceSpec spec;
    private final Process process;
    private volatile boolean stopping;

    private ServiceProcess(ServiceSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        process.onExit().thenAccept(exited -> {
            if (!stopping) {
                System.err.println("berth-launcher: " + spec.name() + " exited unexpectedly with code "
                        + exited.exitValue() + "; see " + spec.log());
            }
        });
    }

    ServiceSpec spec() {
        return spec;
    }

    static ServiceProcess start(ServiceSpec spec, String kafkaBootstrap, int postgresPort, String password)
            throws IOException {
        Files.createDirectories(spec.dataDir());
        Files.createDirectories(spec.log().getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.of(spec));
        command.addAll(List.of(
                "-Dquarkus.http.host=" + Ports.LOOPBACK,
                "-Dquarkus.http.port=" + spec.port(),
                "-Dkafka.bootstrap.servers=" + kafkaBootstrap,
                "-Dquarkus.datasource.reactive.url=postgresql://" + Ports.LOOPBACK + ":" + postgresPort + "/"
                        + spec.database(),
                "-Dquarkus.datasource.username=" + Postgres.USER,
                "-Dberth.data-root=" + spec.dataDir(),
                "-Dberth.parent-watch=stdin"));
        if (spec.hostId() != null) {
            command.add("-Dberth.host.id=" + spec.hostId());
        }
        command.addAll(List.of("-jar", spec.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.dataDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        // In the environment, never on the command line where `ps` would show it.
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", password);
        return new ServiceProcess(spec, builder.start());
    }

    /** Waits for GET /q/health/ready to answer 200. */
    void awaitReady(HttpClient http) {
        Deadline deadline = Deadline.in(READY_TIMEOUT);
        URI ready = URI.create(spec.url() + "/q/health/ready");
        String last = "no answer yet";
        while (!deadline.passed()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " (" + spec.jar() + ") exited with code "
                        + process.exitValue() + " before it was ready\n" + LogTail.of(spec.log()));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            Deadline.pause(300);
        }
        throw new IllegalStateException(spec.name() + " was not ready at " + ready + " within "
                + deadline.totalSeconds() + " s: " + last + "\n" + LogTail.of(spec.log()));
    }

    /** Closing stdin is the polite stop: the service shuts down on its own. */
    private void closeStdin() {
        stopping = true;
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed or the process is gone: either way it is stopping.
        }
    }

    /** Stops all services together: stdin closed, SIGTERM after 10 s, SIGKILL after 15 s. */
    static void stopAll(List<ServiceProcess> services) {
        services.forEach(ServiceProcess::closeStdin);
        Deadline polite = Deadline.in(GRACE);
        Deadline term = Deadline.in(TERM_GRACE);
        for (ServiceProcess service : services) {
            if (!Signals.awaitExit(service.process.toHandle(), polite.remaining())) {
                System.err.println("berth-launcher: " + service.spec.name() + " ignored stdin EOF; sending SIGTERM");
                service.process.destroy();
            }
        }
        for (ServiceProcess service : services) {
            if (!Signals.awaitExit(service.process.toHandle(), term.remaining())) {
                System.err.println("berth-launcher: " + service.spec.name() + " ignored SIGTERM; killing it");
                service.process.destroyForcibly();
                Signals.awaitExit(service.process.toHandle(), Duration.ofSeconds(5));
            }
        }
    }
}
