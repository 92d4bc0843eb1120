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
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
