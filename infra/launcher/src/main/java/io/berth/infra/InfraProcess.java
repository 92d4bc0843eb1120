package io.berth.infra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kafka and PostgreSQL for tests, run by the launcher in a child JVM ({@code --infra-only}). The child exits
 * when its stdin closes, so even a crashed test JVM never leaves a broker behind.
 *
 * <p>JDK only on purpose: test classpaths carry just the launcher's own jar, and the broker's jars stay in the
 * child (found in the launcher's target/lib).
 */
public final class InfraProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path log;
    private final Map<String, String> values;

    private InfraProcess(Process process, Path log, Map<String, String> values) {
        this.process = process;
        this.log = log;
        this.values = values;
    }

    /** Starts Kafka and PostgreSQL on free ports with their data under {@code dataRoot}; waits up to 120 s. */
    public static InfraProcess start(Path dataRoot) {
        Path root = dataRoot.toAbsolutePath().normalize();
        Path log = root.resolve("infra.log");
        Process process;
        try {
            Files.createDirectories(root);
            process = new ProcessBuilder(command(root))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Berth infra launcher for " + root, e);
        }
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready), "berth-infra-output");
        pump.setDaemon(true);
        pump.start();
        try {
            Map<String, String> values = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new InfraProcess(process, log, values);
        } catch (TimeoutException e) {
            stop(process);
            throw new IllegalStateException("Berth infra (Kafka + PostgreSQL) was not ready within "
                    + READY_TIMEOUT_SECONDS + " s\n" + LogTail.of(log));
        } catch (Exception e) {
            stop(process);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Berth infra (Kafka + PostgreSQL) failed to start: "
                    + cause.getMessage() + "\n" + LogTail.of(log), cause);
        }
    }

    /**
     * Infra that is already running elsewhere (another launcher, or one started by another class loader in this
     * JVM): same accessors, and {@link #close()} leaves it alone.
     */
    public static InfraProcess attach(String kafkaBootstrap, int postgresPort, String user, Path passwordFile) {
        return new InfraProcess(null, null, Map.of(
                "BERTH_KAFKA_BOOTSTRAP", kafkaBootstrap,
                "BERTH_POSTGRES_HOST", "127.0.0.1",
                "BERTH_POSTGRES_PORT", Integer.toString(postgresPort),
                "BERTH_POSTGRES_USER", user,
                "BERTH_POSTGRES_PASSWORD_FILE", passwordFile.toAbsolutePath().toString()));
    }

    /** Copies the child's output into infra.log, collecting the BERTH_* lines until BERTH_INFRA_READY. */
    private static void pump(Process process, Path log, CompletableFuture<Map<String, String>> ready) {
        Map<String, String> values = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.equals("BERTH_INFRA_READY")) {
                    ready.complete(Map.copyOf(values));
                } else if (line.startsWith("BERTH_") && line.contains("=")) {
                    values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        // Output ended: the launcher exited; if it never got ready, say so now rather than at the deadline.
        ready.completeExceptionally(new IllegalStateException("the launcher exited before BERTH_INFRA_READY"));
    }

    private static List<String> command(Path dataRoot) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path self = LauncherClasspath.ownLocation();
        Path lib = LauncherClasspath.libDir(self);
        // Serial GC and C1 only: a small broker for tests should not compete with the test JVM for 2 cores.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", self + File.pathSeparator + lib.resolve("*"),
                // By name: loading Launcher here could drag Kafka types into the test's class loader.
                "io.berth.infra.Launcher",
                "--infra-only", "--exit-on-stdin-eof", "--no-fsync", "--kafka-port", "0", "--postgres-port", "0",
                "--data-root", dataRoot.toString()));
        // Every test JVM would otherwise unpack PostgreSQL again (~4 s): share one copy beside the lib dir.
        Path shared = lib.getParent();
        if (shared != null && Files.isWritable(shared) && traversableByOthers(shared)) {
            command.addAll(List.of("--postgres-binaries", shared.resolve("postgres-binaries").toString()));
        }
        return command;
    }

    /** When the launcher runs as root, PostgreSQL runs as nobody, who must be able to reach the binaries. */
    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public String kafkaBootstrap() {
        return value("BERTH_KAFKA_BOOTSTRAP");
    }

    public String postgresHost() {
        return value("BERTH_POSTGRES_HOST");
    }

    public int postgresPort() {
        return Integer.parseInt(value("BERTH_POSTGRES_PORT"));
    }

    /** The Vert.x reactive form Quarkus wants in quarkus.datasource.reactive.url. */
    public String postgresUrl(String database) {
        return "postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + postgresUrl(database);
    }

    public String user() {
        return value("BERTH_POSTGRES_USER");
    }

    public Path passwordFile() {
        return Path.of(value("BERTH_POSTGRES_PASSWORD_FILE"));
    }

    public String password() {
        try {
            return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the PostgreSQL password from " + passwordFile(), e);
        }
    }

    /** The launcher's output (and its errors), for diagnosing a test failure; null when attached. */
    public Path log() {
        return log;
    }

    private String value(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the launcher printed no " + key + " line"
                    + (log == null ? "" : "; see " + log));
        }
        return value;
    }

    /** Closes the launcher's stdin (it stops services, Kafka, PostgreSQL in order), bounded, then kills it. */
    @Override
    public void close() {
        if (process != null) {
            stop(process);
        }
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child is already gone.
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Where the launcher's classes and its dependency jars are. Candidates, in order: -Dberth.launcher.lib or
     * $BERTH_LAUNCHER_LIB; lib/ beside the launcher jar (target/berth-launcher.jar); target/lib beside
     * target/classes; infra/launcher/target/lib of the checkout above the working dir (the jar then comes from
     * ~/.m2, which has no lib dir).
     */
    static final class LauncherClasspath {
        private LauncherClasspath() {
        }

        /** The launcher jar (or classes dir) this class came from; via java.class.path if the loader hides it. */
        static Path ownLocation() {
            try {
                URL location = InfraProcess.class.getProtectionDomain().getCodeSource().getLocation();
                Path path = Path.of(location.toURI()).toAbsolutePath().normalize();
                if (Files.exists(path)) {
                    return path;
                }
            } catch (URISyntaxException | RuntimeException e) {
                // Some class loaders give no file location; fall through to the class path.
            }
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                String name = path.getFileName() == null ? "" : path.getFileName().toString();
                if (name.startsWith("berth-launcher") && name.endsWith(".jar")
                        || path.endsWith(Path.of("infra", "launcher", "target", "classes"))) {
                    return path;
                }
            }
            throw new IllegalStateException("cannot tell where the berth-launcher classes are loaded from (code "
                    + "source of " + InfraProcess.class.getName() + " is not a file, and no berth-launcher jar "
                    + "is on java.class.path)");
        }

        static Path libDir(Path self) {
            String configured = System.getProperty("berth.launcher.lib", System.getenv("BERTH_LAUNCHER_LIB"));
            if (configured != null && !configured.isBlank()) {
                return existing(Path.of(configured), "berth.launcher.lib / BERTH_LAUNCHER_LIB");
            }
            Path besideJarOrClasses = self.getParent() == null ? null : self.getParent().resolve("lib");
            if (besideJarOrClasses != null && hasJars(besideJarOrClasses)) {
                return besideJarOrClasses;
            }
            for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("infra/launcher/target/lib");
                if (hasJars(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("the launcher's dependency jars were not found (looked beside " + self
                    + " and for infra/launcher/target/lib above " + System.getProperty("user.dir")
                    + "); run `mvn -B -q install -pl infra/launcher` or set -Dberth.launcher.lib");
        }

        private static Path existing(Path dir, String source) {
            if (!hasJars(dir)) {
                throw new IllegalStateException(source + " points to " + dir + ", which holds no jars");
            }
            return dir.toAbsolutePath().normalize();
        }

        /** A lib dir worth using holds the broker's jars. */
        private static boolean hasJars(Path dir) {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try (var files = Files.list(dir)) {
                return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka-server-"));
            } catch (IOException e) {
                return false;
            }
        }
    }
}
