package io.berth.gateway.application;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.contracts.outcome.CommandOutcome.CommandRejected;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.HostId;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.reply.CommandBus;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ContainerChanges;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.berth.gateway.projection.ContainersViewBarrier;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Sends container commands to the runtime-service of the container's host and waits, blocking, for the host's
 * outcome. The containers view shows an accepted command's effect to every read that follows
 * ({@link ContainersViewBarrier}). For worker threads only.
 */
@ApplicationScoped
public class ContainerCommands {
    private final CommandBus bus;
    private final ContainersViewBarrier barrier;
    private final ContainersQuery containers;
    private final ContainerChanges changes;

    public ContainerCommands(CommandBus bus, ContainersViewBarrier barrier, ContainersQuery containers, ContainerChanges changes) {
        this.bus = bus;
        this.barrier = barrier;
        this.containers = containers;
        this.changes = changes;
    }

    /**
     * Sends {@code command} to {@code host}; a rejection becomes the Docker error {@code rejected} makes of it
     * (null: the generic mapping). Returns once the host accepted it; reads of the view from then on show its events.
     */
    public CommandAccepted send(String host, ContainerCommand command, Duration deadline, Function<CommandRejected, DockerError> rejected) {
        var envelope = Envelopes.command(AggregateType.CONTAINER, command.containerId(), "docker-api", host, command);
        CommandOutcome outcome = bus.send(Topics.runtimeCommands(new HostId(host)), envelope, deadline).await().indefinitely();
        if (outcome instanceof CommandRejected r) {
            DockerError e = rejected == null ? null : rejected.apply(r);
            throw e != null ? e : generic(r);
        }
        CommandAccepted accepted = (CommandAccepted) outcome;
        barrier.expect(command.containerId(), accepted.lastSequence());
        return accepted;
    }

    /** The status Docker would answer for a rejection, judged from its stable code. */
    static DockerError generic(CommandRejected r) {
        String code = r.code();
        int status = code.contains("unknown") || code.contains("not-found") ? 404
                : code.contains("running") || code.contains("removing") || code.contains("conflict") || code.contains("in-use") ? 409
                : code.contains("internal") || code.contains("failed") ? 500
                : 400;
        return new DockerError(status, r.reason());
    }

    /**
     * Blocks until the view's row for the container (empty once removed) satisfies {@code done}, reacting to each
     * new event as the view reads it. Returns the last state read; throws {@link TimeoutException} at the deadline.
     */
    public Optional<Container> awaitState(String containerId, Predicate<Optional<Container>> done, Duration deadline) throws TimeoutException {
        Semaphore changed = new Semaphore(0);
        long end = System.nanoTime() + deadline.toNanos();
        try (ContainerChanges.Listening ignored = changes.listen(containerId, e -> changed.release())) {
            while (true) {
                changed.drainPermits();
                Optional<Container> now = read(() -> containers.resolve(containerId));
                if (done.test(now)) {
                    return now;
                }
                long left = end - System.nanoTime();
                if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("container " + containerId + " did not reach the expected state within " + deadline.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(500, "interrupted while waiting for container " + containerId);
        }
    }

    /** A reactive read (Hibernate Reactive needs a Vert.x context), awaited from a worker thread. */
    public static <T> T read(Supplier<Uni<T>> query) {
        try {
            return VertxContextSupport.subscribeAndAwait(query);
        } catch (ContainersViewBarrier.ViewBehindException e) {
            throw new DockerError(504, e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new DockerError(500, "could not read the gateway's views: " + t);
        }
    }
}
