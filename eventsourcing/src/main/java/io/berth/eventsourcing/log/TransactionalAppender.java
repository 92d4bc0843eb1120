package io.berth.eventsourcing.log;

import io.berth.eventsourcing.serde.MessageSerde;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
    /** How long a transaction {@link #open} began may wait for its records: well inside the broker's timeout. */
    private static final Duration OPEN_LIMIT = Duration.ofSeconds(20);

    private final MessageSerde serde;
    private final ScheduledThreadPoolExecutor thread;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean fenced;
    /** The input whose transaction {@link #open} began and whose offsets it sent; only touched on the thread. */
    private ConsumedOffsets opened;

    public TransactionalAppender(KafkaSettings settings, String transactionalId, MessageSerde serde) {
        this.serde = serde;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "appender-" + transactionalId));
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.producer = new KafkaProducer<>(settings.transactionalProducer(transactionalId));
        runOnThread(producer::initTransactions).join();
    }

    /**
     * Begins the transaction that will record what {@code input}'s command did and sends the command's offsets now,
     * while the caller is still acting on the machine (sending them is a round trip to the broker of a few ms).
     * The next {@link #append} with the same {@code input} commits that transaction; any other append aborts it
     * first, so nothing of it becomes visible unless its own records are committed with it. Best effort: on failure
     * the append sends the offsets itself, as it does when the records take longer than {@link #OPEN_LIMIT} (the
     * transaction is then aborted, long before the broker's own timeout would fence this writer).
     */
    public void open(ConsumedOffsets input) {
        runOnThread(() -> {
            if (fenced) {
                return;
            }
            abortOpened();
            producer.beginTransaction();
            try {
                producer.sendOffsetsToTransaction(input.offsets(), input.group());
                opened = input;
                thread.schedule(() -> {
                    if (opened == input) {
                        LOG.warnf("a command's records did not follow its offsets within %d s; they will go together",
                                OPEN_LIMIT.toSeconds());
                        abortOpened();
                    }
                }, OPEN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
                fenced = true;
            } catch (KafkaException e) {
                LOG.warnf(e, "could not send a command's offsets ahead of its records; they go with them");
                producer.abortTransaction();
            }
        });
    }

    /** Completes once the transaction is committed; fails (with nothing visible) otherwise. */
    public CompletableFuture<Void> append(List<Outgoing> records, ConsumedOffsets input) {
        return runOnThread(() -> {
            if (fenced) {
                throw new IllegalStateException("this writer was fenced by a newer instance and can no longer append");
            }
            boolean offsetsSent = input != null && input == opened;
            if (offsetsSent) {
                opened = null;
            } else {
                abortOpened();
                producer.beginTransaction();
            }
            try {
                for (Outgoing o : records) {
                    producer.send(new ProducerRecord<>(o.topic(), o.key(), serde.serialize(o.envelope())));
                }
                if (input != null && !offsetsSent) {
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

    /** A transaction {@link #open} began for a command whose records went another way (or never came). */
    private void abortOpened() {
        if (opened == null) {
            return;
        }
        opened = null;
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            fenced = true;
            throw fatal;
        }
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
        producer.close(Duration.ofSeconds(2));
    }
}
