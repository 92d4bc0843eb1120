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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
@ApplicationScoped
public class RegistryRepositories {
    private static final Logger LOG = Logger.getLogger(RegistryRepositories.class);
    private static final String TRANSACTIONAL_ID = "berth-image-registry";
    private static final long READY_TIMEOUT_SECONDS = 90;

    private final KafkaSettings kafka;
    private final RepositoryIndex index = new RepositoryIndex();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Applies each decision's events to the index in the order the decisions were made. */
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
        return CompletableFuture.supplyAsync(() -> {
            AggregateRepository.Handled<RepositoryEvent> handled = repositories.handle(envelope, null).join();
            handled.events().forEach(index::apply);
            return handled.outcome();
        }, writes).join();
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
