package io.berth.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Berth on one machine without Docker: a real Kafka broker (in this JVM) and PostgreSQL (a child process),
 * then every service as a child JVM. Prints BERTH_* lines on stdout that tests and scripts parse; everything
 * else goes to stderr or to the logs under the data root.
 */
public final class Launcher {
    private final LauncherOptions options;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile KafkaBroker kafka;
    private volatile Postgres postgres;
    private volatile CompletableFuture<Void> postgresStart = CompletableFuture.completedFuture(null);
    private volatile boolean stopped;

    private Launcher(LauncherOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            if (args.length == 2 && args[0].equals("--print-jvm-options")) {
                System.out.println(String.join(" ", JvmOptions.of(args[1])));
                return;
            }
            options = LauncherOptions.parse(args);
        } catch (LauncherOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("berth-launcher: " + e.getMessage());
            }
            System.err.print(LauncherOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        sendBrokerLogsTo(options.dataRoot().resolve("logs").resolve("kafka.log"));
        Launcher launcher = new Launcher(options);
        // Registered before anything starts, so Ctrl-C during startup also cleans up what is already running.
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "berth-launcher-shutdown"));
        try {
            launcher.run();
        } catch (Exception | Error e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("berth-launcher: startup failed: " + cause.getMessage());
            if (!(cause instanceof IllegalStateException)) {
                cause.printStackTrace();
            }
            System.exit(1);
        }
        launcher.waitForStop();
    }

    /** Kafka logs through slf4j-simple; keep its chatter out of the console and in a file beside the others. */
    private static void sendBrokerLogsTo(Path log) {
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create log dir " + log.getParent() + ": " + e.getMessage(), e);
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.dataRoot());
        List<ServiceSpec> specs = options.infraOnly() ? List.of() : ServiceSpec.all(options);
        requireBuiltJars(specs);
        specs.forEach(spec -> Ports.requireFree(spec.port(), spec.name()));

        int kafkaPort = Ports.orFree(options.kafkaPort());
        int controllerPort = options.kafkaPort() == 0 ? Ports.pickFreeExcept(kafkaPort) : kafkaPort + 1;
        int postgresPort = options.postgresPort() == 0
                ? Ports.pickFreeExcept(kafkaPort, controllerPort) : options.postgresPort();
        postgres = new Postgres(options.dataRoot(), options.postgresBinaries(), postgresPort, !options.noFsync());
        kafka = new KafkaBroker(options.dataRoot(), kafkaPort, controllerPort);
        // PostgreSQL (a child process) comes up while Kafka starts in this thread.
        postgresStart = CompletableFuture.runAsync(() -> {
            try {
                postgres.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            kafka.start();
        } catch (Exception kafkaFailure) {
            // Report Kafka's failure, but only once PostgreSQL's start has ended, so the hook can stop it.
            try {
                postgresStart.join();
            } catch (CompletionException postgresFailure) {
                kafkaFailure.addSuppressed(postgresFailure.getCause());
            }
            throw kafkaFailure;
        }
        postgresStart.join();
        printInfra();
        log("Kafka and PostgreSQL ready in " + millisSince(started) + " ms (data root " + options.dataRoot() + ")");
        if (options.infraOnly()) {
            return;
        }
        startServices(specs);
        printPlatform();
        log("platform ready in " + millisSince(started) + " ms");
    }

    private static void requireBuiltJars(List<ServiceSpec> specs) {
        List<String> missing = specs.stream().filter(spec -> !Files.isRegularFile(spec.jar()))
                .map(spec -> spec.jar().toString()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("service jars are missing: " + String.join(", ", missing)
                    + "\nBuild them first: mvn -B -DskipTests package (or pass --repo <checkout>, or --infra-only)");
        }
    }

    private void printInfra() {
        PrintStream out = System.out;
        out.println("BERTH_KAFKA_BOOTSTRAP=" + kafka.bootstrap());
        out.println("BERTH_POSTGRES_HOST=" + Ports.LOOPBACK);
        out.println("BERTH_POSTGRES_PORT=" + postgres.port());
        out.println("BERTH_POSTGRES_USER=" + Postgres.USER);
        out.println("BERTH_POSTGRES_PASSWORD_FILE=" + postgres.passwordFile());
        out.println("BERTH_INFRA_READY");
        out.flush();
    }

    /** All services start at once (they only meet through Kafka), then each is awaited. */
    private void startServices(List<ServiceSpec> specs) throws IOException {
        for (ServiceSpec spec : specs) {
            if (stopped) {
                return; // a signal arrived during startup; the shutdown hook owns what already runs
            }
            services.add(ServiceProcess.start(spec, kafka.bootstrap(), postgres.port(), postgres.password()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (ServiceProcess service : services) {
            service.awaitReady(http);
            log(service.spec().name() + " ready at " + service.spec().url());
        }
    }

    private void printPlatform() {
        String gateway = "http://" + Ports.LOOPBACK + ":" + options.gatewayPort();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Berth is running (data root " + options.dataRoot() + ")");
        lines.add(String.format("  %-18s %s", "Docker API", "DOCKER_HOST=tcp://" + Ports.LOOPBACK + ":" + options.gatewayPort()));
        lines.add(String.format("  %-18s %s", "Berth API", gateway + "/api/v1/hosts"));
        lines.add(String.format("  %-18s %s", "", gateway + "/api/v1/events"));
        lines.add(String.format("  %-18s %s", "OpenAPI", gateway + "/q/openapi"));
        for (ServiceProcess service : services) {
            lines.add(String.format("  %-18s %-24s log %s", service.spec().name(), service.spec().url(), service.spec().log()));
        }
        lines.add(String.format("  %-18s %-24s log %s", "Kafka", kafka.bootstrap(),
                options.dataRoot().resolve("logs").resolve("kafka.log")));
        lines.add(String.format("  %-18s %-24s log %s", "PostgreSQL", Ports.LOOPBACK + ":" + postgres.port(), postgres.log()));
        lines.add(String.format("  %-18s user %s, password in %s", "", Postgres.USER, postgres.passwordFile()));
        lines.add("");
        lines.add("BERTH_PLATFORM_READY");
        lines.forEach(System.out::println);
        System.out.flush();
    }

    /** Blocks until the JVM is asked to stop (signal), or stdin ends when --exit-on-stdin-eof was given. */
    private void waitForStop() {
        if (options.exitOnStdinEof()) {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Input is ignored; only its end matters.
                }
            } catch (IOException e) {
                log("stdin failed (" + e.getMessage() + "); stopping");
            }
            log("stdin closed; stopping");
            System.exit(0);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Services first (they use Kafka and PostgreSQL), then Kafka, then PostgreSQL. Runs once, in the shutdown hook. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (kafka == null && postgres == null) {
            return; // failed before starting anything
        }
        long started = System.nanoTime();
        ServiceProcess.stopAll(services);
        KafkaBroker broker = kafka;
        if (broker != null) {
            try {
                broker.close();
            } catch (RuntimeException e) {
                log("stopping Kafka failed: " + e);
            }
        }
        Postgres database = postgres;
        if (database != null) {
            database.close();
        }
        // A PostgreSQL start still in progress sees the close and gives up; wait for it so nothing is left behind.
        try {
            postgresStart.join();
        } catch (RuntimeException ignored) {
            // Reported by run() already.
        }
        log("stopped in " + millisSince(started) + " ms");
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static void log(String message) {
        System.err.println("berth-launcher: " + message);
    }
}
