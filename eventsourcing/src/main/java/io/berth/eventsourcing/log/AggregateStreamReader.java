package io.berth.eventsourcing.log;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.eventsourcing.serde.MessageSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one aggregate's events back from its events topic: the partition its key hashes to, from the start to the
 * last committed record. This is how an owner rebuilds an aggregate's state after a restart.
 */
public final class AggregateStreamReader {
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    private final KafkaSettings settings;
    private final MessageSerde serde;

    public AggregateStreamReader(KafkaSettings settings, MessageSerde serde) {
        this.settings = settings;
        this.serde = serde;
    }

    public List<Envelope<Message>> read(String topic, String aggregateId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.assignedConsumer("stream-reader"))) {
            int partitions = consumer.partitionsFor(topic).size();
            TopicPartition tp = new TopicPartition(topic, partitionOf(aggregateId, partitions));
            consumer.assign(List.of(tp));
            Seek.toBeginning(consumer, List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<Envelope<Message>> events = new ArrayList<>();
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " for aggregate " + aggregateId
                            + " did not reach offset " + end + " within " + READ_DEADLINE.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (aggregateId.equals(r.key())) {
                        events.add(serde.deserialize(r.value()));
                    }
                }
            }
            return events;
        }
    }

    /** The partition Kafka's default partitioner chooses for a record key. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

}
