package io.berth.image.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.registry.RepositoryCommand;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.domain.RepositoryDecider;
import io.berth.image.domain.RepositoryState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The registry's repositories: the write side (one {@link AggregateRepository} of {@link RepositoryDecider}, transactional
 * id {@code berth-image-registry}) and an in-memory {@link RepositoryIndex} for reads.
 *
 * <p>Consistency: the index is filled at start by one replay of the repository events on {@code berth.image.events}
 * (every partition, up to the end offsets at start) and then by the events this process appends, folded in commit order
 * before the caller's HTTP response is sent. So a client reads its own push at once. This holds because image-service
 * is the only writer of repository aggregates and runs as a <em>single instance</em>: a second instance would fence the
 * first one's appends (same transactional id) and would not see its writes in its index. Commands are local only (no
 * command topic).
 *
 * <p>Writes are group-committed: the commands that queue up while one transaction commits are decided one after the
 * other and appended together in the next one, so concurrent uploads (a client pushes several layers at once) share a
 * commit's cost instead of waiting in line for one each. A repository the index has never seen has no history, so
 * its first command does not read the events topic back.
 */
@ApplicationScoped
public class RegistryRepositories {
    private static final Logger LOG = Logger.getLogger(RegistryRepositories.class);
    private static final String TRANSACTIONAL_ID = "berth-image-registry";
    private static final long READY_TIMEOUT_SECONDS = 90;

    private final KafkaSettings kafka;
    private final RepositoryIndex index = new RepositoryIndex();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Commands waiting for the next group commit. */
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    /** Runs the group commits, and applies each one's events to the index in the order the decisions were made. */
    private final ExecutorService writes = Executors.newSingleThreadExecutor(r -> new Thread(r, "registry-writes"));
    private TransactionalAppender appender;
    private AggregateRepository<RepositoryCommand, RepositoryEvent, RepositoryState> repositories;

    public RegistryRepositories(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent ev) {
        try {
            MessageSerde serde = MessageSerde.standard();
            appender = new TransactionalAppender(kafka, TRANSACTIONAL_ID, serde);
            repositories = new AggregateRepository<>(new RepositoryDecider(), RepositoryEvent.class, appender,
                    new AggregateStreamReader(kafka, serde));
            long folded = RepositoryEventReplay.replay(kafka, serde, index::apply);
            LOG.infof("registry index ready: %d repository events replayed", folded);
            ready.complete(null);
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            throw e;
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        writes.shutdown();
        if (repositories != null) {
            repositories.close();
        }
        if (appender != null) {
            appender.close();
        }
    }

    /**
     * Decides and appends one command; completes after its events (if any) are committed and in the index. Blocks:
     * call it off the event loop.
     */
    public CommandOutcome submit(RepositoryCommand command, String actor) {
        awaitReady();
        Envelope<RepositoryCommand> envelope = Envelopes.command(AggregateType.REPOSITORY, command.repository(), actor, null, command);
        Pending queued = new Pending(envelope, new CompletableFuture<>());
        pending.add(queued);
        writes.execute(this::commitQueued);
        return queued.outcome().join();
    }

    /** One group commit: every command queued so far (none if an earlier run took them), in one transaction. */
    private void commitQueued() {
        List<Pending> batch = new ArrayList<>();
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            for (Pending p : batch) {
                if (!index.knows(p.command().aggregateId())) {
                    repositories.assumeNew(p.command().aggregateId());
                }
            }
            List<AggregateRepository.Handled<RepositoryEvent>> handled =
                    repositories.handleAll(batch.stream().map(Pending::command).toList()).join();
            for (int i = 0; i < batch.size(); i++) {
                handled.get(i).events().forEach(index::apply);
                batch.get(i).outcome().complete(handled.get(i).outcome());
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.outcome().completeExceptionally(e)); // nothing of the batch was recorded
        }
    }

    private record Pending(Envelope<RepositoryCommand> command, CompletableFuture<CommandOutcome> outcome) {
    }

    /** The repository as of the last committed write (empty if it never held anything). */
    public RepositoryState state(String repository) {
        awaitReady();
        return index.state(repository);
    }

    /** Names of non-empty repositories after {@code last} (exclusive; null for the first page), at most {@code limit}. */
    public List<String> names(String last, int limit) {
        awaitReady();
        return index.names(last, limit);
    }

    private void awaitReady() {
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the registry index is not ready after " + READY_TIMEOUT_SECONDS + " s (replaying berth.image.events)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the registry index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the registry index could not be built: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
