package io.berth.eventsourcing.log;

import io.berth.eventsourcing.serde.MessageSerde;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jboss.logging.Logger;

/**
 * Appends envelopes in one Kafka transaction: all of them become visible to read_committed readers together, or
 * none does. A decision that yields several events, its outcome and the command's input offset are one unit.
 *
 * <p>One thread owns the producer because a producer runs one transaction at a time. The transactional id fences
 * an older instance of the same writer (e.g. a runtime-service that was restarted while the old one hangs).
 */
public final class TransactionalAppender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionalAppender.class);

    private final MessageSerde serde;
    private final ExecutorService thread;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean fenced;

    public TransactionalAppender(KafkaSettings settings, String transactionalId, MessageSerde serde) {
        this.serde = serde;
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "appender-" + transactionalId));
        this.producer = new KafkaProducer<>(settings.transactionalProducer(transactionalId));
        runOnThread(producer::initTransactions).join();
    }

    /** Completes once the transaction is committed; fails (with nothing visible) otherwise. */
    public CompletableFuture<Void> append(List<Outgoing> records, ConsumedOffsets input) {
        return runOnThread(() -> {
            if (fenced) {
                throw new IllegalStateException("this writer was fenced by a newer instance and can no longer append");
            }
            producer.beginTransaction();
            try {
                for (Outgoing o : records) {
                    producer.send(new ProducerRecord<>(o.topic(), o.key(), serde.serialize(o.envelope())));
                }
                if (input != null) {
                    producer.sendOffsetsToTransaction(input.offsets(), input.group());
                }
                producer.commitTransaction();
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
                fenced = true;
                throw fatal;
            } catch (KafkaException e) {
                LOG.warnf(e, "aborting a transaction of %d records", records.size());
                producer.abortTransaction();
                throw e;
            }
        });
    }

    private CompletableFuture<Void> runOnThread(Runnable r) {
        return CompletableFuture.runAsync(r, thread);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
