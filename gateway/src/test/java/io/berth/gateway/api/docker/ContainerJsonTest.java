package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.gateway.projection.ContainersQuery.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes of 07-run-detached.txt: ps rows, their human status, inspect's State and ports. */
class ContainerJsonTest {
    private final Container demo = Containers.running("5353d53c4a8a" + "0".repeat(52), "demo", Map.of());
    private final Container exited = Containers.exited("ddcc5cd40e53" + "0".repeat(52), "demo-exited", 7);

    @Test
    void statusTextIsDockers() {
        assertEquals("Up Less than a second", ContainerStatusText.of(demo, Containers.T0.plusMillis(300)));
        assertEquals("Up 1 second", ContainerStatusText.of(demo, Containers.T0.plusMillis(1500)));
        assertEquals("Exited (7) 1 second ago", ContainerStatusText.of(exited, Containers.T0.plusSeconds(2)));
        assertEquals("Created", ContainerStatusText.of(Containers.created("a".repeat(64), "c"), Containers.T0));
        assertEquals("About a minute", ContainerStatusText.humanDuration(Duration.ofSeconds(100)));
        assertEquals("About an hour", ContainerStatusText.humanDuration(Duration.ofMinutes(80)));
        assertEquals("2 hours", ContainerStatusText.humanDuration(Duration.ofMinutes(100)));
        assertEquals("3 days", ContainerStatusText.humanDuration(Duration.ofHours(80)));
    }

    @Test
    void psRowOfARunningContainer() {
        Map<String, Object> row = ContainerJson.summary(demo, Containers.T0.plusSeconds(1), false);
        assertEquals(List.of("/demo"), row.get("Names"));
        assertEquals("sleep 1000", row.get("Command"));
        assertEquals(Containers.T0.getEpochSecond(), row.get("Created"));
        assertEquals(List.of(Map.of("IP", "127.0.0.1", "PrivatePort", 80, "PublicPort", 5001, "Type", "tcp")), row.get("Ports"));
        assertEquals("running", row.get("State"));
        assertEquals("Up 1 second", row.get("Status"));
    }

    @Test
    void psQuotesArgumentsWithSpacesAndStoppedContainersHaveNoPorts() {
        Map<String, Object> row = ContainerJson.summary(exited, Containers.T0.plusSeconds(2), false);
        assertEquals("sh -c 'exit 7'", row.get("Command"));
        assertEquals(List.of(), row.get("Ports"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectStateAndPorts() {
        Map<String, Object> doc = ContainerJson.inspect(demo);
        assertEquals("sleep", doc.get("Path"));
        assertEquals(List.of("1000"), doc.get("Args"));
        assertEquals("/demo", doc.get("Name"));
        Map<String, Object> state = (Map<String, Object>) doc.get("State");
        assertEquals("running", state.get("Status"));
        assertEquals(true, state.get("Running"));
        assertEquals(ContainerJson.ZERO_TIME, state.get("FinishedAt"));
        Map<String, Object> ports = (Map<String, Object>) ((Map<String, Object>) doc.get("NetworkSettings")).get("Ports");
        assertEquals(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "5001"))), ports);
        Map<String, Object> hostConfig = (Map<String, Object>) doc.get("HostConfig");
        assertEquals(Map.of("Name", "always", "MaximumRetryCount", 0), hostConfig.get("RestartPolicy"));
        assertEquals(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "5001"))), hostConfig.get("PortBindings"));
    }
}
