package io.berth.eventsourcing.log;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Seeks that mean what they say. Kafka's {@code seekToBeginning(empty)} and {@code seekToEnd(empty)} move
 * <em>every</em> assigned partition, which silently turns "resume here, except for these none" into "start over".
 */
public final class Seek {
    private Seek() {
    }

    public static void toBeginning(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            consumer.seekToBeginning(partitions);
        }
    }

    public static void toEnd(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            consumer.seekToEnd(partitions);
        }
    }
}
