package io.berth.eventsourcing.reply;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.Seek;
import io.berth.eventsourcing.serde.MalformedMessageException;
import io.berth.eventsourcing.serde.MessageSerde;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Request/reply over Kafka: send a command to its owner's topic and complete when the owner's outcome for that
 * command id arrives on {@link Topics#COMMAND_OUTCOMES}, or fail with {@link NoReplyException} at the deadline.
 * The outcome listener starts reading at the end of the topic before the first command is sent, so no reply
 * can slip past it.
 */
@ApplicationScoped
public class CommandBus {
    private static final Logger LOG = Logger.getLogger(CommandBus.class);

    private final KafkaSettings settings;
    private final MessageSerde serde = MessageSerde.standard();
    private final Map<String, CompletableFuture<CommandOutcome>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> outcomes;
    private volatile Thread listener;
    private volatile boolean running = true;

    public CommandBus(KafkaSettings settings) {
        this.settings = settings;
    }

    public Uni<CommandOutcome> send(String topic, Envelope<? extends Command> command, Duration deadline) {
        return Uni.createFrom().completionStage(() -> {
            startIfNeeded();
            CompletableFuture<CommandOutcome> reply = new CompletableFuture<>();
            pending.put(command.id(), reply);
            producer.send(new ProducerRecord<>(topic, Topics.key(command), serde.serialize(command)), (meta, error) -> {
                if (error != null) {
                    reply.completeExceptionally(new IllegalStateException("could not send " + command.type() + " to " + topic + ": " + error.getMessage(), error));
                }
            });
            return reply.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                            e instanceof java.util.concurrent.TimeoutException
                                    ? new NoReplyException("no reply to " + command.type() + " for " + command.aggregateType().wire() + " "
                                    + command.aggregateId() + " from " + topic + " within " + deadline.toMillis() + " ms")
                                    : e))
                    .whenComplete((o, e) -> pending.remove(command.id()));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // the first send may wait for the listener
    }

    private synchronized void startIfNeeded() {
        if (listener != null) {
            awaitListening();
            return;
        }
        Map<String, Object> config = new HashMap<>(settings.producer());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0); // one command at a time, and a caller waiting for it
        producer = new KafkaProducer<>(config);
        outcomes = new KafkaConsumer<>(settings.assignedConsumer("outcomes"));
        listener = new Thread(this::listen, "command-outcomes");
        listener.setDaemon(true);
        listener.start();
        awaitListening();
    }

    private void awaitListening() {
        try {
            if (!listening.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not start reading " + Topics.COMMAND_OUTCOMES + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the outcome listener");
        }
    }

    private void listen() {
        try {
            List<TopicPartition> partitions = outcomes.partitionsFor(Topics.COMMAND_OUTCOMES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            outcomes.assign(partitions);
            Seek.toEnd(outcomes, partitions);
            partitions.forEach(outcomes::position); // resolve the end offsets now, before anyone sends
            listening.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : outcomes.poll(Duration.ofMillis(500))) {
                    complete(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the outcome listener stopped");
        } finally {
            outcomes.close(Duration.ofSeconds(2));
        }
    }

    private void complete(ConsumerRecord<String, byte[]> r) {
        try {
            Envelope<Message> e = serde.deserialize(r.value());
            if (e.payload() instanceof CommandOutcome outcome) {
                CompletableFuture<CommandOutcome> waiting = pending.get(outcome.commandId());
                if (waiting != null) {
                    waiting.complete(outcome);
                }
            }
        } catch (MalformedMessageException ex) {
            LOG.warnf("unreadable record on %s offset %d: %s", r.topic(), r.offset(), ex.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (outcomes != null) {
            outcomes.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
