package io.berth.runtime.domain;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerCommand.KillContainer;
import io.berth.contracts.container.ContainerCommand.RecordExit;
import io.berth.contracts.container.ContainerCommand.RecordRemoval;
import io.berth.contracts.container.ContainerCommand.RecordStart;
import io.berth.contracts.container.ContainerCommand.RecordStartFailure;
import io.berth.contracts.container.ContainerCommand.RemoveContainer;
import io.berth.contracts.container.ContainerCommand.RenameContainer;
import io.berth.contracts.container.ContainerCommand.StartContainer;
import io.berth.contracts.container.ContainerCommand.StopContainer;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerCreated;
import io.berth.contracts.container.ContainerEvent.ContainerExited;
import io.berth.contracts.container.ContainerEvent.ContainerRemovalStarted;
import io.berth.contracts.container.ContainerEvent.ContainerRemoved;
import io.berth.contracts.container.ContainerEvent.ContainerRenamed;
import io.berth.contracts.container.ContainerEvent.ContainerRestartDeclined;
import io.berth.contracts.container.ContainerEvent.ContainerRestartScheduled;
import io.berth.contracts.container.ContainerEvent.ContainerStartFailed;
import io.berth.contracts.container.ContainerEvent.ContainerStarted;
import io.berth.contracts.container.ContainerEvent.ContainerStopRequested;
import io.berth.contracts.envelope.AggregateType;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Rejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The container aggregate: its lifecycle as an explicit state machine.
 *
 * <pre>
 *   (none) --create--> created --start--> running --exit--> exited --start--> running
 *                         |  start failed: stays created     |  policy: restarting --restart--> running
 *                         +--- rm ---> removing --removal--> removed        (rm -f kills first)
 * </pre>
 *
 * The side effects (launching, signalling, unmounting) are the host agent's. {@code stop} and {@code kill} are
 * decided here first (recording a manual stop), then the agent signals; a start is launched first (after
 * {@link #requireStartable}) and what happened comes back as {@code RecordStart}/{@code RecordStartFailure}; exits
 * and removals come back as {@code RecordExit}/{@code RecordRemoval}. Signals arrive in canonical form
 * ({@code SIGKILL}). Illegal transitions are typed rejections with Docker's wording.
 */
public final class ContainerDecider implements Decider<ContainerCommand, ContainerEvent, ContainerState> {
    private final Clock clock;

    public ContainerDecider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AggregateType aggregateType() {
        return AggregateType.CONTAINER;
    }

    @Override
    public String aggregateId(ContainerCommand command) {
        return command.containerId();
    }

    @Override
    public ContainerState initialState() {
        return ContainerState.NONE;
    }

    @Override
    public List<ContainerEvent> decide(ContainerCommand command, ContainerState state) {
        if (command instanceof CreateContainer c) {
            if (state.status() != ContainerStatus.NONE) {
                throw new Rejection("container.exists", "container " + c.containerId() + " already exists");
            }
            return List.of(new ContainerCreated(c.containerId(), c.hostId(), c.name(), c.config(), c.hostSettings(),
                    clock.instant()));
        }
        if (command instanceof RecordStart s) {
            if (state.status() == ContainerStatus.RUNNING) {
                return List.of();
            }
            if (s.restart()) {
                if (state.status() != ContainerStatus.RESTARTING) {
                    throw new Rejection("container.restart-cancelled", "restart of " + s.containerId()
                            + " was cancelled: the container is " + state.status().docker());
                }
            } else {
                requireStartable(state, s.containerId());
            }
            int count = s.restart() ? state.restartCount() + 1 : 0;
            return List.of(new ContainerStarted(s.containerId(), s.pid(), s.startedAt(), s.ports(), count));
        }
        if (command instanceof RecordStartFailure f) {
            requireExists(state, f.containerId());
            return List.of(new ContainerStartFailed(f.containerId(), f.exitCode(), f.error()));
        }
        if (command instanceof StopContainer s) {
            requireExists(state, s.containerId());
            boolean stoppable = state.processRunning() || state.status() == ContainerStatus.RESTARTING;
            return stoppable
                    ? List.of(new ContainerStopRequested(s.containerId(), stopSignal(s, state), stopTimeout(s, state)))
                    : List.of();
        }
        if (command instanceof KillContainer k) {
            requireRunning(state, k.containerId());
            // Docker: SIGKILL, or the container's own stop signal, is a manual stop (no restart follows).
            boolean stopping = k.signal().equals("SIGKILL") || k.signal().equals(stopSignal(state));
            return stopping ? List.of(new ContainerStopRequested(k.containerId(), k.signal(), 0)) : List.of();
        }
        if (command instanceof RecordExit x) {
            if (!state.processRunning()) {
                return List.of(); // the exit was recorded already (a re-attach may see it twice)
            }
            return exitAndRestartDecision(x, state);
        }
        if (command instanceof RemoveContainer r) {
            requireExists(state, r.containerId());
            if (state.status() == ContainerStatus.REMOVING) {
                return List.of();
            }
            if ((state.processRunning() || state.status() == ContainerStatus.RESTARTING) && !r.force()) {
                throw new Rejection("container.running", "You cannot remove a running container " + r.containerId()
                        + ". Stop the container before attempting removal or force remove");
            }
            return List.of(new ContainerRemovalStarted(r.containerId()));
        }
        if (command instanceof RecordRemoval r) {
            if (state.status() == ContainerStatus.REMOVED) {
                return List.of();
            }
            if (state.status() != ContainerStatus.REMOVING) {
                throw new Rejection("container.not-removing", "container " + r.containerId() + " is "
                        + state.status().docker() + ", not being removed");
            }
            return List.of(new ContainerRemoved(r.containerId()));
        }
        if (command instanceof RenameContainer r) {
            requireExists(state, r.containerId());
            return r.newName().equals(state.name()) ? List.of()
                    : List.of(new ContainerRenamed(r.containerId(), state.name(), r.newName()));
        }
        if (command instanceof StartContainer) {
            // The host agent launches first and answers with RecordStart or RecordStartFailure; see the class comment.
            throw new IllegalArgumentException(command.getClass().getSimpleName() + " is handled by the host agent");
        }
        throw new IllegalArgumentException("unknown container command " + command);
    }

    private static List<ContainerEvent> exitAndRestartDecision(RecordExit x, ContainerState state) {
        List<ContainerEvent> events = new ArrayList<>();
        events.add(new ContainerExited(x.containerId(), x.exitCode(), x.oomKilled(), x.finishedAt()));
        if (state.status() == ContainerStatus.REMOVING) {
            return events;
        }
        if (state.hostSettings().autoRemove()) {
            return events; // --rm: the agent removes it; Docker refuses --rm together with a restart policy
        }
        RestartDecision d = RestartDecision.decide(state.hostSettings().restartPolicy(), x.exitCode(),
                state.manuallyStopped(), state.restartCount(), state.lastBackoffMillis(), state.startedAt(), x.finishedAt());
        if (d.restart()) {
            events.add(new ContainerRestartScheduled(x.containerId(), state.restartCount() + 1, d.delayMillis(), d.reason()));
        } else if (!state.hostSettings().restartPolicy().name().equals("no")) {
            events.add(new ContainerRestartDeclined(x.containerId(), d.reason()));
        }
        return events;
    }

    /** The signal {@code docker stop} sends: the request's, else the image's STOPSIGNAL, else SIGTERM (canonical names). */
    static String stopSignal(StopContainer s, ContainerState state) {
        return s.signal() != null && !s.signal().isEmpty() ? s.signal() : stopSignal(state);
    }

    static String stopSignal(ContainerState state) {
        String configured = state.config() == null ? null : state.config().stopSignal();
        return configured != null && !configured.isEmpty() ? configured : "SIGTERM";
    }

    static int stopTimeout(StopContainer s, ContainerState state) {
        if (s.timeoutSeconds() != null) {
            return s.timeoutSeconds();
        }
        Integer configured = state.config() == null ? null : state.config().stopTimeout();
        return configured != null ? configured : 10;
    }

    /** {@code docker start} is allowed on a created or exited container (and is a no-op on a running one). */
    public static void requireStartable(ContainerState state, String containerId) {
        requireExists(state, containerId);
        if (state.status() == ContainerStatus.REMOVING) {
            throw new Rejection("container.removing", "cannot start container " + containerId
                    + ": container is marked for removal and cannot be started");
        }
    }

    /** {@code docker kill} needs a running process: Docker's 409 otherwise. */
    public static void requireRunning(ContainerState state, String containerId) {
        requireExists(state, containerId);
        if (!state.processRunning()) {
            throw new Rejection("container.not-running", "Cannot kill container: " + containerId + ": Container "
                    + containerId + " is not running");
        }
    }

    public static void requireExists(ContainerState state, String containerId) {
        if (!state.exists()) {
            throw new Rejection("container.unknown", "No such container: " + containerId);
        }
    }

    @Override
    public ContainerState evolve(ContainerState state, ContainerEvent event) {
        if (event instanceof ContainerCreated c) {
            return new ContainerState(ContainerStatus.CREATED, c.containerId(), c.hostId(), c.name(), c.config(),
                    c.hostSettings(), 0, List.of(), null, null, 0, "", false, 0, false, 0);
        }
        if (event instanceof ContainerStarted s) {
            return state.started(s.pid(), s.ports(), s.startedAt(), s.restartCount());
        }
        if (event instanceof ContainerStartFailed f) {
            return state.startFailed(f.exitCode(), f.error());
        }
        if (event instanceof ContainerStopRequested) {
            return state.stopRequested();
        }
        if (event instanceof ContainerExited x) {
            return state.exited(x.exitCode(), x.oomKilled(), x.finishedAt());
        }
        if (event instanceof ContainerRestartScheduled r) {
            return state.restartScheduled(r.delayMillis());
        }
        if (event instanceof ContainerRenamed r) {
            return state.withName(r.newName());
        }
        if (event instanceof ContainerRemovalStarted) {
            return state.withStatus(ContainerStatus.REMOVING);
        }
        if (event instanceof ContainerRemoved) {
            return state.withStatus(ContainerStatus.REMOVED);
        }
        return state; // a declined restart changes nothing
    }
}
