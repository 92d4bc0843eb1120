package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.container.ContainerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerWaitTest {
    private static final String ID = "5353d53c4a8a" + "0".repeat(52);

    @Test
    void notRunningAnswersAtOnceForAStoppedContainer() {
        ContainerWait w = ContainerWait.of(null);
        w.begin(Optional.of(Containers.exited(ID, "x", 7)));
        assertEquals(7, w.exitCode().join());
    }

    @Test
    void nextExitWaitsForTheExit() {
        ContainerWait w = ContainerWait.of("next-exit");
        w.begin(Optional.of(Containers.created(ID, "x")));
        w.on(new ContainerEvent.ContainerStarted(ID, 1, Instant.now(), List.of(), 0));
        assertFalse(w.exitCode().isDone());
        w.on(new ContainerEvent.ContainerExited(ID, 4, false, Instant.now()));
        assertEquals(4, w.exitCode().join());
    }

    @Test
    void removedAnswersWithTheLastExitOnceRemoved() {
        ContainerWait w = ContainerWait.of("removed");
        w.begin(Optional.of(Containers.running(ID, "x", Map.of())));
        w.on(new ContainerEvent.ContainerExited(ID, 3, false, Instant.now()));
        assertFalse(w.exitCode().isDone(), "--rm: the exit alone does not end the wait");
        w.on(new ContainerEvent.ContainerRemoved(ID));
        assertEquals(3, w.exitCode().join());
    }

    @Test
    void bodyAndConditionsAsDockerd() {
        assertEquals("{\"Error\":null,\"StatusCode\":4}\n", ContainerWait.body(4));
        assertEquals(400, assertThrows(DockerError.class, () -> ContainerWait.of("sometime")).status());
    }
}
