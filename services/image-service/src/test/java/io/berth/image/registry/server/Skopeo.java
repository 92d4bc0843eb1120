package io.berth.image.registry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real skopeo binary, with a private HOME (its blob-info cache) and a bounded run time. Skips when absent. */
final class Skopeo {
    private static final Path BINARY = Path.of("/usr/bin/skopeo");
    private final Path home;

    Skopeo(Path home) {
        this.home = home;
    }

    static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY);
        if (!present) {
            System.out.println("skipping: " + BINARY + " is not installed (apt-get install skopeo)");
        }
        assumeTrue(present, BINARY + " is not installed");
    }

    record Result(int exitCode, String output) {
        Result ok() {
            assertEquals(0, exitCode, "skopeo failed:\n" + output);
            return this;
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_RUNTIME_DIR", home.toString());
        pb.environment().remove("REGISTRY_AUTH_FILE");
        Path log = Files.createTempFile(home, "skopeo-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("skopeo " + String.join(" ", args) + " did not finish within 120 s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
