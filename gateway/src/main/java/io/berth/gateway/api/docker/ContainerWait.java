package io.berth.gateway.api.docker;

import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerExited;
import io.berth.contracts.container.ContainerEvent.ContainerRemoved;
import io.berth.contracts.container.ContainerEvent.ContainerStartFailed;
import io.berth.gateway.projection.ContainersQuery.Container;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code docker wait}: the condition ({@code not-running}, {@code next-exit}, {@code removed}) judged against
 * the container's state when the wait began and each event that follows. Completes with the exit code.
 */
final class ContainerWait {
    private final String condition;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile int lastExitCode;

    private ContainerWait(String condition) {
        this.condition = condition;
    }

    static ContainerWait of(String condition) {
        String c = condition == null || condition.isEmpty() ? "not-running" : condition;
        if (!c.equals("not-running") && !c.equals("next-exit") && !c.equals("removed")) {
            throw new DockerError(400, "invalid condition: \"" + c + "\"");
        }
        return new ContainerWait(c);
    }

    CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** The state read after listening began; empty when the container is already gone. */
    void begin(Optional<Container> now) {
        if (now.isEmpty()) {
            exitCode.complete(lastExitCode);
            return;
        }
        lastExitCode = now.get().exitCode();
        if (condition.equals("not-running") && !now.get().running()) {
            exitCode.complete(lastExitCode);
        }
    }

    void on(ContainerEvent e) {
        if (e instanceof ContainerExited x) {
            lastExitCode = x.exitCode();
        } else if (e instanceof ContainerStartFailed f) {
            lastExitCode = f.exitCode();
        }
        boolean exited = e instanceof ContainerExited || e instanceof ContainerStartFailed;
        if ((exited && !condition.equals("removed")) || e instanceof ContainerRemoved) {
            exitCode.complete(lastExitCode);
        }
    }

    /** Docker's wait body, exactly: {@code {"Error":null,"StatusCode":n}}. */
    static String body(int exitCode) {
        return "{\"Error\":null,\"StatusCode\":" + exitCode + "}\n";
    }
}
