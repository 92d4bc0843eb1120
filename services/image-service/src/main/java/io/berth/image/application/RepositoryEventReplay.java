package io.berth.image.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.Seek;
import io.berth.eventsourcing.serde.MessageSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every repository event committed so far, all partitions of the image events topic from the start to their
 * current end. One pass over the topic is cheaper than one {@code AggregateStreamReader} per repository, and the
 * catalog needs every repository anyway.
 */
public final class RepositoryEventReplay {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private RepositoryEventReplay() {
    }

    @SuppressWarnings("unchecked")
    public static long replay(KafkaSettings kafka, MessageSerde serde, Consumer<Envelope<RepositoryEvent>> sink) {
        String topic = Topics.eventsOf(AggregateType.REPOSITORY);
        long folded = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.assignedConsumer("registry-replay"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Seek.toBeginning(consumer, partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replaying " + topic + " for the registry did not reach offsets " + end
                            + " within " + DEADLINE.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Envelope<Message> e = serde.deserialize(r.value());
                    if (e.aggregateType() == AggregateType.REPOSITORY) {
                        sink.accept((Envelope<RepositoryEvent>) (Envelope<?>) e);
                        folded++;
                    }
                }
            }
        }
        return folded;
    }
}
