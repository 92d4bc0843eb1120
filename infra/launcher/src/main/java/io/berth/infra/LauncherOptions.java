package io.berth.infra;

import java.nio.file.Path;

/** The launcher's command line. Ports given as 0 mean "pick a free port". */
record LauncherOptions(
        Path dataRoot,
        Path postgresBinaries,
        int kafkaPort,
        int postgresPort,
        int gatewayPort,
        Path repo,
        int runtimeHosts,
        boolean infraOnly,
        boolean exitOnStdinEof,
        boolean noFsync) {

    static final String USAGE = """
            Usage: java -jar infra/launcher/target/berth-launcher.jar [options]
              --data-root DIR          where Kafka, PostgreSQL and the services keep their data
                                       (default $BERTH_DATA_ROOT, else ./.berth)
              --kafka-port N           Kafka PLAINTEXT port on 127.0.0.1 (default 29092; 0 = any free port);
                                       the KRaft controller listens on N+1 (any free port when N is 0)
              --postgres-port N        PostgreSQL port on 127.0.0.1 (default 25432; 0 = any free port)
              --postgres-binaries DIR  unpack the PostgreSQL binaries into DIR/postgres-VERSION instead of
                                       the data root, so several data roots share one copy
              --infra-only             start only Kafka and PostgreSQL
              --gateway-port N         the gateway's HTTP port, i.e. DOCKER_HOST (default 2375)
              --repo DIR               the Berth checkout whose built service jars are started (default .)
              --runtime-hosts N        how many runtime-service instances (hosts) to start (default 1)
              --exit-on-stdin-eof      stop everything when stdin reaches end of file (used by tests)
              --no-fsync               throwaway data (tests): PostgreSQL skips fsync, which makes its
                                       initdb, CREATE DATABASE and shutdown seconds faster
              --print-jvm-options NAME print the JVM options of NAME (launcher, or a service such as
                                       image-service) and exit: for what starts the launcher or one service
              --help                   show this text
            """;

    static LauncherOptions parse(String[] args) {
        String envRoot = System.getenv("BERTH_DATA_ROOT");
        Path dataRoot = Path.of(envRoot == null || envRoot.isBlank() ? ".berth" : envRoot);
        int kafkaPort = 29092;
        int postgresPort = 25432;
        int gatewayPort = 2375;
        Path postgresBinaries = null;
        Path repo = Path.of(".");
        int runtimeHosts = 1;
        boolean infraOnly = false;
        boolean exitOnStdinEof = false;
        boolean noFsync = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data-root" -> dataRoot = Path.of(value(args, ++i, arg));
                case "--postgres-binaries" -> postgresBinaries = Path.of(value(args, ++i, arg));
                case "--kafka-port" -> kafkaPort = port(value(args, ++i, arg), arg);
                case "--postgres-port" -> postgresPort = port(value(args, ++i, arg), arg);
                case "--gateway-port" -> gatewayPort = port(value(args, ++i, arg), arg);
                case "--repo" -> repo = Path.of(value(args, ++i, arg));
                case "--runtime-hosts" -> runtimeHosts = positive(value(args, ++i, arg), arg);
                case "--infra-only" -> infraOnly = true;
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--no-fsync" -> noFsync = true;
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        if (gatewayPort == 0) {
            throw new UsageException("--gateway-port must be a fixed port (it is the DOCKER_HOST users configure)");
        }
        Path root = dataRoot.toAbsolutePath().normalize();
        return new LauncherOptions(root,
                postgresBinaries == null ? root : postgresBinaries.toAbsolutePath().normalize(), kafkaPort, postgresPort, gatewayPort,
                repo.toAbsolutePath().normalize(), runtimeHosts, infraOnly, exitOnStdinEof, noFsync);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String value, String option) {
        int port = number(value, option);
        if (port < 0 || port > 65535) {
            throw new UsageException(option + " must be a port between 0 and 65535, got " + value);
        }
        return port;
    }

    private static int positive(String value, String option) {
        int n = number(value, option);
        if (n < 1) {
            throw new UsageException(option + " must be at least 1, got " + value);
        }
        return n;
    }

    private static int number(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got " + value);
        }
    }

    /** A bad command line: the launcher prints the message and the usage, and exits with 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
