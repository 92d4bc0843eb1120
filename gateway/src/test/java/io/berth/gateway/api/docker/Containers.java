package io.berth.gateway.api.docker;

import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.PublishedPort;
import io.berth.contracts.container.RestartPolicy;
import io.berth.gateway.projection.ContainersQuery.Container;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Containers as the view shows them, for unit tests. */
final class Containers {
    static final Instant T0 = Instant.parse("2026-11-28T08:22:35Z");

    private Containers() {
    }

    static Container running(String id, String name, Map<String, String> labels) {
        return new Container(id, name, "node-a", "busybox:local", "sha256:" + "4c".repeat(32), config(labels, List.of("sleep", "1000")),
                settings(), "running", 42, 0, "", false, T0, null, 0, 1, false,
                List.of(new PublishedPort(80, "tcp", "127.0.0.1", 5001)), T0);
    }

    static Container exited(String id, String name, int exitCode) {
        return new Container(id, name, "node-a", "busybox:local", "sha256:" + "4c".repeat(32), config(Map.of(), List.of("sh", "-c", "exit 7")),
                settings(), "exited", 0, exitCode, "", false, T0, T0.plusSeconds(1), 0, 1, false, List.of(), T0);
    }

    static Container created(String id, String name) {
        return new Container(id, name, "node-a", "alpine", "sha256:" + "aa".repeat(32), config(Map.of(), List.of("true")),
                settings(), "created", 0, 0, "", false, null, null, 0, 0, false, List.of(), T0);
    }

    private static ContainerConfig config(Map<String, String> labels, List<String> cmd) {
        return new ContainerConfig("busybox:local", null, List.of(), List.of(), cmd, List.of(), "", "", "5353d53c4a8a", labels,
                List.of("80/tcp"), null, null, false, false);
    }

    private static HostSettings settings() {
        return new HostSettings(List.of(), List.of(new HostSettings.PortBinding("80/tcp", "127.0.0.1", "5001")), "default",
                new RestartPolicy("always", 0), false, 0, 0, 0, 0, 0, false);
    }
}
