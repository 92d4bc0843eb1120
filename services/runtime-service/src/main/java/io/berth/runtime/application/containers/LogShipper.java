package io.berth.runtime.application.containers;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.logs.LogMessage;
import io.berth.contracts.logs.LogMessage.LogBatch;
import io.berth.contracts.logs.LogMessage.LogEntry;
import io.berth.contracts.logs.LogMessage.OutputDropped;
import io.berth.contracts.logs.LogMessage.RunEnded;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.adapters.shim.Bundle;
import io.berth.runtime.adapters.shim.LogFrame;
import io.berth.runtime.adapters.shim.LogReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Ships what the monitors capture ({@code <bundle>/log}) to {@code berth.logs}, so the containers never wait on
 * Kafka: the monitor writes to a file, this thread tails it. The offset acknowledged by the broker is kept in
 * {@code <bundle>/log.shipped}, so a restarted runtime-service continues where it stopped (a batch may be sent twice
 * after a crash; {@link LogBatch#captureOffset()} lets consumers drop it).
 */
public final class LogShipper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogShipper.class);
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final long POLL_MILLIS = 10;
    private static final String SHIPPED = "log.shipped";

    private final String hostId;
    private final MessageSerde serde;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "log-shipper"));
    private final Map<String, Tail> tails = new ConcurrentHashMap<>();

    public LogShipper(KafkaSettings kafka, String hostId, MessageSerde serde) {
        this.hostId = hostId;
        this.serde = serde;
        this.producer = new KafkaProducer<>(kafka.producer());
        thread.scheduleWithFixedDelay(this::shipAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts (or, after a restart, resumes) shipping a container's output for run number {@code run}. */
    public void follow(String containerId, Bundle bundle, int run) {
        thread.execute(() -> tails.computeIfAbsent(containerId, id -> new Tail(id, bundle, run, readShipped(bundle))));
    }

    /**
     * The run ended: ship everything the monitor wrote (it drained the pipes before writing the exit), then
     * {@link RunEnded}; the future completes once the broker has both (an attached client closes on RunEnded), so the
     * caller can do other work meanwhile.
     */
    public Future<?> endRunAsync(String containerId, int exitCode) {
        return thread.submit(() -> {
            Tail tail = tails.remove(containerId);
            if (tail != null) {
                while (tail.ship() > 0) {
                    // until the file is exhausted
                }
                send(containerId, new RunEnded(containerId, hostId, tail.run, exitCode), null);
                producer.flush();
                tail.saveShipped();
            }
            return null;
        });
    }

    /** Waits (bounded) for {@link #endRunAsync}: afterwards the broker has the run's output and its end. */
    public void awaitRunEnded(String containerId, Future<?> ended) {
        try {
            ended.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("could not finish shipping the output of %s: %s", containerId, e);
        }
    }

    /** Stop following without ending the run (the container goes on; a later runtime-service resumes). */
    public void forget(String containerId) {
        thread.execute(() -> {
            Tail t = tails.remove(containerId);
            if (t != null) {
                t.saveShipped();
            }
        });
    }

    private void shipAll() {
        for (Tail t : tails.values()) {
            try {
                t.ship();
                t.reportDrops();
                t.saveShipped();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("shipping the output of %s failed (will retry): %s", t.containerId, e.toString());
            }
        }
    }

    private void send(String containerId, LogMessage message, Runnable onAck) {
        Envelope<LogMessage> e = Envelopes.notice(AggregateType.CONTAINER, containerId, "runtime-service", hostId, message);
        producer.send(new ProducerRecord<>(Topics.LOGS, containerId, serde.serialize(e)), (meta, error) -> {
            if (error != null) {
                LOG.warnf("log record for %s not stored: %s", containerId, error.toString());
            } else if (onAck != null) {
                onAck.run();
            }
        });
    }

    private static long readShipped(Bundle bundle) {
        try {
            Path f = bundle.dir().resolve(SHIPPED);
            return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tails.values().forEach(Tail::saveShipped);
        producer.close(java.time.Duration.ofSeconds(5));
    }

    private final class Tail {
        final String containerId;
        final Bundle bundle;
        final int run;
        final LogReader reader;
        final AtomicLong acked;
        long saved;
        long dropsReported;

        Tail(String containerId, Bundle bundle, int run, long from) {
            this.containerId = containerId;
            this.bundle = bundle;
            this.run = run;
            this.reader = bundle.logs(from);
            this.acked = new AtomicLong(from);
            this.saved = from;
        }

        /** Sends the next batch of complete frames; returns how many frames it sent. */
        int ship() throws IOException {
            List<LogFrame> frames = reader.read(MAX_BATCH_BYTES);
            if (frames.isEmpty()) {
                return 0;
            }
            List<LogEntry> entries = new ArrayList<>(frames.size());
            for (LogFrame f : frames) {
                entries.add(new LogEntry(f.stream().name().toLowerCase(java.util.Locale.ROOT), f.time(), f.data()));
            }
            long offset = reader.offset();
            send(containerId, new LogBatch(containerId, hostId, run, offset, entries), () -> acked.accumulateAndGet(offset, Math::max));
            return frames.size();
        }

        void reportDrops() throws IOException {
            long drops = bundle.logDrops();
            if (drops > dropsReported) {
                send(containerId, new OutputDropped(containerId, hostId, run, drops - dropsReported), null);
                dropsReported = drops;
            }
        }

        void saveShipped() {
            long now = acked.get();
            if (now == saved) {
                return;
            }
            try {
                Path tmp = bundle.dir().resolve(SHIPPED + ".tmp");
                Files.writeString(tmp, Long.toString(now), StandardCharsets.UTF_8);
                Files.move(tmp, bundle.dir().resolve(SHIPPED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                saved = now;
            } catch (IOException e) {
                LOG.debugf("could not save the shipped offset of %s: %s", containerId, e);
            }
        }
    }
}
