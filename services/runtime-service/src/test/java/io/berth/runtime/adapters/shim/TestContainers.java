package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared fixture of the shim integration tests: a busybox rootfs, the extracted helper, bundles that are
 * cleaned up (processes killed, directories removed) after each test. Containers only ever mount inside
 * their own mount namespace, so killing them is all the host-side clean-up there is.
 */
final class TestContainers implements AutoCloseable {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String[] APPLETS = {
        "sh", "echo", "cat", "hostname", "ps", "sleep", "ls", "id", "env", "pwd", "true", "false", "grep", "wc"};

    final Path root;
    final Path rootfs;
    final Shim shim;
    private final List<Path> bundles = new ArrayList<>();

    private TestContainers(Path root) throws IOException {
        this.root = root;
        this.rootfs = root.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        for (String dir : new String[] {"etc", "proc", "dev", "sys", "tmp"}) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        this.shim = new Shim(ShimBinary.extractTo(root.resolve("helper")));
    }

    /** Skips the calling test (printing why) unless this runs as root with busybox available. */
    static TestContainers createOrSkip() throws IOException {
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        skipUnless(root, "shim integration tests need root (namespaces, mounts)");
        skipUnless(Files.isExecutable(BUSYBOX), "shim integration tests need a static " + BUSYBOX);
        skipUnless(ShimBinary.class.getResource(ShimBinary.RESOURCE) != null,
                "berth-shim was not compiled into the classes (build with Maven)");
        return new TestContainers(Files.createTempDirectory("berth-shim-it"));
    }

    static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    /** A spec running {@code sh -c script} as root with a new network and default settings. */
    ProcessSpec sh(String script) {
        return spec(List.of("sh", "-c", script));
    }

    ProcessSpec spec(List<String> args) {
        return new ProcessSpec(rootfs, "test-ctr", args, List.of("PATH=/bin"), "/", 0, 0, List.of(), false,
                NetworkMode.NEW, List.of(), List.of(), false);
    }

    Path newBundle() {
        Path bundle = root.resolve("bundles").resolve("b" + bundles.size());
        bundles.add(bundle);
        return bundle;
    }

    Launched launch(ProcessSpec spec) throws Exception {
        return shim.launch(newBundle(), spec);
    }

    /** Runs to completion; returns the bundle for its exit and logs. */
    Bundle run(ProcessSpec spec) throws Exception {
        Path bundle = newBundle();
        shim.launch(bundle, spec);
        Bundle b = new Bundle(bundle);
        awaitExit(b);
        return b;
    }

    static ExitStatus awaitExit(Bundle bundle) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<ExitStatus> exit = bundle.exit();
            if (exit.isPresent()) {
                return exit.get();
            }
            Thread.sleep(5);
        }
        return fail("no exit file in " + bundle.dir() + " after 10 s");
    }

    static String output(Bundle bundle, LogFrame.Stream stream) throws IOException {
        StringBuilder text = new StringBuilder();
        for (LogFrame frame : bundle.logs(0).read(Integer.MAX_VALUE)) {
            if (frame.stream() == stream) {
                text.append(new String(frame.data(), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    /** Pids of live processes whose command line mentions path (monitors carry their bundle path). */
    static List<Long> processesMentioning(Path path) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(path.toString())) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return pids;
    }

    @Override
    public void close() throws Exception {
        for (Path dir : bundles) {
            Bundle bundle = new Bundle(dir);
            Optional<Launched> launched = bundle.launched();
            if (launched.isPresent() && bundle.exit().isEmpty()) {
                Signals.send(launched.get().pid(), Signals.SIGKILL);
                awaitExit(bundle);
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
