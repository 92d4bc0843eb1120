package io.berth.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.topics.Topics;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real broker and PostgreSQL the way every module's tests do, uses both, and checks nothing is left. */
class InfraProcessTest {
    @TempDir
    Path dataRoot;

    @Test
    void kafkaAndPostgresComeUpWorkAndGoAway() throws Exception {
        int kafkaPort;
        int postgresPort;
        try (InfraProcess infra = InfraProcess.start(dataRoot)) {
            kafkaPort = Integer.parseInt(infra.kafkaBootstrap().substring(infra.kafkaBootstrap().lastIndexOf(':') + 1));
            postgresPort = infra.postgresPort();

            String topic = Topics.COMMAND_OUTCOMES;
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, 0, "key", "hello")).get();
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                // Assigned, not subscribed: no group coordination needed for one read.
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                ConsumerRecord<String, String> received = null;
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (received == null && System.nanoTime() < until) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    received = records.isEmpty() ? null : records.iterator().next();
                }
                assertEquals("hello", received == null ? null : received.value());
            }

            try (Connection connection = DriverManager.getConnection(infra.jdbcUrl("berth_test"), infra.user(), infra.password());
                 ResultSet result = connection.createStatement().executeQuery("SELECT 1")) {
                assertTrue(result.next());
                assertEquals(1, result.getInt(1));
            }
            assertEquals("postgresql://127.0.0.1:" + postgresPort + "/berth_test", infra.postgresUrl("berth_test"));
        }
        assertTrue(isFree(kafkaPort), "Kafka port " + kafkaPort + " still in use after close()");
        assertTrue(isFree(postgresPort), "PostgreSQL port " + postgresPort + " still in use after close()");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
