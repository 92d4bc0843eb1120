package io.berth.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A real PostgreSQL 17 server for Berth, listening on 127.0.0.1 only. Layout under the data root:
 * postgres-VERSION/ (binaries, unless a shared binaries dir is given), postgres/data (the cluster),
 * postgres/run (its socket dir), postgres.password, logs/postgres.log.
 */
final class Postgres implements AutoCloseable {
    static final String USER = "berth";
    static final List<String> DATABASES = List.of(
            "berth_gateway", "berth_runtime", "berth_image", "berth_build", "berth_log", "berth_test");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Unix socket paths are limited to 107 bytes; longer data roots get TCP only. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Path dataRoot;
    private final Path binariesParent;
    private final int port;
    private final boolean durable;
    private final Path home;
    private final Path dataDir;
    private final Path socketDir;
    private final Path passwordFile;
    private final Path log;
    private final PostgresUser user = PostgresUser.forThisProcess();
    private Process server;
    private boolean closed;
    private volatile String password;

    /**
     * {@code binariesParent} receives postgres-VERSION/ (tests share one to skip a 4 s extraction per JVM);
     * {@code durable} false skips fsync, for throwaway test data.
     */
    Postgres(Path dataRoot, Path binariesParent, int port, boolean durable) {
        this.durable = durable;
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.binariesParent = binariesParent.toAbsolutePath().normalize();
        this.port = port;
        this.home = this.dataRoot.resolve("postgres");
        this.dataDir = home.resolve("data");
        this.socketDir = home.resolve("run");
        this.passwordFile = this.dataRoot.resolve("postgres.password");
        this.log = this.dataRoot.resolve("logs").resolve("postgres.log");
    }

    int port() {
        return port;
    }

    Path passwordFile() {
        return passwordFile;
    }

    String password() {
        return password;
    }

    Path log() {
        return log;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    void start() throws Exception {
        Files.createDirectories(log.getParent());
        Path binaries = PostgresBinaries.ensureExtracted(binariesParent);
        user.requireTraversable(binaries, binariesParent);
        Files.createDirectories(home);
        user.requireTraversable(home, dataRoot);
        StalePostmaster.stopIfRunning(dataDir);
        boolean initialized = Files.isRegularFile(dataDir.resolve("PG_VERSION"));
        if (initialized && !Files.isRegularFile(passwordFile)) {
            throw new IllegalStateException("PostgreSQL cluster " + dataDir + " exists but its password file "
                    + passwordFile + " is gone; delete " + home + " to start with a fresh cluster");
        }
        password = PostgresPassword.readOrCreate(passwordFile);
        if (!initialized) {
            initdb(binaries);
        }
        Ports.requireFree(port, "PostgreSQL");
        startServer(binaries);
        awaitReady();
        ensureDatabases();
    }

    /** initdb into a temp dir renamed at the end: a killed first run leaves nothing that looks initialized. */
    private void initdb(Path binaries) throws Exception {
        Path partial = home.resolve("data.partial");
        PostgresBinaries.deleteTree(partial);
        Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        user.own(partial);
        // initdb reads the password as the PostgreSQL user, so it gets its own short-lived copy.
        Path pwfile = home.resolve("initdb.pwfile");
        PostgresPassword.writePrivate(pwfile, password);
        user.own(pwfile);
        Path initdbLog = dataRoot.resolve("logs").resolve("initdb.log");
        try {
            List<String> initdbCommand = new ArrayList<>(List.of(
                    binaries.resolve("bin/initdb").toString(), "-D", partial.toString(),
                    "-U", USER, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C"));
            if (!durable) {
                initdbCommand.add("--no-sync");
            }
            List<String> command = user.command(initdbCommand);
            Process initdb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(initdbLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!initdb.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb of " + partial + " did not finish within 120 s\n"
                        + LogTail.of(initdbLog));
            }
            if (initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb of " + partial + " failed with exit code "
                        + initdb.exitValue() + " (command: " + String.join(" ", command) + ")\n" + LogTail.of(initdbLog));
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.move(partial, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Synchronized with close(): a shutdown during startup must not be followed by a postgres nobody stops. */
    private synchronized void startServer(Path binaries) throws IOException {
        if (closed) {
            throw new IllegalStateException("PostgreSQL start cancelled: the launcher is stopping");
        }
        List<String> command = new ArrayList<>(List.of(
                binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-h", Ports.LOOPBACK, "-c", "max_connections=200"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        command.addAll(socketOptions());
        server = new ProcessBuilder(user.command(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private List<String> socketOptions() throws IOException {
        if (socketDir.resolve(".s.PGSQL." + port).toString().length() > MAX_SOCKET_PATH) {
            return List.of("-k", "");
        }
        Files.createDirectories(socketDir);
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
        user.own(socketDir);
        return List.of("-k", socketDir.toString());
    }

    private void awaitReady() {
        Process server = running();
        Deadline deadline = Deadline.in(READY_TIMEOUT);
        SQLException last = null;
        while (!deadline.passed()) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL on " + Ports.LOOPBACK + ":" + port + " (data "
                        + dataDir + ") exited with code " + server.exitValue() + " while starting\n" + LogTail.of(log));
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                Deadline.pause(200);
            }
        }
        throw new IllegalStateException("PostgreSQL on " + Ports.LOOPBACK + ":" + port + " (data " + dataDir
                + ") did not accept connections within " + deadline.totalSeconds() + " s: "
                + (last == null ? "" : last.getMessage()) + "\n" + LogTail.of(log));
    }

    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    private void ensureDatabases() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            Set<String> existing = new HashSet<>();
            try (ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
            for (String database : DATABASES) {
                if (!existing.contains(database)) {
                    statement.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (SQLException e) {
            throw new SQLException("could not create Berth's databases on " + jdbcUrl("postgres") + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit), bounded, then SIGKILL. */
    private synchronized Process running() {
        return server;
    }

    @Override
    public void close() {
        Process process;
        synchronized (this) {
            closed = true;
            process = server;
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        Signals.stopPostmaster(process.toHandle(), STOP_TIMEOUT);
    }
}
