package io.berth.infra;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Signals the JDK cannot send (ProcessHandle only knows SIGTERM and SIGKILL), and bounded process stops. */
final class Signals {
    private Signals() {
    }

    /**
     * Stops a postmaster with SIGINT (PostgreSQL's fast shutdown: unlike SIGTERM's smart mode it does not wait
     * for clients to disconnect), then SIGKILL for it and its backends once {@code timeout} has passed.
     */
    static void stopPostmaster(ProcessHandle postmaster, Duration timeout) {
        if (!send(postmaster.pid(), "INT")) {
            postmaster.destroy();
        }
        if (awaitExit(postmaster, timeout)) {
            return;
        }
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        awaitExit(postmaster, Duration.ofSeconds(5));
        System.err.println("berth-launcher: PostgreSQL (pid " + postmaster.pid() + ") did not stop within "
                + timeout.toSeconds() + " s and was killed");
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static boolean send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
