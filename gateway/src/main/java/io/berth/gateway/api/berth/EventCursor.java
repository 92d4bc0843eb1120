package io.berth.gateway.api.berth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * A position in the whole event log: for each topic partition, the offset of the next record to read. It is the
 * SSE {@code id} of every event sent, so a client that reconnects with {@code Last-Event-ID} resumes exactly
 * after the last event it received, with no loss and no duplicate, whatever partitions the events came from.
 * Text form: {@code topic:partition:offset,topic:partition:offset,…}.
 */
public record EventCursor(Map<TopicPartition, Long> next) {
    public EventCursor {
        next = Map.copyOf(next);
    }

    public static EventCursor parse(String text) {
        Map<TopicPartition, Long> m = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] f = part.trim().split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("invalid event cursor '" + text + "': expected topic:partition:offset[,…]");
            }
            try {
                m.put(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid event cursor '" + text + "': partition and offset must be numbers");
            }
        }
        return new EventCursor(m);
    }

    public String format() {
        return next.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
