package io.berth.infra;

import io.berth.contracts.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one node), running inside
 * this JVM. Layout under the data root: kafka/server.properties, kafka/cluster.id, kafka/data (log.dirs).
 */
final class KafkaBroker implements AutoCloseable {
    static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String LOGS_RETENTION_MS = Long.toString(Duration.ofDays(7).toMillis());

    private final Path home;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private volatile KafkaRaftServer server;

    KafkaBroker(Path dataRoot, int port, int controllerPort) {
        this.home = dataRoot.toAbsolutePath().normalize().resolve("kafka");
        this.logDir = home.resolve("data");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrap() {
        return Ports.LOOPBACK + ":" + port;
    }

    void start() throws Exception {
        Files.createDirectories(logDir);
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        Properties config = config();
        Path configFile = home.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "Written by berth-launcher on every start; edits are overwritten");
        }
        if (!Files.isRegularFile(logDir.resolve("meta.properties"))) {
            format(configFile);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        createTopicsAndAwaitReady();
    }

    private Properties config() {
        Properties p = new Properties();
        p.setProperty("node.id", "1");
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("listeners", "PLAINTEXT://" + bootstrap() + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrap());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", Integer.toString(PARTITIONS));
        p.setProperty("auto.create.topics.enable", "false");
        // One node: internal topics cannot have the default replication of 3.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the default 50: the first consumer group and transaction come up faster.
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The 128 MiB default cleaner buffer would dominate the launcher's memory.
        p.setProperty("log.cleaner.dedupe.buffer.size", "4194304");
        return p;
    }

    /** Formats the log dir once; the cluster id is kept in a file so a reformat after a wipe reuses it. */
    private void format(Path configFile) throws IOException {
        Path clusterIdFile = home.resolve("cluster.id");
        String clusterId;
        if (Files.isRegularFile(clusterIdFile)) {
            clusterId = Files.readString(clusterIdFile).strip();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(clusterIdFile, clusterId + "\n");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        // execute(), not main(): main() calls System.exit.
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("formatting Kafka storage " + logDir + " failed: " + e.getMessage()
                    + "\n" + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage " + logDir + " failed with exit code "
                    + exitCode + ":\n" + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Creates Berth's fixed topics, then waits until every partition of them has a leader. */
    private void createTopicsAndAwaitReady() throws InterruptedException {
        Deadline deadline = Deadline.in(READY_TIMEOUT);
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        String lastProblem = "no answer yet";
        try (Admin admin = Admin.create(adminConfig)) {
            while (!deadline.passed()) {
                try {
                    createMissingTopics(admin, deadline);
                    List<String> notReady = topicsWithoutLeaders(admin, deadline);
                    if (notReady.isEmpty()) {
                        return;
                    }
                    lastProblem = "partitions without a leader in " + notReady;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    lastProblem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                }
                Deadline.pause(200);
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrap() + " (data " + logDir
                + ") did not become ready within " + deadline.totalSeconds() + " s: " + lastProblem);
    }

    private void createMissingTopics(Admin admin, Deadline deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.FIXED_TOPICS) {
            NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
            if (name.equals(Topics.LOGS)) {
                topic.configs(Map.of("retention.ms", LOGS_RETENTION_MS));
            }
            topics.add(topic);
        }
        var results = admin.createTopics(topics).values();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private List<String> topicsWithoutLeaders(Admin admin, Deadline deadline)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(Topics.FIXED_TOPICS)
                .allTopicNames().get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        List<String> notReady = new ArrayList<>();
        descriptions.forEach((name, description) -> {
            if (description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                notReady.add(name);
            }
        });
        return notReady;
    }

    @Override
    public void close() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        running.shutdown();
        running.awaitShutdown();
    }
}
