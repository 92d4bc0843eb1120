package io.berth.gateway.api.berth;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.Seek;
import io.berth.eventsourcing.serde.MalformedMessageException;
import io.berth.eventsourcing.serde.MessageSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One client's read of the event topics, on its own thread with its own consumer (no group: it only reads).
 * Starts at a cursor, a time, the start or the end of the log, and hands each committed event with the cursor
 * just after it to {@code sink}, until closed.
 */
final class EventStream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventStream.class);

    /** Where reading begins; exactly one of the fields is used, in this order. */
    record Start(EventCursor cursor, Instant since, boolean fromEnd) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Start start;
    private final EventFilter filter;
    private final BiConsumer<Envelope<Message>, EventCursor> sink;
    private final MessageSerde serde = MessageSerde.standard();
    private volatile boolean running = true;

    EventStream(KafkaSettings settings, List<String> topics, Start start, EventFilter filter, BiConsumer<Envelope<Message>, EventCursor> sink) {
        this.consumer = new KafkaConsumer<>(settings.assignedConsumer("event-stream"));
        this.topics = topics;
        this.start = start;
        this.filter = filter;
        this.sink = sink;
    }

    void run() {
        try {
            List<TopicPartition> all = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(p -> all.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(all);
            seekToStart(all);
            Map<TopicPartition, Long> next = new HashMap<>();
            all.forEach(tp -> next.put(tp, consumer.position(tp)));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    try {
                        Envelope<Message> e = serde.deserialize(r.value());
                        if (filter.accepts(e)) {
                            sink.accept(e, new EventCursor(next));
                        }
                    } catch (MalformedMessageException ex) {
                        LOG.warnf("event stream skips unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), ex.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closed by the client going away
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void seekToStart(List<TopicPartition> all) {
        if (start.cursor() != null) {
            List<TopicPartition> unknown = new ArrayList<>();
            for (TopicPartition tp : all) {
                Long offset = start.cursor().next().get(tp);
                if (offset == null) {
                    unknown.add(tp); // a partition newer than the cursor: everything in it is unseen
                } else {
                    consumer.seek(tp, offset);
                }
            }
            Seek.toBeginning(consumer, unknown);
        } else if (start.since() != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            all.forEach(tp -> times.put(tp, start.since().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
            List<TopicPartition> none = new ArrayList<>();
            for (TopicPartition tp : all) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    none.add(tp); // nothing at or after that time
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            Seek.toEnd(consumer, none);
        } else if (start.fromEnd()) {
            Seek.toEnd(consumer, all);
        } else {
            Seek.toBeginning(consumer, all);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
