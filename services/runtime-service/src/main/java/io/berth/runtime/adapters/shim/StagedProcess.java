package io.berth.runtime.adapters.shim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A container process set up by the helper and stopped right before its exec ({@link Shim#stage}): the
 * {@code docker create} half of a start, done ahead so that {@code docker start} only has to let it exec. Exactly
 * one of {@link #start()} and {@link #abort()} is called; not thread-safe.
 */
public final class StagedProcess {
    private static final long ABORT_WAIT_SECONDS = 10;

    private final Process helper;
    private final BufferedReader output;
    private final Path bundle;
    private final long monitorPid;
    private final long pid;

    StagedProcess(Process helper, BufferedReader output, Path bundle, long monitorPid, long pid) {
        this.helper = helper;
        this.output = output;
        this.bundle = bundle;
        this.monitorPid = monitorPid;
        this.pid = pid;
    }

    /** The container's init (pid 1 inside), as a pid of the host: it keeps this pid when it execs. */
    public long pid() {
        return pid;
    }

    public long monitorPid() {
        return monitorPid;
    }

    /** The helper process the JVM started, which waits for the word to start. */
    Process helper() {
        return helper;
    }

    /**
     * Lets the container's process exec; returns once it has.
     *
     * @throws LaunchFailedException when the exec failed (nothing is left running)
     * @throws IOException           when the helper cannot be told or its answer is unreadable
     */
    public Launched start() throws LaunchFailedException, IOException {
        try (OutputStream in = helper.getOutputStream()) {
            in.write("start\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the helper is gone (killed from outside): its output and exit status say what happened
        }
        String line = output.readLine();
        if (line != null && line.startsWith("ok\t")) {
            output.close(); // the helper exits now; the JDK reaps it: no need to wait for that
            return Shim.parse(line, 0, bundle);
        }
        String rest = line == null ? "" : line + "\n" + rest(output);
        return Shim.parse(rest, Shim.waitFor(helper), bundle);
    }

    /** Kills the staged process and waits (bounded) until the helper has reaped it; nothing ran. */
    public void abort() {
        try {
            helper.getOutputStream().close();
            if (!helper.waitFor(ABORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                helper.destroyForcibly(); // the monitor then sees the start pipe close and kills init
            }
            output.close();
        } catch (IOException e) {
            // closing our end is all the helper needs to be told
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rest(BufferedReader output) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[512];
        for (int n; (n = output.read(buffer)) >= 0; ) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }
}
