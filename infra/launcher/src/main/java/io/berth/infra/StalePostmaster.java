package io.berth.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A postmaster left running by an earlier launcher that was killed (SIGKILL gives it no chance to stop
 * PostgreSQL). It still holds the data dir and its port, so it is stopped before starting a new one.
 */
final class StalePostmaster {
    private StalePostmaster() {
    }

    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // postgres itself treats an unreadable lock file as stale
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        // The pid may have been reused by an unrelated process since; only a postgres is ours to stop.
        if (process.isEmpty() || !isPostgres(pid)) {
            return;
        }
        System.err.println("berth-launcher: stopping stale PostgreSQL (pid " + pid + ") still running on " + dataDir);
        Signals.stopPostmaster(process.get(), Duration.ofSeconds(15));
        if (process.get().isAlive()) {
            throw new IllegalStateException("stale PostgreSQL (pid " + pid + ") on " + dataDir + " could not be stopped");
        }
    }

    private static boolean isPostgres(long pid) {
        try {
            // /proc/<pid>/comm works for processes of other users too (postgres runs as nobody when we are root).
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().startsWith("postgres");
        } catch (IOException e) {
            return false;
        }
    }
}
