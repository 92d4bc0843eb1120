package io.berth.runtime.application.containers;

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
import io.berth.contracts.container.ContainerEvent.ContainerRestartScheduled;
import io.berth.contracts.container.ContainerEvent.ContainerStopRequested;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.outcome.CommandOutcome.CommandRejected;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.Rejection;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.command.AggregateRepository.Handled;
import io.berth.eventsourcing.command.CommandHandler;
import io.berth.eventsourcing.log.ConsumedOffsets;
import io.berth.runtime.adapters.shim.Bundle;
import io.berth.runtime.adapters.shim.ExitStatus;
import io.berth.runtime.adapters.shim.ExitWatcher;
import io.berth.runtime.adapters.shim.Signals;
import io.berth.runtime.domain.ContainerDecider;
import io.berth.runtime.domain.ContainerState;
import io.berth.runtime.domain.ContainerStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The host's side of its containers: it answers container commands by acting on the machine first (through
 * {@link ContainerRuntime}) and recording what happened through the container aggregate, and it records what the
 * machine does on its own — exits, restarts by policy, {@code --rm} removals.
 *
 * <p>Everything runs on one thread, so a container is never started, stopped and removed at the same time; the
 * command consumer waits for each answer. The monitors hold the containers, not this JVM: after a restart,
 * {@link #reattach()} finds every container from its bundle and the event log, records exits that happened while it
 * was away (restart policies apply to them), and resumes watching and shipping output.
 */
public final class ContainerAgent implements CommandHandler<ContainerCommand>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ContainerAgent.class);
    private static final String ACTOR = "runtime-service";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /**
     * How long a start waits for its process to end before recording the start alone. A command like {@code true}
     * ends within a millisecond of its exec; recording its start, exit and removal in one transaction saves a round
     * of the log (~15 ms), so waiting this long costs a long-running container little and gains a short one much.
     */
    private static final Duration QUICK_EXIT = Duration.ofMillis(3);

    private final String hostId;
    private final AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> containers;
    private final ContainerRuntime runtime;
    private final LogShipper logs;
    private final ExitWatcher exits;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "containers"));

    public ContainerAgent(String hostId, AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> containers,
                          ContainerRuntime runtime, LogShipper logs, ExitWatcher exits) {
        this.hostId = hostId;
        this.containers = containers;
        this.runtime = runtime;
        this.logs = logs;
        this.exits = exits;
    }

    @Override
    public CompletableFuture<?> handle(Envelope<ContainerCommand> command, ConsumedOffsets input) {
        return CompletableFuture.supplyAsync(() -> dispatch(command, input), thread);
    }

    @Override
    public void forgetAll() {
        containers.forgetAll();
    }

    private Handled<ContainerEvent> dispatch(Envelope<ContainerCommand> command, ConsumedOffsets input) {
        ContainerCommand c = command.payload();
        try {
            if (c instanceof CreateContainer create) {
                return create(command, create, input);
            }
            if (c instanceof StartContainer) {
                return start(command, input);
            }
            if (c instanceof StopContainer stop) {
                return stop(command, stop, input);
            }
            if (c instanceof KillContainer kill) {
                return kill(command, kill, input);
            }
            if (c instanceof RemoveContainer) {
                Handled<ContainerEvent> h = containers.handle(command, input).join();
                if (!(h.outcome() instanceof CommandRejected)) {
                    removeNow(c.containerId());
                }
                return h;
            }
            if (c instanceof RenameContainer) {
                return containers.handle(command, input).join();
            }
            return containers.reject(command, input, new Rejection("container.internal",
                    command.type() + " is recorded by the host itself and cannot be sent")).join();
        } catch (Rejection r) {
            return containers.reject(command, input, r).join();
        }
    }

    private Handled<ContainerEvent> create(Envelope<ContainerCommand> command, CreateContainer c, ConsumedOffsets input) {
        // The gateway mints a random 256-bit id for each create, and a create read from the topic was never
        // committed before (its offset commits with its events): no history to read back.
        containers.assumeNew(c.containerId());
        if (state(c.containerId()).status() != ContainerStatus.NONE) {
            return containers.handle(command, input).join(); // the decider answers "exists"
        }
        try {
            runtime.prepare(c.containerId(), c.config(), c.hostSettings());
        } catch (Rejection r) {
            runtime.discard(c.containerId());
            throw r;
        }
        Handled<ContainerEvent> h = containers.handle(command, input).join();
        if (h.outcome() instanceof CommandRejected) {
            runtime.discard(c.containerId());
        } else {
            thread.execute(() -> stage(c.containerId())); // after the answer, before the next command
        }
        return h;
    }

    /** Sets a created container's process up while its {@code docker start} is on its way (the CLI sends it next). */
    private void stage(String id) {
        ContainerState s = state(id);
        if (s.status() == ContainerStatus.CREATED) {
            runtime.stage(s);
        }
    }

    private Handled<ContainerEvent> start(Envelope<ContainerCommand> command, ConsumedOffsets input) {
        String id = command.payload().containerId();
        ContainerState s = state(id);
        ContainerDecider.requireStartable(s, id);
        if (s.processRunning()) {
            return containers.handle(as(command, new RecordStart(id, s.pid(), s.startedAt(), s.ports(), false)), input).join();
        }
        if (input != null) {
            containers.sendOffsetsAhead(input); // while the launch runs
        }
        LaunchOutcome launched = runtime.launch(s);
        Envelope<ContainerCommand> record = as(command, recordOf(id, launched, false));
        if (launched.ok() && endsAtOnce(id)) {
            logs.follow(id, runtime.bundle(id), runtime.run(id));
            return recordEnd(s, record, input).get(0);
        }
        Handled<ContainerEvent> h = containers.handle(record, input).join();
        afterLaunch(id, s, launched, h);
        return h;
    }

    /** Whether the process has ended, or does within {@link #QUICK_EXIT}: then its start is recorded with its end. */
    private boolean endsAtOnce(String id) {
        try {
            return exits.exitsWithin(runtime.bundle(id).dir(), QUICK_EXIT);
        } catch (IOException e) {
            return false; // the watch that follows the start reports it
        }
    }

    private Handled<ContainerEvent> stop(Envelope<ContainerCommand> command, StopContainer stop, ConsumedOffsets input) {
        String signal = stop.signal() == null || stop.signal().isEmpty() ? null : canonicalSignal(stop.signal());
        ContainerState before = state(stop.containerId());
        Handled<ContainerEvent> h = containers.handle(
                as(command, new StopContainer(stop.containerId(), signal, stop.timeoutSeconds())), input).join();
        for (Envelope<ContainerEvent> e : h.events()) {
            if (e.payload() instanceof ContainerStopRequested r && before.processRunning()) {
                signal(before, r.signal());
                long pid = before.pid();
                thread.schedule(() -> killIfStillRunning(r.containerId(), pid), r.timeoutSeconds(), TimeUnit.SECONDS);
            }
        }
        return h;
    }

    private Handled<ContainerEvent> kill(Envelope<ContainerCommand> command, KillContainer kill, ConsumedOffsets input) {
        String signal = canonicalSignal(kill.signal() == null || kill.signal().isEmpty() ? "SIGKILL" : kill.signal());
        ContainerState before = state(kill.containerId());
        Handled<ContainerEvent> h = containers.handle(as(command, new KillContainer(kill.containerId(), signal)), input).join();
        if (!(h.outcome() instanceof CommandRejected)) {
            signal(before, signal);
        }
        return h;
    }

    private static String canonicalSignal(String text) {
        try {
            return Signals.canonicalName(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection("container.invalid-signal", e.getMessage());
        }
    }

    private void signal(ContainerState s, String signal) {
        try {
            Signals.send(s.pid(), Signals.parse(signal));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not send %s to container %s (pid %d): %s", signal, s.containerId(), s.pid(), e.toString());
        }
    }

    private void killIfStillRunning(String id, long pid) {
        ContainerState s = state(id);
        if (s.processRunning() && s.pid() == pid) {
            LOG.infof("container %s did not stop in time: SIGKILL", id);
            signal(s, "SIGKILL");
        }
    }

    // ---- what the machine does on its own ----------------------------------------------------------------

    private void afterLaunch(String id, ContainerState before, LaunchOutcome launched, Handled<ContainerEvent> h) {
        if (launched.ok()) {
            if (h.outcome() instanceof CommandRejected r) {
                LOG.errorf("container %s was launched but its start was refused (%s): stopping it", id, r.reason());
                runtime.kill(id, launched.launched().pid());
                return;
            }
            watch(id);
        } else if (before.hostSettings().autoRemove()) {
            removeNow(id); // docker run --rm with a process that could not run leaves nothing behind
        }
    }

    private void watch(String id) {
        Bundle bundle = runtime.bundle(id);
        logs.follow(id, bundle, runtime.run(id));
        try {
            exits.watch(bundle.dir(), status -> thread.execute(() -> onExit(id)));
        } catch (IOException e) {
            LOG.errorf("cannot watch container %s for its exit: %s", id, e);
        }
    }

    private void onExit(String id) {
        try {
            ContainerState s = state(id);
            if (!s.processRunning()) {
                return;
            }
            recordEnd(s, null, null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling the exit of container %s failed", id);
        }
    }

    /** {@code --rm} (Docker refuses it together with a restart policy), unless a {@code docker rm} is under way. */
    private static boolean removesItselfOnExit(ContainerState s) {
        return s.hostSettings().autoRemove() && s.status() != ContainerStatus.REMOVING;
    }

    /**
     * Records how a run ended and releases what it held. With {@code --rm} the exit and the removal are recorded in
     * one transaction (one round of the log instead of three: {@code docker run --rm} waits for it), then its rootfs
     * and writable layer go; a restart of runtime-service in between finds the bundle, which goes last, and removes
     * the leftovers. Otherwise the exit is recorded with the restart policy's decision. The run's last output is
     * shipped meanwhile: the attached CLI waits for it (its stream ends on RunEnded).
     *
     * @param start the run's start when it is recorded here too, first (a process that ended during its launch, such
     *              as {@code true}: one transaction for its whole life); null when the start is recorded already
     * @param input the offsets of the start command's record, committed with it; null for none
     * @return what each step produced, the start first when given
     */
    private List<Handled<ContainerEvent>> recordEnd(ContainerState s, Envelope<ContainerCommand> start, ConsumedOffsets input) {
        String id = s.containerId();
        RecordExit exit = exitOf(s);
        Future<?> shipped = finishRun(exit);
        boolean remove = removesItselfOnExit(s);
        List<Envelope<ContainerCommand>> steps = new ArrayList<>();
        if (start != null) {
            steps.add(start);
        }
        steps.add(local(exit));
        if (remove) {
            steps.add(local(new RemoveContainer(id, true)));
            steps.add(local(new RecordRemoval(id)));
        } else {
            logs.awaitRunEnded(id, shipped); // `docker logs` after the exit shows the whole run
            runtime.unmountRootfs(id);
        }
        List<Handled<ContainerEvent>> handled = containers.handleAll(steps, input).join();
        handled.stream().map(Handled::outcome).filter(CommandRejected.class::isInstance).map(CommandRejected.class::cast)
                .forEach(r -> LOG.warnf("recording the end of a run of container %s: %s", id, r.reason()));
        if (remove) {
            logs.awaitRunEnded(id, shipped);
            runtime.discard(id);
        } else {
            scheduleRestarts(id, handled.get(handled.size() - 1));
        }
        return handled;
    }

    private void scheduleRestarts(String id, Handled<ContainerEvent> exit) {
        for (Envelope<ContainerEvent> e : exit.events()) {
            if (e.payload() instanceof ContainerRestartScheduled r) {
                thread.schedule(() -> restartByPolicy(id), r.delayMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Starts shipping the run's last output and releases what the run held; the future tells when it is shipped. */
    private Future<?> finishRun(RecordExit exit) {
        String id = exit.containerId();
        Future<?> shipped = logs.endRunAsync(id, exit.exitCode());
        exits.unwatch(runtime.bundle(id).dir());
        runtime.releasePortsAndCgroup(id);
        return shipped;
    }

    /** How the run ended, as the monitor wrote it; read while the cgroup, which tells an OOM kill, still exists. */
    private RecordExit exitOf(ContainerState s) {
        String id = s.containerId();
        Optional<ExitStatus> status = runtime.exitStatus(id);
        int code = status.map(ExitStatus::exitCode).orElse(255);
        Instant finished = status.map(ExitStatus::finishedAt).orElse(Instant.now());
        return new RecordExit(id, code, runtime.oomKilled(id), finished);
    }

    private void restartByPolicy(String id) {
        try {
            ContainerState s = state(id);
            if (s.status() != ContainerStatus.RESTARTING) {
                return; // stopped or removed meanwhile
            }
            LaunchOutcome launched = runtime.launch(s);
            Handled<ContainerEvent> h = containers.handle(local(recordOf(id, launched, true)), null).join();
            afterLaunch(id, s, launched, h);
        } catch (RuntimeException e) {
            LOG.errorf(e, "restarting container %s failed", id);
        }
    }

    /** {@code docker rm} (forced or not, the checks are done), {@code --rm}: kill, release everything, record it. */
    private void removeNow(String id) {
        ContainerState s = state(id);
        if (s.status() == ContainerStatus.REMOVED || s.status() == ContainerStatus.NONE) {
            return;
        }
        if (s.status() != ContainerStatus.REMOVING) {
            Handled<ContainerEvent> h = containers.handle(local(new RemoveContainer(id, true)), null).join();
            if (h.outcome() instanceof CommandRejected r) {
                LOG.warnf("could not remove container %s: %s", id, r.reason());
                return;
            }
            s = state(id);
        }
        if (s.processRunning()) {
            runtime.kill(id, s.pid());
            runtime.awaitExit(id, KILL_WAIT);
            recordEnd(s, null, null);
        }
        runtime.discard(id);
        containers.handle(local(new RecordRemoval(id)), null).join();
    }

    // ---- after a restart of runtime-service -------------------------------------------------------------

    /** Picks up every container this host holds on disk; runs on the agent's thread before commands arrive. */
    public void reattach() {
        try {
            thread.submit(() -> {
                for (String id : runtime.knownContainers()) {
                    try {
                        reattach(id);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "re-attaching container %s failed", id);
                    }
                }
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.errorf(e.getCause(), "re-attaching containers failed");
        }
    }

    private void reattach(String id) {
        ContainerState s = state(id);
        if (!s.exists()) {
            LOG.infof("removing leftovers of container %s, which no longer exists", id);
            runtime.discard(id);
            return;
        }
        if (s.status() == ContainerStatus.REMOVING) {
            removeNow(id);
            return;
        }
        if (s.status() == ContainerStatus.RESTARTING) {
            thread.execute(() -> restartByPolicy(id));
            return;
        }
        if (!s.processRunning()) {
            runtime.releaseRun(id); // a process staged by the JVM before this one was killed with it: its mount stayed
            return;
        }
        if (runtime.exitStatus(id).isPresent() || !runtime.monitorAlive(id)) {
            LOG.infof("container %s exited while runtime-service was away", id);
            logs.follow(id, runtime.bundle(id), runtime.run(id));
            if (runtime.exitStatus(id).isEmpty()) {
                runtime.kill(id, s.pid()); // its monitor is gone: nobody could capture or reap it any more
            }
            recordEnd(s, null, null);
            return;
        }
        runtime.republishPorts(s);
        watch(id);
        LOG.infof("re-attached to running container %s (pid %d)", id, s.pid());
    }

    /** On a clean shutdown without live restore, Docker stops the containers; the next start records the exits. */
    public void killAllRunning() {
        try {
            thread.submit(() -> {
                for (String id : runtime.knownContainers()) {
                    ContainerState s = state(id);
                    if (s.processRunning()) {
                        runtime.kill(id, s.pid());
                    }
                }
            }).get(KILL_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("stopping the containers at shutdown failed: %s", e.toString());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ContainerCommand recordOf(String id, LaunchOutcome launched, boolean restart) {
        return launched.ok()
                ? new RecordStart(id, launched.launched().pid(), launched.launched().startedAt(), launched.ports(), restart)
                : new RecordStartFailure(id, launched.failureExitCode(), launched.failure());
    }

    private ContainerState state(String id) {
        return containers.state(id).join();
    }

    /** The same command (same id, so a redelivery is recognised) carrying what the host did. */
    private static Envelope<ContainerCommand> as(Envelope<ContainerCommand> original, ContainerCommand payload) {
        return new Envelope<>(original.id(), MessageType.of(payload.getClass()), original.aggregateType(),
                original.aggregateId(), 0, original.time(), original.correlationId(), original.causationId(),
                original.actor(), original.host(), payload);
    }

    private Envelope<ContainerCommand> local(ContainerCommand payload) {
        return Envelopes.command(AggregateType.CONTAINER, payload.containerId(), ACTOR, hostId, payload);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
