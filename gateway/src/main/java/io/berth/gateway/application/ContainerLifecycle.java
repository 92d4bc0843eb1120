package io.berth.gateway.application;

import io.berth.contracts.container.ContainerCommand.KillContainer;
import io.berth.contracts.container.ContainerCommand.RemoveContainer;
import io.berth.contracts.container.ContainerCommand.RenameContainer;
import io.berth.contracts.container.ContainerCommand.StartContainer;
import io.berth.contracts.container.ContainerCommand.StopContainer;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerStartFailed;
import io.berth.contracts.container.ContainerEvent.ContainerStarted;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ContainerChanges;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.AmbiguousPrefixException;
import io.berth.gateway.projection.ContainersQuery.Container;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The docker verbs on an existing container, with dockerd's answers: each returns once the change is visible
 * (stop and rm once the container has exited or is gone, as dockerd does). {@code false} means "nothing to do",
 * which the API answers with 304. Blocking.
 */
@ApplicationScoped
public class ContainerLifecycle {
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final Set<String> KILLING = Set.of("KILL", "SIGKILL", "9");

    private final ContainerCommands commands;
    private final ContainersQuery containers;
    private final ContainerChanges changes;

    public ContainerLifecycle(ContainerCommands commands, ContainersQuery containers, ContainerChanges changes) {
        this.commands = commands;
        this.containers = containers;
        this.changes = changes;
    }

    /** The container the user named, or Docker's 404. */
    public Container require(String reference) {
        try {
            return ContainerCommands.read(() -> containers.resolve(reference))
                    .orElseThrow(() -> new DockerError(404, "No such container: " + reference));
        } catch (AmbiguousPrefixException e) {
            throw new DockerError(500, e.getMessage());
        }
    }

    /** {@code false} when it was running already. A process that could not run is dockerd's 400 (126, 127) or 500. */
    public boolean start(String reference) {
        Container c = require(reference);
        // The start's own event tells whether the process ran: a --rm container that exits at once may be gone
        // from the view before this request reads it again.
        CompletableFuture<ContainerEvent> outcome = new CompletableFuture<>();
        try (ContainerChanges.Listening ignored = changes.listen(c.id(), e -> {
            if (e instanceof ContainerStarted || e instanceof ContainerStartFailed) {
                outcome.complete(e);
            }
        })) {
            CommandAccepted accepted = commands.send(c.hostId(), new StartContainer(c.id()), START_DEADLINE, null);
            if (accepted.eventIds().isEmpty()) {
                return false;
            }
            if (outcome.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS) instanceof ContainerStartFailed f) {
                throw new DockerError(f.exitCode() == 126 || f.exitCode() == 127 ? 400 : 500, f.error());
            }
            return true;
        } catch (TimeoutException e) {
            throw new DockerError(504, "the host accepted the start of container " + c.shortId()
                    + " but its outcome did not arrive within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(500, "interrupted while starting container " + c.shortId());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // the future is only ever completed with an event
        }
    }

    /** {@code false} when it was not running. Returns once the process has exited. */
    public boolean stop(String reference, String signal, Integer timeoutSeconds) {
        Container c = require(reference);
        if (!c.running()) {
            return false;
        }
        CommandAccepted accepted = commands.send(c.hostId(), new StopContainer(c.id(), emptyToNull(signal), timeoutSeconds), DEADLINE, null);
        if (accepted.eventIds().isEmpty()) {
            return false;
        }
        int timeout = timeoutSeconds != null && timeoutSeconds >= 0 ? timeoutSeconds
                : c.config().stopTimeout() != null ? c.config().stopTimeout() : DEFAULT_STOP_TIMEOUT;
        awaitNotRunning(c.id(), Duration.ofSeconds(timeout).plus(DEADLINE));
        return true;
    }

    /** dockerd's kill: a killing signal returns once the process is gone; any other returns once it was sent. */
    public void kill(String reference, String signal) {
        Container c = require(reference);
        commands.send(c.hostId(), new KillContainer(c.id(), emptyToNull(signal)), DEADLINE, r -> r.code().equals("container.not-running")
                ? new DockerError(409, "Cannot kill container: " + reference + ": Container " + c.id() + " is not running") : null);
        if (signal == null || signal.isEmpty() || KILLING.contains(signal.toUpperCase())) {
            awaitNotRunning(c.id(), DEADLINE);
        }
    }

    public void restart(String reference, Integer timeoutSeconds) {
        stop(reference, null, timeoutSeconds);
        start(reference);
    }

    /** Returns once the container is gone from the view. */
    public void remove(String reference, boolean force) {
        Container c = require(reference);
        commands.send(c.hostId(), new RemoveContainer(c.id(), force), DEADLINE, r -> r.code().equals("container.running")
                ? new DockerError(409, "You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or force remove") : null);
        try {
            commands.awaitState(c.id(), Optional::isEmpty, DEADLINE);
        } catch (TimeoutException e) {
            throw new DockerError(504, "the host started removing container " + c.shortId() + " but did not finish within " + DEADLINE.toSeconds() + " s");
        }
    }

    public void rename(String reference, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw new DockerError(400, "Neither old nor new names may be empty");
        }
        String name = ContainerNames.validate(newName);
        Container c = require(reference);
        if (c.name().equals(name)) {
            throw new DockerError(400, "Renaming a container with the same name as its current name");
        }
        ContainerCommands.read(() -> containers.byName(name)).ifPresent(holder -> {
            throw new DockerError(409, "Error when allocating new name: " + ContainerNames.conflict(name, holder.id()).getMessage());
        });
        commands.send(c.hostId(), new RenameContainer(c.id(), name), DEADLINE, null);
    }

    private void awaitNotRunning(String id, Duration deadline) {
        try {
            commands.awaitState(id, now -> now.isEmpty() || !now.get().running(), deadline);
        } catch (TimeoutException e) {
            throw new DockerError(504, "container " + id.substring(0, 12) + " was signalled but did not exit within " + deadline.toSeconds() + " s");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
