package io.berth.runtime.adapters.shim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Starts container processes through the init helper ({@code berth-shim}), the only code in Berth that
 * forks. The JVM runs the helper with {@link ProcessBuilder} and reads its one or two lines; everything after that
 * (logs, exit) is read from the bundle directory, so it survives a restart of the JVM ({@link Bundle}).
 *
 * <h2>Protocol with the helper (mirrors {@code src/main/c/berth-shim.h})</h2>
 * <ol>
 *   <li>Java writes {@code <bundle>/spec} ({@link SpecWriter}) and runs {@code berth-shim <bundle>}.</li>
 *   <li>The helper (the "invoker") forks a monitor, which calls {@code setsid()}, points its stdio at
 *       {@code /dev/null} and so outlives the JVM. The monitor clones the container init into new
 *       pid/mount/uts/ipc (and net, unless {@link NetworkMode#HOST}) namespaces, writes its pid into each
 *       {@code cgroup.procs} file, then releases it over a sync pipe.</li>
 *   <li>The init sets up mounts, pivots into the rootfs, drops identity and capabilities, says "ready" and
 *       waits; the invoker prints {@code ready\t<monitor pid>\t<pid>} and reads its stdin ({@link #stage}).
 *       A failing step sends (step, errno, path) over a close-on-exec pipe instead.</li>
 *   <li>On {@code start\n} (written at once by {@link #launch}, later by {@link StagedProcess#start}) init
 *       execs; EOF on the error pipe means the exec worked. The monitor writes {@code <bundle>/state} and
 *       tells the invoker, which prints its last line and exits: {@code ok\t<monitor pid>\t<pid>\t<started ns>}
 *       (exit 0) or {@code error\t<exit code>\t<step>\t<errno>\t<strerror>\t<path>} (exit 127, 126 or 128;
 *       the path is last and may contain tabs). On stdin's EOF instead it kills init and prints
 *       {@code aborted}. After a failure or an abort nothing is left running.</li>
 *   <li>The monitor appends the container's stdout/stderr to {@code <bundle>/log} ({@link LogReader}) and,
 *       when the init has exited, writes {@code <bundle>/exit} ({@link ExitWatcher}).</li>
 * </ol>
 */
public final class Shim {
    static final String HELPER_ERRORS = "shim-stderr";
    private static final String READY = "ready\t";

    private final Path helper;

    /** @param helper the extracted helper binary ({@link ShimBinary#extractTo}) */
    public Shim(Path helper) {
        this.helper = Objects.requireNonNull(helper, "helper");
    }

    /**
     * Starts the container process described by {@code spec}, using {@code bundleDir} (created when missing)
     * for its spec, state, log and exit files. Returns once the entrypoint has been exec'd.
     *
     * @throws LaunchFailedException when a setup step or the exec failed (nothing is left running)
     * @throws IOException           when the bundle cannot be written or the helper cannot be run
     */
    public Launched launch(Path bundleDir, ProcessSpec spec) throws LaunchFailedException, IOException {
        return stage(bundleDir, spec).start();
    }

    /**
     * Sets the container process up (namespaces, cgroups, mounts, identity) and returns with it stopped right
     * before its exec; {@link StagedProcess#start()} execs it, {@link StagedProcess#abort()} kills it. If this JVM
     * dies first, the helper kills it: a staged process never outlives the JVM.
     *
     * @throws LaunchFailedException when a setup step failed (nothing is left running)
     * @throws IOException           when the bundle cannot be written or the helper cannot be run
     */
    public StagedProcess stage(Path bundleDir, ProcessSpec spec) throws LaunchFailedException, IOException {
        Path bundle = bundleDir.toAbsolutePath().normalize();
        Files.createDirectories(bundle);
        SpecWriter.write(bundle.resolve("spec"), spec);
        Process process = new ProcessBuilder(helper.toString(), bundle.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(bundle.resolve(HELPER_ERRORS).toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first != null && first.startsWith(READY)) {
            String[] f = first.split("\t");
            return new StagedProcess(process, out, bundle, Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
        process.getOutputStream().close();
        String output = first == null ? "" : first + "\n" + StagedProcess.rest(out);
        Launched impossible = parse(output, waitFor(process), bundle); // throws: only a failure comes before "ready"
        throw new IOException("berth-shim reported a start before it was told to: " + impossible);
    }

    static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for berth-shim", e);
        }
    }

    static Launched parse(String output, int helperExit, Path bundle) throws LaunchFailedException, IOException {
        String line = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        if (line.startsWith("ok\t") && helperExit == 0) {
            String[] f = line.split("\t");
            if (f.length == 4) {
                return new Launched(Long.parseLong(f[1]), Long.parseLong(f[2]), nanos(Long.parseLong(f[3])));
            }
        }
        if (line.startsWith("error\t")) {
            String[] f = line.split("\t", 6);
            if (f.length == 6) {
                throw new LaunchFailedException(f[2], Integer.parseInt(f[3]), f[4], f[5], Integer.parseInt(f[1]));
            }
        }
        throw new IOException("berth-shim exited with " + helperExit + " and printed an unexpected line: \""
                + line + "\" (its stderr is in " + bundle.resolve(HELPER_ERRORS) + ")");
    }

    static Instant nanos(long nanosSinceEpoch) {
        return Instant.ofEpochSecond(Math.floorDiv(nanosSinceEpoch, 1_000_000_000L),
                Math.floorMod(nanosSinceEpoch, 1_000_000_000L));
    }
}
