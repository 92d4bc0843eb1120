package io.berth.runtime.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerCommand.RecordExit;
import io.berth.contracts.container.ContainerCommand.RecordRemoval;
import io.berth.contracts.container.ContainerCommand.RecordStart;
import io.berth.contracts.container.ContainerCommand.RecordStartFailure;
import io.berth.contracts.container.ContainerCommand.KillContainer;
import io.berth.contracts.container.ContainerCommand.StopContainer;
import io.berth.contracts.container.ContainerCommand.RemoveContainer;
import io.berth.contracts.container.ContainerCommand.RenameContainer;
import io.berth.contracts.container.ContainerConfig;
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
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.RestartPolicy;
import io.berth.eventsourcing.testing.GivenWhenThen;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerDeciderTest {
    private static final String ID = "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99";
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    private static final ContainerConfig CONFIG = new ContainerConfig("busybox", null, List.of(), List.of(),
            List.of("true"), List.of(), "", "", "4f3c2a1b0e9d", null, null, null, null, false, false);

    private static HostSettings settings(RestartPolicy policy, boolean autoRemove) {
        return new HostSettings(List.of(), List.of(), "default", policy, autoRemove, 0, 0, 0, 0, 0, false);
    }

    private static ContainerCreated created(RestartPolicy policy) {
        return new ContainerCreated(ID, "node-a", "demo", CONFIG, settings(policy, false), T0);
    }

    private static ContainerStarted started(int count, Instant at) {
        return new ContainerStarted(ID, 42, at, List.of(), count);
    }

    private static GivenWhenThen<ContainerCommand, ContainerEvent, ContainerState> fixture() {
        return GivenWhenThen.of(new ContainerDecider(Clock.fixed(T0, ZoneOffset.UTC)));
    }

    @Test
    void givenNothing_whenCreate_thenCreatedAtTheClocksTime() {
        ContainerState s = fixture()
                .when(new CreateContainer(ID, "node-a", "demo", CONFIG, settings(RestartPolicy.NO, false)))
                .then(created(RestartPolicy.NO));
        assertEquals(ContainerStatus.CREATED, s.status());
    }

    @Test
    void givenCreated_whenCreateAgain_thenRejected() {
        fixture().given(created(RestartPolicy.NO))
                .when(new CreateContainer(ID, "node-a", "demo", CONFIG, settings(RestartPolicy.NO, false)))
                .thenRejected("container.exists");
    }

    @Test
    void givenCreated_whenStarted_thenRunningWithRestartCountZero() {
        ContainerState s = fixture().given(created(RestartPolicy.NO))
                .when(new RecordStart(ID, 42, T0, List.of(), false))
                .then(started(0, T0));
        assertEquals(ContainerStatus.RUNNING, s.status());
        assertEquals(42, s.pid());
    }

    @Test
    void givenRunning_whenStartedAgain_thenNothing() {
        fixture().given(created(RestartPolicy.NO), started(0, T0))
                .when(new RecordStart(ID, 43, T0, List.of(), false)).then();
    }

    @Test
    void givenCreated_whenStartFailed_thenStaysCreatedWithTheExitCodeAndError() {
        ContainerState s = fixture().given(created(RestartPolicy.NO))
                .when(new RecordStartFailure(ID, 127, "exec: \"nosuch\": executable file not found in $PATH"))
                .then(new ContainerStartFailed(ID, 127, "exec: \"nosuch\": executable file not found in $PATH"));
        assertEquals(ContainerStatus.CREATED, s.status());
        assertEquals(127, s.exitCode());
    }

    @Test
    void givenRunningWithPolicyNo_whenExit_thenExitedAndNoDecision() {
        ContainerState s = fixture().given(created(RestartPolicy.NO), started(0, T0))
                .when(new RecordExit(ID, 3, false, T0.plusSeconds(1)))
                .then(new ContainerExited(ID, 3, false, T0.plusSeconds(1)));
        assertEquals(ContainerStatus.EXITED, s.status());
        assertEquals(3, s.exitCode());
        assertEquals(0, s.pid());
    }

    @Test
    void givenExited_whenExitSeenAgainAfterAReattach_thenNothing() {
        fixture().given(created(RestartPolicy.NO), started(0, T0), new ContainerExited(ID, 3, false, T0))
                .when(new RecordExit(ID, 3, false, T0)).then();
    }

    @Test
    void givenAlways_whenExit_thenRestartIn100msThenDoublingWhileRunsAreShort() {
        RestartPolicy always = new RestartPolicy("always", 0);
        Instant end = T0.plusSeconds(1);
        ContainerState s = fixture().given(created(always), started(0, T0))
                .when(new RecordExit(ID, 0, false, end))
                .then(new ContainerExited(ID, 0, false, end),
                        new ContainerRestartScheduled(ID, 1, 100, "restart policy always: exited with code 0"));
        assertEquals(ContainerStatus.RESTARTING, s.status());

        fixture().given(created(always), started(0, T0), new ContainerExited(ID, 0, false, end),
                        new ContainerRestartScheduled(ID, 1, 100, "r"), started(1, end))
                .when(new RecordExit(ID, 1, false, end.plusMillis(500)))
                .then(new ContainerExited(ID, 1, false, end.plusMillis(500)),
                        new ContainerRestartScheduled(ID, 2, 200, "restart policy always: exited with code 1"));
    }

    @Test
    void backoffIsCappedAtOneMinuteAndResetAfterTenSecondsOfRunning() {
        RestartPolicy always = new RestartPolicy("always", 0);
        RestartDecision capped = RestartDecision.decide(always, 1, false, 12, 40_000, T0, T0.plusSeconds(1));
        assertEquals(60_000, capped.delayMillis());
        RestartDecision reset = RestartDecision.decide(always, 1, false, 12, 40_000, T0, T0.plusSeconds(10));
        assertEquals(100, reset.delayMillis());
        assertTrue(reset.reason().contains("backoff reset"), reset.reason());
    }

    @Test
    void givenOnFailure_whenExitZero_thenDeclined() {
        RestartPolicy onFailure = new RestartPolicy("on-failure", 0);
        fixture().given(created(onFailure), started(0, T0))
                .when(new RecordExit(ID, 0, false, T0))
                .then(new ContainerExited(ID, 0, false, T0),
                        new ContainerRestartDeclined(ID, "exited with code 0; on-failure restarts only on failure"));
    }

    @Test
    void givenOnFailureWithTwoRetriesUsed_whenItFailsAgain_thenDeclined() {
        RestartPolicy onFailure = new RestartPolicy("on-failure", 2);
        fixture().given(created(onFailure), started(0, T0), new ContainerExited(ID, 1, false, T0),
                        new ContainerRestartScheduled(ID, 1, 100, "r"), started(1, T0),
                        new ContainerExited(ID, 1, false, T0), new ContainerRestartScheduled(ID, 2, 200, "r"),
                        started(2, T0))
                .when(new RecordExit(ID, 1, false, T0))
                .then(new ContainerExited(ID, 1, false, T0),
                        new ContainerRestartDeclined(ID, "maximum retry count 2 reached"));
    }

    @Test
    void givenAlwaysAndAManualStop_whenExit_thenDeclined() {
        RestartPolicy always = new RestartPolicy("always", 0);
        fixture().given(created(always), started(0, T0), new ContainerStopRequested(ID, "SIGTERM", 10))
                .when(new RecordExit(ID, 143, false, T0))
                .then(new ContainerExited(ID, 143, false, T0), new ContainerRestartDeclined(ID, "stopped by the user"));
    }

    @Test
    void givenARestartPending_whenStopped_thenExitedAndTheRestartIsRefused() {
        RestartPolicy always = new RestartPolicy("always", 0);
        ContainerState s = fixture().given(created(always), started(0, T0), new ContainerExited(ID, 1, false, T0),
                        new ContainerRestartScheduled(ID, 1, 100, "r"))
                .when(new StopContainer(ID, null, null))
                .then(new ContainerStopRequested(ID, "SIGTERM", 10));
        assertEquals(ContainerStatus.EXITED, s.status());
        fixture().given(created(always), started(0, T0), new ContainerExited(ID, 1, false, T0),
                        new ContainerRestartScheduled(ID, 1, 100, "r"), new ContainerStopRequested(ID, "SIGTERM", 10))
                .when(new RecordStart(ID, 50, T0, List.of(), true))
                .thenRejected("container.restart-cancelled");
    }

    @Test
    void givenExitedAfterRestarts_whenStartedByHand_thenRestartCountResetAndStopForgotten() {
        RestartPolicy always = new RestartPolicy("always", 0);
        ContainerState s = fixture().given(created(always), started(0, T0), new ContainerExited(ID, 1, false, T0),
                        new ContainerRestartScheduled(ID, 1, 100, "r"), started(1, T0),
                        new ContainerStopRequested(ID, "SIGTERM", 10), new ContainerExited(ID, 143, false, T0))
                .when(new RecordStart(ID, 60, T0, List.of(), false))
                .then(new ContainerStarted(ID, 60, T0, List.of(), 0));
        assertEquals(false, s.manuallyStopped());
    }

    @Test
    void givenNotRunning_whenStopRequested_thenNothing() {
        fixture().given(created(RestartPolicy.NO)).when(new StopContainer(ID, null, 3)).then();
    }

    @Test
    void givenRunning_whenStoppedWithATimeout_thenStopRequestedWithIt() {
        fixture().given(created(RestartPolicy.NO), started(0, T0)).when(new StopContainer(ID, "SIGINT", 3))
                .then(new ContainerStopRequested(ID, "SIGINT", 3));
    }

    @Test
    void givenRunning_whenKilledWithSigkill_thenAManualStop_butSighupIsJustASignal() {
        fixture().given(created(RestartPolicy.NO), started(0, T0)).when(new KillContainer(ID, "SIGKILL"))
                .then(new ContainerStopRequested(ID, "SIGKILL", 0));
        fixture().given(created(RestartPolicy.NO), started(0, T0)).when(new KillContainer(ID, "SIGHUP")).then();
    }

    @Test
    void givenExited_whenKilled_thenDockersNotRunningConflict() {
        String message = fixture().given(created(RestartPolicy.NO), started(0, T0), new ContainerExited(ID, 0, false, T0))
                .when(new KillContainer(ID, "SIGKILL")).thenRejected("container.not-running");
        assertTrue(message.endsWith("is not running"), message);
    }

    @Test
    void givenRunning_whenRemoveWithoutForce_thenDockersConflict() {
        String message = fixture().given(created(RestartPolicy.NO), started(0, T0))
                .when(new RemoveContainer(ID, false)).thenRejected("container.running");
        assertTrue(message.startsWith("You cannot remove a running container " + ID), message);
    }

    @Test
    void givenRunning_whenForceRemoved_thenRemovingUntilTheExitAndTheRemovalAreRecorded() {
        ContainerState removing = fixture().given(created(new RestartPolicy("always", 0)), started(0, T0))
                .when(new RemoveContainer(ID, true)).then(new ContainerRemovalStarted(ID));
        assertEquals(ContainerStatus.REMOVING, removing.status());
        // the exit of a container being removed schedules no restart
        fixture().given(created(new RestartPolicy("always", 0)), started(0, T0), new ContainerRemovalStarted(ID))
                .when(new RecordExit(ID, 137, false, T0)).then(new ContainerExited(ID, 137, false, T0));
        fixture().given(created(RestartPolicy.NO), started(0, T0), new ContainerRemovalStarted(ID),
                        new ContainerExited(ID, 137, false, T0))
                .when(new RecordRemoval(ID)).then(new ContainerRemoved(ID));
    }

    @Test
    void givenRemoving_whenStarted_thenRejectedAsRemoving() {
        String message = fixture().given(created(RestartPolicy.NO), new ContainerRemovalStarted(ID))
                .when(new RecordStart(ID, 1, T0, List.of(), false)).thenRejected("container.removing");
        assertTrue(message.contains("marked for removal"), message);
    }

    @Test
    void givenRemoved_whenAnything_thenNoSuchContainer() {
        fixture().given(created(RestartPolicy.NO), new ContainerRemovalStarted(ID), new ContainerRemoved(ID))
                .when(new RenameContainer(ID, "x")).thenRejected("container.unknown");
        fixture().when(new RemoveContainer(ID, true)).thenRejected("container.unknown");
    }

    @Test
    void givenCreated_whenRenamed_thenRenamedFromTheOldName() {
        fixture().given(created(RestartPolicy.NO)).when(new RenameContainer(ID, "web"))
                .then(new ContainerRenamed(ID, "demo", "web"));
    }

    @Test
    void givenAutoRemove_whenExit_thenNoRestartDecision() {
        fixture().given(new ContainerCreated(ID, "node-a", "demo", CONFIG, settings(RestartPolicy.NO, true), T0), started(0, T0))
                .when(new RecordExit(ID, 0, false, T0)).then(new ContainerExited(ID, 0, false, T0));
    }
}
