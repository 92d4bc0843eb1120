package io.berth.runtime.adapters.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's bundle directory as the monitor leaves it; reading it needs nothing else, which is how
 * runtime-service re-attaches to its containers after a restart. Files (formats in {@code berth-shim.h}):
 * {@code spec} (input), {@code state} (after a successful start), {@code log} (output frames),
 * {@code exit} (after the container ended). {@code state} and {@code exit} appear atomically.
 */
public final class Bundle {
    private final Path dir;

    public Bundle(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** The started process, once {@code state} exists. */
    public Optional<Launched> launched() throws IOException {
        Optional<KeyValueFile> state = KeyValueFile.read(dir.resolve("state"));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        KeyValueFile s = state.get();
        return Optional.of(new Launched(s.number("monitor_pid"), s.number("pid"), s.nanosSinceEpoch("started_at")));
    }

    /** How the container ended, once {@code exit} exists. */
    public Optional<ExitStatus> exit() throws IOException {
        Optional<KeyValueFile> exit = KeyValueFile.read(dir.resolve("exit"));
        if (exit.isEmpty()) {
            return Optional.empty();
        }
        KeyValueFile e = exit.get();
        return Optional.of(new ExitStatus((int) e.number("exit_code"), (int) e.number("signal"),
                e.nanosSinceEpoch("finished_at")));
    }

    /** Output chunks the monitor could not write to the log (disk full, I/O error); 0 until the exit file exists. */
    public long logDrops() throws IOException {
        Optional<KeyValueFile> exit = KeyValueFile.read(dir.resolve("exit"));
        return exit.isPresent() ? exit.get().number("log_drops") : 0;
    }

    /**
     * Whether this bundle's monitor process still runs. The pid alone could have been reused, so the
     * process must also be {@code berth-shim} invoked with this very bundle directory.
     */
    public boolean monitorAlive() throws IOException {
        Optional<Launched> launched = launched();
        if (launched.isEmpty()) {
            return false;
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(launched.get().monitorPid()), "cmdline"));
        } catch (NoSuchFileException e) {
            return false;
        }
        String[] argv = new String(cmdline, StandardCharsets.UTF_8).split("\0");
        return argv.length == 2 && argv[0].endsWith(ShimBinary.RESOURCE) && argv[1].equals(dir.toString());
    }

    /** A reader of the container's output starting at {@code fromOffset} (0 for the beginning). */
    public LogReader logs(long fromOffset) {
        return new LogReader(dir.resolve("log"), fromOffset);
    }
}
