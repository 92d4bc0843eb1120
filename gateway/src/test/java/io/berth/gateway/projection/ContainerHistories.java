package io.berth.gateway.projection;

import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.PublishedPort;
import io.berth.contracts.container.RestartPolicy;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.types.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Container events as a host appends them, for tests that feed the real topic. */
public final class ContainerHistories {
    public static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");
    public static final String IMAGE_ID = "sha256:" + "4c".repeat(32);

    private ContainerHistories() {
    }

    public static ContainerEvent.ContainerCreated created(String id, String name, Map<String, String> labels) {
        ContainerConfig config = new ContainerConfig("busybox:local", Digest.parse(IMAGE_ID), List.of(Digest.parse("sha256:" + "b2".repeat(32))),
                List.of(), List.of("sh", "-c", "echo out; exit 4"), List.of("PATH=/bin"), "", "", id.substring(0, 12), labels,
                List.of("80/tcp"), null, null, false, false);
        HostSettings settings = new HostSettings(List.of("/srv:/www:ro"), List.of(new HostSettings.PortBinding("80/tcp", "127.0.0.1", "0")),
                "default", new RestartPolicy("on-failure", 3), false, 64L << 20, 0, 0, 0, 0, false);
        return new ContainerEvent.ContainerCreated(id, "node-a", name, config, settings, T0);
    }

    public static ContainerEvent.ContainerStarted started(String id, int restartCount) {
        return new ContainerEvent.ContainerStarted(id, 4242, T0.plusSeconds(1), List.of(new PublishedPort(80, "tcp", "127.0.0.1", 32768)), restartCount);
    }

    public static ContainerEvent.ContainerExited exited(String id, int code) {
        return new ContainerEvent.ContainerExited(id, code, false, T0.plusSeconds(2));
    }

    public static Envelope<?> event(String id, long sequence, ContainerEvent e) {
        return new Envelope<>(UUID.randomUUID().toString(), MessageType.of(e.getClass()), AggregateType.CONTAINER, id, sequence,
                T0.plusSeconds(sequence), "test", null, "runtime-service", "node-a", e);
    }

    /** A fresh container id (64 hex) made from a seed, so tests can pick recognisable prefixes. */
    public static String newId() {
        return (UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "")).substring(0, 64);
    }
}
