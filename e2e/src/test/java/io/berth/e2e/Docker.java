package io.berth.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands (the real docker CLI, curl, tar) the way a user would, with a bounded wait. */
final class Docker {
    record Result(int exit, String output) {
    }

    private Docker() {
    }

    static Result docker(Platform platform, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + platform.gatewayPort,
                "DOCKER_CONFIG", platform.dataRoot.resolve("docker-cli").toString()));
    }

    static Result run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        // Read on another thread: a command that hangs must not hang the test past the bound below.
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s; it printed:\n"
                    + new String(out.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }
}
