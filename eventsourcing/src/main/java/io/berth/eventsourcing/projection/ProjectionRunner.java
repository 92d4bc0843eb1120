package io.berth.eventsourcing.projection;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.Seek;
import io.berth.eventsourcing.serde.MalformedMessageException;
import io.berth.eventsourcing.serde.MessageSerde;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Feeds one {@link Projection} from its topics on a dedicated thread. Each poll's records are applied in one
 * database transaction together with the new topic offsets and per-aggregate sequences, so a crash at any point
 * replays exactly what was not committed. Offsets live in PostgreSQL, not in a consumer group: dropping the
 * projection's tables (or its database) makes the next start replay the log from offset 0.
 */
public final class ProjectionRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Projection projection;
    private final List<String> topics;
    private final String name;
    private final Mutiny.SessionFactory sessions;
    private final MessageSerde serde;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> rebuilds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> caughtUpWaiters = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PauseChange> pauseChanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SequenceWaiter> newSequenceWaiters = new ConcurrentLinkedQueue<>();
    private final List<SequenceWaiter> sequenceWaiters = new ArrayList<>();
    private final Map<String, Long> appliedSequences = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The checkpoint table's sequences as this runner wrote or read them, so a batch need not read them back.
     * Used only while the runner applies a batch; forgotten after a failure or a reset, as the tables may have changed.
     */
    private final Map<String, Long> storedSequences = new HashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile long lag = -1;
    private volatile String state = "starting";
    private volatile String lastError;

    public ProjectionRunner(Projection projection, List<String> topics, Mutiny.SessionFactory sessions, KafkaSettings settings, MessageSerde serde) {
        this(projection, projection.name(), topics, sessions, settings, serde);
    }

    /** A runner whose checkpoints are kept under {@code name} instead of the projection's own name (tests use this). */
    public ProjectionRunner(Projection projection, String name, List<String> topics, Mutiny.SessionFactory sessions, KafkaSettings settings, MessageSerde serde) {
        this.projection = projection;
        this.topics = List.copyOf(topics);
        this.name = name;
        this.sessions = sessions;
        this.serde = serde;
        this.consumer = new KafkaConsumer<>(settings.assignedConsumer("projection-" + name));
        this.thread = new Thread(this::run, "projection-" + name);
    }

    public ProjectionRunner start() {
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    public ProjectionStatus status() {
        return new ProjectionStatus(name, state, lag, applied.get(), skipped.get(), lastError);
    }

    /** Empties the read model and replays from offset 0; completes when the reset is committed. */
    public CompletableFuture<Void> rebuild() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        rebuilds.add(done);
        return done;
    }

    /** Completes once everything committed to the topics before this call has been applied. */
    public CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        caughtUpWaiters.add(done);
        return done;
    }

    /**
     * Completes once the read model reflects an aggregate up to {@code sequence}: read-your-writes for a caller that
     * just had a command accepted (its outcome names the last sequence) and is about to read this projection.
     */
    public CompletableFuture<Void> reached(String aggregateType, String aggregateId, long sequence) {
        SequenceWaiter w = new SequenceWaiter(aggregateType + "/" + aggregateId, aggregateType, aggregateId, sequence, new CompletableFuture<>());
        Long applied = appliedSequences.get(w.key());
        if (applied != null && applied >= sequence) {
            w.done().complete(null);
        } else {
            newSequenceWaiters.add(w);
            Long now = appliedSequences.get(w.key()); // applied between the check and the queueing: no poll to wait out
            if (now != null && now >= sequence) {
                w.done().complete(null);
            }
        }
        return w.done();
    }

    private record SequenceWaiter(String key, String aggregateType, String aggregateId, long sequence, CompletableFuture<Void> done) {
    }

    /**
     * Stops (or resumes) applying events; lag then grows as events arrive. Completes once the runner thread has
     * seen the change, so no batch that was already being polled is applied after a completed pause.
     */
    public CompletableFuture<Void> pause(boolean pause) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        pauseChanges.add(new PauseChange(pause, seen));
        return seen;
    }

    private record PauseChange(boolean pause, CompletableFuture<Void> seen) {
    }

    private void run() {
        try {
            List<TopicPartition> assignment = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(p -> assignment.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(assignment);
            seekToStoredOffsets(assignment);
            state = "running";
            while (running) {
                for (PauseChange change : drain(pauseChanges)) {
                    paused = change.pause();
                    change.seen().complete(null);
                }
                rebuildIfAsked(assignment);
                admitSequenceWaiters();
                List<CompletableFuture<Void>> waiters = drain(caughtUpWaiters);
                // Asking the broker for the end offsets is a round trip, so it is done only when someone waits to be
                // caught up (or while paused, when no fetch reports the lag); otherwise the last fetch tells the lag.
                Map<TopicPartition, Long> ends = waiters.isEmpty() && !paused ? null : consumer.endOffsets(assignment);
                if (paused) {
                    Thread.sleep(POLL.toMillis());
                } else if (!applyBatch(consumer.poll(POLL))) {
                    rewindAfterFailure(assignment);
                }
                completeSequenceWaiters();
                if (ends == null) {
                    lag = lagFromLastFetch(assignment, lag);
                    continue;
                }
                long behind = 0;
                for (TopicPartition tp : assignment) {
                    behind += Math.max(0, ends.get(tp) - consumer.position(tp));
                }
                lag = behind;
                if (behind == 0) {
                    waiters.forEach(w -> w.complete(null));
                } else {
                    caughtUpWaiters.addAll(waiters);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            state = "failed";
            lastError = e.toString();
            LOG.errorf(e, "projection %s stopped", name);
        } finally {
            consumer.close(Duration.ofSeconds(2));
            state = "stopped";
        }
    }

    /** The lag the brokers reported with the last fetch of every partition, or {@code previous} if one is unknown. */
    private long lagFromLastFetch(List<TopicPartition> assignment, long previous) {
        long behind = 0;
        for (TopicPartition tp : assignment) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isEmpty()) {
                return previous;
            }
            behind += l.getAsLong();
        }
        return behind;
    }

    /** Back to the last committed position, waiting out a database that is down or whose tables are being rebuilt. */
    private void rewindAfterFailure(List<TopicPartition> assignment) throws InterruptedException {
        storedSequences.clear();
        while (running) {
            Thread.sleep(RETRY_PAUSE.toMillis());
            try {
                seekToStoredOffsets(assignment);
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.warnf("projection %s cannot read its offsets yet: %s", name, e.getMessage());
            }
        }
    }

    private void seekToStoredOffsets(List<TopicPartition> assignment) {
        Map<TopicPartition, Long> stored = inTransaction(() -> sessions.withTransaction(s -> Checkpoints.loadOffsets(s, name)));
        List<TopicPartition> fromZero = new ArrayList<>();
        for (TopicPartition tp : assignment) {
            Long next = stored.get(tp);
            if (next == null) {
                fromZero.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        Seek.toBeginning(consumer, fromZero);
        if (stored.isEmpty()) {
            LOG.infof("projection %s has no stored offsets: replaying %s from the start", name, topics);
        }
    }

    private void rebuildIfAsked(List<TopicPartition> assignment) {
        List<CompletableFuture<Void>> asked = drain(rebuilds);
        if (asked.isEmpty()) {
            return;
        }
        try {
            inTransaction(() -> sessions.withTransaction(s -> projection.reset(s).chain(() -> Checkpoints.clear(s, name))));
            appliedSequences.clear();
            storedSequences.clear();
            Seek.toBeginning(consumer, assignment);
            LOG.infof("projection %s reset: replaying %s from the start", name, topics);
            asked.forEach(f -> f.complete(null));
        } catch (RuntimeException e) {
            asked.forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Applies one poll's records in one transaction; false if it rolled back. */
    private boolean applyBatch(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        List<Envelope<Message>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            try {
                events.add(serde.deserialize(r.value()));
            } catch (MalformedMessageException e) {
                skipped.incrementAndGet();
                LOG.errorf("projection %s skips unreadable record %s-%d@%d: %s", name, r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        try {
            Map<String, Long> sequences = new HashMap<>();
            Map<String, Checkpoints.Sequence> appliedNow = new HashMap<>();
            long n = inTransaction(() -> sessions.withTransaction(s -> applyAll(s, events, sequences, appliedNow)
                    .call(() -> Checkpoints.save(s, name, List.copyOf(appliedNow.values()), next))));
            storedSequences.putAll(sequences);
            sequences.forEach((key, sequence) -> appliedSequences.merge(key, sequence, Math::max));
            applied.addAndGet(n);
            skipped.addAndGet(events.size() - n);
            state = "running";
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            state = "retrying";
            lastError = e.toString();
            LOG.errorf(e, "projection %s could not apply %d events; retrying", name, events.size());
            return false;
        }
    }

    /** A new waiter whose sequence was applied before this process started is answered from the checkpoint table. */
    private void admitSequenceWaiters() {
        for (SequenceWaiter w : drain(newSequenceWaiters)) {
            if (!appliedSequences.containsKey(w.key())) {
                long stored = inTransaction(() -> sessions.withSession(s -> Checkpoints.lastSequence(s, name, w.aggregateType(), w.aggregateId())));
                appliedSequences.merge(w.key(), stored, Math::max);
            }
            sequenceWaiters.add(w);
        }
        completeSequenceWaiters();
    }

    private void completeSequenceWaiters() {
        sequenceWaiters.removeIf(w -> {
            Long applied = appliedSequences.get(w.key());
            boolean reached = applied != null && applied >= w.sequence();
            if (reached) {
                w.done().complete(null);
            }
            return reached || w.done().isDone();
        });
    }

    /**
     * Applies the events in order; {@code last} ends up holding every touched aggregate's sequence and {@code appliedNow}
     * the last sequence applied to each aggregate, which the batch's checkpoint then stores. The sequence an aggregate
     * had before the batch comes from memory when this runner wrote or read it since its last failure, from the
     * checkpoint table otherwise.
     */
    private Uni<Long> applyAll(Mutiny.Session s, List<Envelope<Message>> events, Map<String, Long> last,
                               Map<String, Checkpoints.Sequence> appliedNow) {
        Uni<Long> chain = Uni.createFrom().item(0L);
        for (Envelope<Message> e : events) {
            chain = chain.chain(count -> applyOne(s, e, last, appliedNow).map(appliedIt -> appliedIt ? count + 1 : count));
        }
        return chain;
    }

    private Uni<Boolean> applyOne(Mutiny.Session s, Envelope<Message> e, Map<String, Long> last,
                                  Map<String, Checkpoints.Sequence> appliedNow) {
        String type = e.aggregateType().wire();
        String key = type + "/" + e.aggregateId();
        return lastSequence(s, type, e.aggregateId(), key, last).chain(before -> {
            if (e.sequence() <= before) {
                return Uni.createFrom().item(false); // a duplicate or an older event: already reflected
            }
            if (e.sequence() != before + 1) {
                LOG.warnf("projection %s: %s %s jumps from sequence %d to %d", name, type, e.aggregateId(), before, e.sequence());
            }
            return projection.apply(s, e).invoke(() -> {
                last.put(key, e.sequence());
                appliedNow.put(key, new Checkpoints.Sequence(type, e.aggregateId(), e.sequence()));
            }).replaceWith(true);
        });
    }

    private Uni<Long> lastSequence(Mutiny.Session s, String type, String aggregateId, String key, Map<String, Long> inBatch) {
        Long known = inBatch.containsKey(key) ? inBatch.get(key) : storedSequences.get(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Checkpoints.lastSequence(s, name, type, aggregateId).invoke(v -> inBatch.put(key, v));
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static <T> List<T> drain(ConcurrentLinkedQueue<T> q) {
        List<T> out = new ArrayList<>();
        for (T t; (t = q.poll()) != null; ) {
            out.add(t);
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
