package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor outlives the objects (and JVM) that started it; a fresh Bundle picks everything up. Needs root. */
class ShimReattachTest {
    private TestContainers containers;

    @BeforeEach
    void setUp() throws Exception {
        containers = TestContainers.createOrSkip();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    @Test
    void monitorIsDetachedKeepsLoggingAndAFreshBundleReattaches() throws Exception {
        Path dir = launchTicker();

        // nothing from the launch survives but the directory path: re-read it as a restarted service would
        Bundle bundle = new Bundle(dir);
        Launched launched = bundle.launched().orElseThrow();
        assertTrue(bundle.monitorAlive());
        assertNotEquals(ProcessHandle.current().pid(), parentOf(launched.monitorPid()), "monitor must not be our child");
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.pid() == launched.monitorPid()));
        System.out.println("monitor VmRSS: " + status(launched.monitorPid(), "VmRSS")
                + " (container init pid " + launched.pid() + ")");

        LogReader first = bundle.logs(0);
        List<LogFrame> initial = first.read(Integer.MAX_VALUE);
        for (int i = 0; i < 250 && initial.isEmpty(); i++) { // a busy machine may take a moment for the first tick
            Thread.sleep(20);
            initial = first.read(Integer.MAX_VALUE);
        }
        int before = lastTick(initial);
        Thread.sleep(300);
        LogReader next = new Bundle(dir).logs(first.offset());
        int after = lastTick(next.read(Integer.MAX_VALUE));
        assertTrue(after > before, "ticks continue after the reader restarts: " + before + " -> " + after);

        try (ExitWatcher watcher = new ExitWatcher()) {
            CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
            watcher.watch(dir, exited::complete);
            assertTrue(Signals.send(launched.pid(), Signals.parse("SIGKILL")));
            ExitStatus exit = exited.get(5, TimeUnit.SECONDS);
            assertEquals(137, exit.exitCode());
            assertEquals(9, exit.signal());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (bundle.monitorAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(bundle.monitorAlive(), "the monitor exits after writing the exit file");
    }

    @Test
    void exitWatcherFiresOnceForAnExitThatAlreadyHappened() throws Exception {
        Bundle done = containers.run(containers.sh("exit 4"));
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
        try (ExitWatcher watcher = new ExitWatcher()) {
            watcher.watch(done.dir(), status -> {
                calls.incrementAndGet();
                exited.complete(status);
            });
            assertEquals(4, exited.get(1, TimeUnit.SECONDS).exitCode());
            Thread.sleep(ExitWatcher.SWEEP_MILLIS + 200); // past one sweep: still only one call
        }
        assertEquals(1, calls.get());
    }

    @Test
    void shortContainerExitIsSeenQuickly() throws Exception {
        try (ExitWatcher watcher = new ExitWatcher()) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                Path dir = containers.newBundle();
                Files.createDirectories(dir);
                CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
                long start = System.nanoTime();
                watcher.watch(dir, exited::complete);
                containers.shim.launch(dir, containers.spec(List.of("true")));
                assertEquals(0, exited.get(5, TimeUnit.SECONDS).exitCode());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.println("launch of `true` until ExitWatcher callback: " + millis + " ms");
                best = Math.min(best, millis);
            }
            assertTrue(best < 150, "best launch-to-exit-callback time " + best + " ms");
        }
    }

    private Path launchTicker() throws Exception {
        Path dir = containers.newBundle();
        containers.shim.launch(dir, containers.sh("i=0; while true; do echo tick$i; i=$((i+1)); sleep 0.02; done"));
        return dir;
    }

    private static int lastTick(List<LogFrame> frames) {
        StringBuilder text = new StringBuilder();
        frames.forEach(f -> text.append(new String(f.data(), StandardCharsets.UTF_8)));
        Matcher m = Pattern.compile("tick(\\d+)").matcher(text);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        assertTrue(last >= 0, "some ticks were logged: " + text);
        return last;
    }

    private static long parentOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    private static String status(long pid, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElse("?").replaceAll("\\s+", " ");
    }
}
