package io.berth.eventsourcing.command;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.eventsourcing.log.ConsumedOffsets;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MalformedMessageException;
import io.berth.eventsourcing.serde.MessageSerde;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Feeds a command topic to the repositories that own its aggregates: consume a command, decide, append events,
 * outcome and the command's offset in one transaction. A crash before the commit redelivers the command, and the
 * repository recognises its id, so a command takes effect exactly once.
 */
public final class CommandConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final String topic;
    private final MessageSerde serde;
    private final Map<AggregateType, CommandHandler<?>> owners;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public CommandConsumer(KafkaSettings settings, String topic, String group, MessageSerde serde,
                           Map<AggregateType, ? extends CommandHandler<?>> owners) {
        this.topic = topic;
        this.serde = serde;
        this.owners = Map.copyOf(owners);
        this.consumer = new KafkaConsumer<>(settings.groupConsumer(group));
        this.thread = new Thread(this::run, "command-consumer-" + topic);
    }

    public CommandConsumer start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    owners.values().forEach(CommandHandler::forgetAll);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("handling commands from %s", partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!handle(r)) {
                        // Nothing of this command became visible: read it again after a pause.
                        consumer.seek(new TopicPartition(r.topic(), r.partition()), r.offset());
                        Thread.sleep(RETRY_PAUSE.toMillis());
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "command consumer for %s stopped", topic);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        ConsumedOffsets input = new ConsumedOffsets(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)), consumer.groupMetadata());
        Envelope<Message> command;
        try {
            command = serde.deserialize(r.value());
        } catch (MalformedMessageException e) {
            // Nobody can be answered for bytes we cannot read: log with the position and move on.
            LOG.errorf("skipping unreadable command at %s offset %d: %s", tp, r.offset(), e.getMessage());
            consumer.commitSync(input.offsets());
            return true;
        }
        CommandHandler owner = owners.get(command.aggregateType());
        if (owner == null) {
            LOG.errorf("no owner here for %s commands (%s at %s offset %d)", command.aggregateType().wire(), command.type(), tp, r.offset());
            consumer.commitSync(input.offsets());
            return true;
        }
        try {
            owner.handle(command, input).join();
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling %s %s failed; it will be retried", command.type(), command.id());
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
