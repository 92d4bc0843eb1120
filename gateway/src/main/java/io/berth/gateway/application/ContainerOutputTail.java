package io.berth.gateway.application;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.logs.LogMessage;
import io.berth.contracts.logs.LogMessage.LogBatch;
import io.berth.contracts.logs.LogMessage.RunEnded;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.Seek;
import io.berth.eventsourcing.serde.MalformedMessageException;
import io.berth.eventsourcing.serde.MessageSerde;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer of {@code berth.logs} shared by every attached client: it reads from the end of the topic and hands
 * each container's output to the clients following it. Started on the first follow, which returns only once the
 * consumer is positioned, so a client that follows before the container starts misses none of its output.
 */
@ApplicationScoped
public class ContainerOutputTail {
    private static final Logger LOG = Logger.getLogger(ContainerOutputTail.class);

    /** Receives one container's output; called on the tail's thread, so it must not block. */
    public interface Sink {
        void output(LogBatch batch);

        void ended(RunEnded end);
    }

    private final KafkaSettings settings;
    private final MessageSerde serde = MessageSerde.standard();
    private final Map<String, List<Follower>> followers = new ConcurrentHashMap<>();
    /** The highest run number seen per container: tells an old run's late output from the one a client waits for. */
    private final Map<String, Integer> lastRun = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    public ContainerOutputTail(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * Follows the output of the container's current run ({@code runningNow}) or of its next one. Blocks until the
     * shared consumer is positioned. Close the handle when the client goes away.
     */
    public AutoCloseable follow(String containerId, boolean runningNow, Sink sink) {
        startIfNeeded();
        Integer last = lastRun.get(containerId);
        int firstRun = last == null ? 0 : runningNow ? last : last + 1;
        Follower f = new Follower(firstRun, sink);
        followers.computeIfAbsent(containerId, k -> new CopyOnWriteArrayList<>()).add(f);
        return () -> followers.computeIfPresent(containerId, (k, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    private record Follower(int firstRun, Sink sink) {
    }

    private synchronized void startIfNeeded() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(settings.assignedConsumer("output-tail"));
            Thread t = new Thread(this::run, "container-output-tail");
            t.setDaemon(true);
            t.start();
        }
        try {
            if (!positioned.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not start reading " + Topics.LOGS + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting to read " + Topics.LOGS);
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOGS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Seek.toEnd(consumer, partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now, before anyone is told "positioned"
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(r);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "the output tail of %s stopped", Topics.LOGS);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        Envelope<Message> e;
        try {
            e = serde.deserialize(r.value());
        } catch (MalformedMessageException ex) {
            LOG.warnf("output tail skips unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), ex.getMessage());
            return;
        }
        if (!(e.payload() instanceof LogMessage m)) {
            return;
        }
        int run = m instanceof LogBatch b ? b.run() : m instanceof RunEnded end ? end.run() : -1;
        if (run >= 0) {
            lastRun.merge(m.containerId(), run, Math::max);
        }
        for (Follower f : followers.getOrDefault(m.containerId(), List.of())) {
            if (run < f.firstRun()) {
                continue;
            }
            try {
                if (m instanceof LogBatch b) {
                    f.sink().output(b);
                } else if (m instanceof RunEnded end) {
                    f.sink().ended(end);
                }
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "a follower of container %s failed", m.containerId());
            }
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
