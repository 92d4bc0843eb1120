package io.berth.testing.infra;

import io.berth.infra.InfraProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Real Kafka and PostgreSQL for {@code @QuarkusTest}s: {@code @WithTestResource(value = BerthInfraResource.class,
 * initArgs = @ResourceArg(name = "database", value = "berth_runtime"))}. One launcher serves the whole test JVM:
 * it starts on first use and stops in a JVM shutdown hook, not in {@link #stop()}, so test classes share it.
 *
 * <p>Set BERTH_TEST_KAFKA_BOOTSTRAP, BERTH_TEST_POSTGRES_PORT and BERTH_TEST_POSTGRES_PASSWORD_FILE (optionally
 * BERTH_TEST_POSTGRES_USER, default berth) to use infra that is already running instead, e.g. from
 * {@code java -jar infra/launcher/target/berth-launcher.jar --infra-only}.
 */
public class BerthInfraResource implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT_DATABASE = "berth_test";

    /*
     * Quarkus may load this class in several class loaders of one JVM (one per test application), so a static
     * field alone is not JVM-wide. The first loader to start the infra publishes it in system properties; the
     * others attach to it. The lock is an interned string literal, which is the same object in every loader.
     */
    private static final String LOCK = "io.berth.testing.infra.BerthInfraResource#lock";
    private static final String SHARED_BOOTSTRAP = "berth.test.infra.kafka-bootstrap";
    private static final String SHARED_PG_PORT = "berth.test.infra.postgres-port";
    private static final String SHARED_PG_USER = "berth.test.infra.postgres-user";
    private static final String SHARED_PG_PASSWORD_FILE = "berth.test.infra.postgres-password-file";

    private static InfraProcess infra;

    private String database = DEFAULT_DATABASE;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", DEFAULT_DATABASE);
    }

    @Override
    public Map<String, String> start() {
        InfraProcess shared = infra();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", shared.kafkaBootstrap());
        config.put("quarkus.datasource.db-kind", "postgresql");
        config.put("quarkus.datasource.reactive.url", shared.postgresUrl(database));
        config.put("quarkus.datasource.username", shared.user());
        config.put("quarkus.datasource.password", shared.password());
        config.put("quarkus.devservices.enabled", "false");
        config.put("berth.data-root", newDirectory("app-data-").toString());
        return config;
    }

    /** Nothing: the shared infra outlives this test class and stops with the JVM. */
    @Override
    public void stop() {
    }

    /** The JVM's shared Kafka and PostgreSQL, started on first use; for plain JUnit tests too. */
    public static InfraProcess infra() {
        synchronized (LOCK) {
            if (infra == null) {
                infra = external();
            }
            if (infra == null) {
                infra = startedByOtherLoader();
            }
            if (infra == null) {
                infra = startShared();
            }
            return infra;
        }
    }

    private static InfraProcess external() {
        String bootstrap = System.getenv("BERTH_TEST_KAFKA_BOOTSTRAP");
        String port = System.getenv("BERTH_TEST_POSTGRES_PORT");
        String passwordFile = System.getenv("BERTH_TEST_POSTGRES_PASSWORD_FILE");
        if (isBlank(bootstrap) || isBlank(port) || isBlank(passwordFile)) {
            return null;
        }
        String user = System.getenv("BERTH_TEST_POSTGRES_USER");
        return InfraProcess.attach(bootstrap, Integer.parseInt(port.trim()), isBlank(user) ? "berth" : user,
                Path.of(passwordFile));
    }

    private static InfraProcess startedByOtherLoader() {
        String bootstrap = System.getProperty(SHARED_BOOTSTRAP);
        if (bootstrap == null) {
            return null;
        }
        return InfraProcess.attach(bootstrap, Integer.parseInt(System.getProperty(SHARED_PG_PORT)),
                System.getProperty(SHARED_PG_USER), Path.of(System.getProperty(SHARED_PG_PASSWORD_FILE)));
    }

    private static InfraProcess startShared() {
        Path dataRoot = newDirectory("infra-");
        InfraProcess started = InfraProcess.start(dataRoot);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            deleteTree(dataRoot);
        }, "berth-test-infra-stop"));
        System.setProperty(SHARED_BOOTSTRAP, started.kafkaBootstrap());
        System.setProperty(SHARED_PG_PORT, Integer.toString(started.postgresPort()));
        System.setProperty(SHARED_PG_USER, started.user());
        System.setProperty(SHARED_PG_PASSWORD_FILE, started.passwordFile().toString());
        return started;
    }

    /**
     * A fresh dir under this module's target/berth-infra, or under /tmp when the module's path is closed to
     * other users (as root PostgreSQL runs as nobody, who must be able to reach its data).
     */
    private static Path newDirectory(String prefix) {
        try {
            Path target = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target");
            if (traversableByOthers(target.getParent())) {
                Path base = Files.createDirectories(target.resolve("berth-infra"));
                return Files.createTempDirectory(base, prefix);
            }
            return Files.createTempDirectory(Path.of("/tmp"), "berth-test-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a test data dir (" + prefix + ")", e);
        }
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.normalize(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The broker's and PostgreSQL's files are ~100 MB per test JVM; logs worth keeping were in errors already. */
    private static void deleteTree(Path dir) {
        if (Boolean.getBoolean("berth.test.keep-infra")) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort at JVM exit; target/ is cleaned by mvn clean anyway.
        }
    }
}
