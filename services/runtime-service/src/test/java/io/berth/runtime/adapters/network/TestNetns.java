package io.berth.runtime.adapters.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with only {@code lo} up, made without Berth's C helper: {@code unshare --net} runs a
 * {@code sleep} that holds it, and servers join it with {@code nsenter}. Tests may fork; production never does.
 */
final class TestNetns implements AutoCloseable {
    private static final long START_MILLIS = 5000;

    private final Process holder;
    private final List<Process> servers = new ArrayList<>();

    TestNetns() throws IOException, InterruptedException {
        holder = new ProcessBuilder("unshare", "--net", "sh", "-c", "ip link set lo up && exec sleep 600")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // The shell execs sleep only after lo is up, so seeing "sleep" means the namespace is ready.
        awaitCondition(() -> "sleep".equals(read(Path.of("/proc", String.valueOf(holder.pid()), "comm"))),
                "unshare --net did not bring lo up");
    }

    /** Whether this host can run the test: root, and the tools the namespace is built with. */
    static String missingRequirement() {
        if (!read(Path.of("/proc/self/status")).lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"))) {
            return "needs root (setns and unshare --net)";
        }
        for (String tool : List.of("unshare", "nsenter", "busybox", "ip")) {
            if (!onPath(tool)) {
                return "needs " + tool + " on PATH";
            }
        }
        return null;
    }

    static boolean onPath(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    Path netnsFile() {
        return Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
    }

    /** Runs {@code command} inside the namespace and waits until it listens on {@code port} ("tcp" or "udp"). */
    void serve(String protocol, int port, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + netnsFile()));
        argv.addAll(List.of(command));
        servers.add(new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        Path net = Path.of("/proc", String.valueOf(holder.pid()), "net");
        // Column 2 is local address:port, column 4 the state; 0A is LISTEN for TCP, 07 is a bound UDP socket.
        // Servers may listen on a dual-stack socket, which only the *6 table lists.
        String state = protocol.equals("tcp") ? " 0A " : " 07 ";
        awaitCondition(() -> (read(net.resolve(protocol)) + "\n" + read(net.resolve(protocol + "6"))).lines()
                        .anyMatch(l -> l.contains(hexPort) && l.contains(state)),
                String.join(" ", command) + " did not listen on " + protocol + " port " + port);
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitCondition(Condition c, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + START_MILLIS + " ms");
            }
            Thread.sleep(20);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<Process> all = new ArrayList<>(servers);
        all.add(holder);
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
