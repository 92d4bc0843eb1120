package io.berth.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One Berth service the launcher runs: which jar, on which port, with which database and data dir, how it compiles. */
record ServiceSpec(String name, Path jar, int port, String database, Path dataDir, Path log, String hostId, JitProfile jit) {
    static final int RUNTIME_PORT = 28081;

    /** gateway, runtime-service (one per host), image-service, build-service, log-service. */
    static List<ServiceSpec> all(LauncherOptions options) {
        List<ServiceSpec> specs = new ArrayList<>();
        specs.add(of(options, "gateway", "gateway", options.gatewayPort(), "berth_gateway", null, JitProfile.QUICK));
        for (int host = 1; host <= options.runtimeHosts(); host++) {
            // Host 1 keeps the plain name and lets the service derive its own host id; extra hosts get explicit ids.
            String name = host == 1 ? "runtime-service" : "runtime-service-" + host;
            specs.add(of(options, name, "services/runtime-service", RUNTIME_PORT + 10 * (host - 1), "berth_runtime",
                    host == 1 ? null : "host-" + host, JitProfile.QUICK_BUT_HOT_LOOPS));
        }
        specs.add(of(options, "image-service", "services/image-service", 28082, "berth_image", null, JitProfile.QUICK_BUT_HOT_LOOPS));
        specs.add(of(options, "build-service", "services/build-service", 28083, "berth_build", null, JitProfile.FULL));
        specs.add(of(options, "log-service", "services/log-service", 28084, "berth_log", null, JitProfile.QUICK));
        return specs;
    }

    private static ServiceSpec of(LauncherOptions options, String name, String module, int port, String database,
            String hostId, JitProfile jit) {
        Path jar = options.repo().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        return new ServiceSpec(name, jar, port, database, options.dataRoot().resolve(name),
                options.dataRoot().resolve("logs").resolve(name + ".log"), hostId, jit);
    }

    String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }
}
