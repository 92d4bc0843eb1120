package io.berth.gateway.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.gateway.projection.HostsQuery.Host;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostChoiceTest {
    private static Host host(String id, String status, boolean cordoned) {
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        return new Host(id, status, cordoned, id, "6.1", "v2", 4, 8L << 30, "Debian", "amd64", t, t, t, 1, 3000, "http://127.0.0.1:28081");
    }

    @Test
    void theUpHostWithFewestContainersWins() {
        List<Host> hosts = List.of(host("a", "up", false), host("b", "up", false), host("c", "up", false));
        assertEquals("b", HostChoice.choose(hosts, Map.of("a", 3L, "b", 1L, "c", 2L)).orElseThrow().id());
    }

    @Test
    void aHostWithNoContainersCountsAsZero() {
        List<Host> hosts = List.of(host("a", "up", false), host("b", "up", false));
        assertEquals("b", HostChoice.choose(hosts, Map.of("a", 1L)).orElseThrow().id());
    }

    @Test
    void tiesGoToTheFirstHostId() {
        List<Host> hosts = List.of(host("b", "up", false), host("a", "up", false));
        assertEquals("a", HostChoice.choose(hosts, Map.of()).orElseThrow().id());
    }

    @Test
    void downLeftAndCordonedHostsAreSkipped() {
        List<Host> hosts = List.of(host("a", "down", false), host("b", "left", false), host("c", "up", true), host("d", "up", false));
        assertEquals("d", HostChoice.choose(hosts, Map.of("d", 50L)).orElseThrow().id());
    }

    @Test
    void noUsableHostIsEmptyWithAReason() {
        List<Host> hosts = List.of(host("a", "down", false), host("c", "up", true));
        assertTrue(HostChoice.choose(hosts, Map.of()).isEmpty());
        assertEquals("no Berth host can take the container: 1 of 2 hosts up, 1 of those cordoned", HostChoice.noHostReason(hosts));
        assertTrue(HostChoice.noHostReason(List.of()).startsWith("no Berth host has joined"));
    }
}
